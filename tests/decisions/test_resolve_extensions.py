"""Extension requests on seed 000: an officer proposes a new target, merge asks, resolve approves or not."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from govsheet import api
from govsheet.audit import read_audit
from govsheet.decisions.pending import open_decisions_of
from govsheet.decisions.workbook import APPROVE, DECISIONS_SHEET, KEEP_TARGET, OTHER
from govsheet.importer.master import write_master
from govsheet.model.schema import Schema
from govsheet.schemas import load_schema
from tests.cli.helpers import invoke
from tests.decisions.conftest import fill
from tests.returns.helpers import actions_values, edit, small_tracker

CE = "Chief Executive"
REASON = "The peer review moved to the autumn"
BETWEEN = dt.date(2021, 6, 1)  # after the old target (March 2021), before the new one (December 2021)


@dataclass
class Asked:
    master: Path
    ret: Path
    decisions: Path
    return_id: str
    tmp: Path


def ask(master: Path, folder: Path, proposal: str, reason: str = REASON, *, name: str = "decisions.xlsx") -> Asked:
    """Issue the returns, let the Chief Executive propose a new target for action 2, merge with a decisions file."""
    issued = api.issue(master, folder)
    ret = next(Path(r.path) for r in issued.returns if r.owner == CE)
    edit(ret, {("2", "Proposed target"): proposal, ("2", "Reason for new target"): reason})
    decisions = folder.parent / name
    report = api.merge(master, [ret], decisions=decisions)
    return Asked(master, ret, decisions, report.returns[0].return_id, folder.parent)


@pytest.fixture
def asked(master: Callable[[str], Path], tmp_path: Path) -> Asked:
    return ask(master("ags-action-plan"), tmp_path / "returns", "December 2021")


def overdue(path: Path, today: dt.date) -> list[tuple[str | None, str | None]]:
    return [(p.key, p.where.cell) for p in api.validate(path, today=today).errors if p.code == "overdue"]


def history(line_date: dt.date, who: str, reason: str, old: str = "March 2021", new: str = "December 2021") -> str:
    return f"{old} → {new}, approved {line_date.day} {line_date:%B %Y} by {who}: {reason}"


def test_a_proposal_is_a_request_the_target_is_not_changed(master: Callable[[str], Path], tmp_path: Path) -> None:
    path = master("ags-action-plan")
    assert ("2", "E8") in overdue(path, BETWEEN)
    issued = api.issue(path, tmp_path / "returns")
    ret = next(Path(r.path) for r in issued.returns if r.owner == CE)
    edit(ret, {("2", "Proposed target"): "December 2021", ("2", "Reason for new target"): REASON})
    report = api.merge(path, [ret], decisions=tmp_path / "d.xlsx")
    assert [(c.key, c.field, c.old, c.new, c.outcome) for c in report.changes] == [
        ("2", "proposed_target", "", "December 2021", "applied"),
        ("2", "target_reason", "", REASON, "applied"),
        ("2", "target", "March 2021", "December 2021", "requested"),
    ]
    assert report.exit_code == 1  # something waits for the team, as for a conflict
    assert report.to_text().splitlines()[-1].startswith("2 applied, 0 conflicts, 0 rejected, 1 extension request;")
    row = actions_values(path)["2"]
    assert (row["target"], row["target_date"]) == ("March 2021", dt.date(2021, 3, 31))
    assert (row["proposed_target"], row["target_reason"]) == ("December 2021", REASON)
    assert read_audit(path)[-1][2:11] == [report.returns[0].return_id, CE, "2", "target", "March 2021",
                                          "December 2021", "requested", REASON, ret.name]
    assert ("2", "E8") in overdue(path, BETWEEN)  # still the current target until it is approved


def test_the_decisions_workbook_offers_approve_keep_or_another_target(asked: Asked) -> None:
    import openpyxl

    ws = openpyxl.load_workbook(asked.decisions)[DECISIONS_SHEET]
    assert [c.value for c in ws[2]][:10] == [
        "D1", "2", ws.cell(2, 3).value, CE, "Target date for completion", "March 2021", "December 2021",
        "March 2021", "extension request", f"the officer asks for a new target: {REASON}"]
    assert str(ws.cell(2, 3).value).startswith("Post-pandemic review")
    assert [(str(dv.sqref), dv.formula1) for dv in ws.data_validations.dataValidation] == [
        ("K2", '"Approve the new target,Keep the current target,Another value"')]


def test_approving_changes_the_target_its_date_and_keeps_the_history(asked: Asked) -> None:
    assert open_decisions_of(asked.master)[0].kind == "extension request"
    fill(asked.decisions, {"D1": (APPROVE, "", "agreed at CLT")})
    report = api.resolve(asked.master, asked.decisions)
    assert [(r.id, r.outcome, r.message) for r in report.rows] == [
        ("D1", "applied", '"March 2021" -> "December 2021"')]
    today = dt.datetime.now(dt.UTC).date()
    row = actions_values(asked.master)["2"]
    assert {k: row[k] for k in ("target", "target_date", "original_target", "target_revisions", "proposed_target",
                                "target_reason")} == {
        "target": "December 2021", "target_date": dt.date(2021, 12, 31), "original_target": "March 2021",
        "target_revisions": history(today, "J. Clerk", REASON), "proposed_target": None, "target_reason": None}
    audit = read_audit(asked.master)
    assert audit[-1][2:10] == [asked.return_id, "J. Clerk", "2", "target", "March 2021", "December 2021", "decided",
                               "extension request: approve the new target (D1); note: agreed at CLT; target history: "
                               + history(today, "J. Clerk", REASON)]
    assert api.verify_audit(asked.master).ok
    assert api.outside_changes(asked.master)[1] == []  # every cell resolve wrote is recorded as govsheet's
    assert open_decisions_of(asked.master) == []
    assert ("2", "E8") not in overdue(asked.master, BETWEEN)  # overdue follows the current target
    assert ("4", "E10") in overdue(asked.master, BETWEEN)
    assert ("2", "E8") in overdue(asked.master, dt.date(2022, 1, 15))
    assert api.validate(asked.master, today=BETWEEN).valid


def test_a_second_revision_adds_a_line_and_keeps_the_original(asked: Asked) -> None:
    fill(asked.decisions, {"D1": (APPROVE, "", "")})
    api.resolve(asked.master, asked.decisions)
    again = ask(asked.master, asked.tmp / "returns-2", "March 2022", "Supplier delay", name="again.xlsx")
    fill(again.decisions, {"D1": (OTHER, "June 2022", "three months, not twelve")})
    report = api.resolve(asked.master, again.decisions)
    assert [(r.outcome, r.value) for r in report.rows] == [("applied", "June 2022")]
    today = dt.datetime.now(dt.UTC).date()
    row = actions_values(asked.master)["2"]
    assert (row["target"], row["target_date"], row["original_target"]) == (
        "June 2022", dt.date(2022, 6, 30), "March 2021")
    assert row["target_revisions"] == "\n".join([
        history(today, "J. Clerk", REASON),
        history(today, "J. Clerk", "Supplier delay", old="December 2021", new="June 2022")])


def test_keeping_the_current_target_records_it_and_clears_the_proposal(asked: Asked) -> None:
    before = actions_values(asked.master)["2"]
    fill(asked.decisions, {"D1": (KEEP_TARGET, "", "deliver by March as planned")})
    report = api.resolve(asked.master, asked.decisions)
    assert [(r.outcome, r.message) for r in report.rows] == [("kept", "the current target kept")]
    row = actions_values(asked.master)["2"]
    assert (row["target"], row["target_date"], row["original_target"], row["target_revisions"]) == (
        "March 2021", dt.date(2021, 3, 31), None, None)
    assert (row["proposed_target"], row["target_reason"]) == (None, None)
    assert before["proposed_target"] == "December 2021"
    assert read_audit(asked.master)[-1][3:10] == [
        "J. Clerk", "2", "target", "March 2021", "March 2021", "decided",
        "extension request: keep the current target (D1); note: deliver by March as planned"]
    assert open_decisions_of(asked.master) == []


def test_a_request_decided_after_the_target_moved_is_refused(asked: Asked) -> None:
    api.edit(asked.master, ["Actions!E8=April 2021"])
    fill(asked.decisions, {"D1": (APPROVE, "", "")})
    before = read_audit(asked.master)
    report = api.resolve(asked.master, asked.decisions)
    assert [(r.outcome, r.message) for r in report.rows] == [
        ("refused", 'the master has changed since (it now holds "April 2021"); decide it again after the next merge')]
    assert not report.ok
    assert read_audit(asked.master) == before
    assert actions_values(asked.master)["2"]["target"] == "April 2021"


def test_another_value_needs_the_new_target(asked: Asked) -> None:
    fill(asked.decisions, {"D1": (OTHER, "", "")})
    report = api.resolve(asked.master, asked.decisions, dry_run=True)
    assert [(r.outcome, r.message) for r in report.rows] == [
        ("refused", "'Another value' needs the new target in the Value column")]


def test_the_choices_of_a_conflict_are_not_accepted_for_a_request(asked: Asked) -> None:
    fill(asked.decisions, {"D1": ("Take the officer's", "", "")})
    report = api.resolve(asked.master, asked.decisions, dry_run=True)
    assert [(r.outcome, r.message) for r in report.rows] == [
        ("refused", "decision \"Take the officer's\" is not one of 'Approve the new target', 'Keep the current "
                    "target', 'Another value'")]


@pytest.mark.parametrize("proposal", ["March 2021", "  march 2021 "])
def test_proposing_the_current_target_asks_nothing(master: Callable[[str], Path], tmp_path: Path,
                                                   proposal: str) -> None:
    path = master("ags-action-plan")
    issued = api.issue(path, tmp_path / "returns")
    ret = next(Path(r.path) for r in issued.returns if r.owner == CE)
    edit(ret, {("2", "Proposed target"): proposal})
    report = api.merge(path, [ret])
    assert [c.outcome for c in report.changes if c.field == "target"] == ([] if proposal == "March 2021" else
                                                                         ["requested"])


def test_merge_on_the_command_line_exits_1_and_lists_the_request(master: Callable[[str], Path], tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    path = master("ags-action-plan")
    issued = api.issue(path, tmp_path / "returns")
    ret = next(Path(r.path) for r in issued.returns if r.owner == CE)
    edit(ret, {("2", "Proposed target"): "December 2021", ("2", "Reason for new target"): REASON})
    code, out, _ = invoke(["merge", str(path), str(ret), "--dry-run", "--format", "json"], capsys)
    assert code == 1
    changes = json.loads(out)["changes"]
    assert changes[-1] == {"key": "2", "field": "target", "old": "March 2021", "new": "December 2021",
                           "return_id": changes[-1]["return_id"], "outcome": "requested", "reason": REASON}
    code, out, _ = invoke(["merge", str(path), str(ret), "--decisions", str(tmp_path / "d.xlsx")], capsys)
    assert code == 1
    assert '  requested 2 Target date for completion: "March 2021" -> "December 2021" (' + REASON + ")" in (
        out.splitlines())
    assert out.splitlines()[-1] == (
        f"1 question for the team written to {tmp_path / 'd.xlsx'} (with any left open by earlier merges); fill in "
        f"the Decision column, then run: govsheet resolve {path} {tmp_path / 'd.xlsx'}")


def version_1() -> Schema:
    """The AGS schema as govsheet shipped it before extension requests: no request or history fields."""
    data = load_schema("ags-action-plan").model_dump(mode="json", by_alias=True, exclude_none=True)
    managed = {"proposed_target", "target_reason", "original_target", "target_revisions"}
    data["fields"] = [f for f in data["fields"] if f["name"] not in managed]
    data.pop("extensions")
    data["version"] = "1"
    return Schema.model_validate(data)


def test_a_master_carrying_the_older_schema_keeps_working(tmp_path: Path) -> None:
    old = version_1()
    master = write_master(small_tracker(), old, tmp_path / "master.xlsx", round_label="2020/21 Q3")
    report = api.validate(master)
    assert [p.code for p in report.errors if p.code == "schema-version-differs"] == ["schema-version-differs"]
    assert not [p for p in report.errors if p.severity == "error"]
    issued = api.issue(master, tmp_path / "returns")
    ceo = next(Path(r.path) for r in issued.returns if r.owner == CE)
    import openpyxl

    assert "Proposed target" not in [c.value for c in openpyxl.load_workbook(ceo)["Actions"][1]]
    edit(ceo, {("2", "Progress status"): "Completed", ("2", "Progress update"): "Done in May",
               ("2", "Target date for completion"): "June 2021"})
    decisions = tmp_path / "d.xlsx"
    merged = api.merge(master, [ceo], decisions=decisions)
    assert [(c.field, c.outcome) for c in merged.changes] == [
        ("target", "rejected"), ("status", "applied"), ("progress", "applied")]
    fill(decisions, {"D1": ("Keep the master", "", "")})
    assert [r.outcome for r in api.resolve(master, decisions).rows] == ["kept"]
    assert api.read_tracker(master).actions[1].values["status"] == "Completed"
    assert api.open_decisions(master).ok


def test_a_locked_target_edited_beside_a_proposal_is_rejected_and_the_request_still_asked(
        master: Callable[[str], Path], tmp_path: Path) -> None:
    path = master("ags-action-plan")
    issued = api.issue(path, tmp_path / "returns")
    ret = next(Path(r.path) for r in issued.returns if r.owner == CE)
    edit(ret, {("2", "Target date for completion"): "June 2021", ("2", "Proposed target"): "December 2021"})
    report = api.merge(path, [ret], dry_run=True)
    assert [(c.field, c.new, c.outcome) for c in report.changes] == [
        ("target", "June 2021", "rejected"), ("proposed_target", "December 2021", "applied"),
        ("target", "December 2021", "requested")]


def test_the_committee_table_leaves_the_request_and_history_columns_out() -> None:
    from govsheet.render.table import table_columns

    for name in ("ags-action-plan", "governance-review"):
        names = [c.name for c in table_columns(load_schema(name))]
        assert "target" in names
        assert not {"proposed_target", "target_reason", "original_target", "target_revisions"} & set(names)


@pytest.mark.parametrize(("old", "new", "message"), [
    ("  proposed: proposed_target", "  proposed: proposal", "extensions.proposed names field 'proposal', which is "
                                                            "not in fields"),
    ("  reason: target_reason", "  reason: original_target", "extensions.reason: field 'original_target' must be "
                                                             "editable in returns"),
])
def test_a_schema_whose_extensions_do_not_fit_its_fields_is_refused(old: str, new: str, message: str) -> None:
    from govsheet.errors import SchemaError
    from govsheet.schemas import parse_schema, schema_text

    text, _ = schema_text("ags-action-plan")
    assert old in text
    with pytest.raises(SchemaError) as err:
        parse_schema(text.replace(old, new), "own.yaml")
    assert str(err.value) == f"own.yaml: {message}"


def test_a_request_for_an_action_removed_from_the_master_is_refused(asked: Asked) -> None:
    import openpyxl

    wb = openpyxl.load_workbook(asked.master)
    wb["Actions"].delete_rows(8)  # by hand in Excel: action 2 is gone
    wb.save(asked.master)
    assert "2" not in actions_values(asked.master)
    fill(asked.decisions, {"D1": (APPROVE, "", "")})
    report = api.resolve(asked.master, asked.decisions, dry_run=True)
    assert [(r.outcome, r.message) for r in report.rows] == [
        ("refused", "the master no longer has action '2'; nothing to change")]


def test_the_rejected_target_edit_and_the_request_beside_it_are_settled_apart(
        master: Callable[[str], Path], tmp_path: Path) -> None:
    path = master("ags-action-plan")
    issued = api.issue(path, tmp_path / "returns")
    ret = next(Path(r.path) for r in issued.returns if r.owner == CE)
    edit(ret, {("2", "Target date for completion"): "June 2021", ("2", "Proposed target"): "December 2021"})
    decisions = tmp_path / "d.xlsx"
    api.merge(path, [ret], decisions=decisions)
    assert [(d.field, d.kind) for d in api.open_decisions(path).items] == [
        ("target", "rejected edit"), ("target", "extension request")]
    fill(decisions, {"D1": ("Keep the master", "", "asked in Proposed target")})
    assert [r.outcome for r in api.resolve(path, decisions).rows] == ["kept", "open"]
    assert [d.kind for d in api.open_decisions(path).items] == ["extension request"]
    fill(decisions, {"D2": (APPROVE, "", "")})
    assert [r.outcome for r in api.resolve(path, decisions).rows] == ["already-decided", "applied"]
    assert actions_values(path)["2"]["target"] == "December 2021"
    assert api.open_decisions(path).ok
