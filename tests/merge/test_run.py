"""govsheet merge on real workbooks: every outcome, recorded on the Audit sheet."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import openpyxl
from click.testing import CliRunner
from python_calamine import CalamineWorkbook

from govsheet import api
from govsheet.audit import read_audit
from govsheet.cli import cli
from govsheet.xlsx import Book
from tests.merge.conftest import Cycle
from tests.returns.helpers import SCHEMA, actions_values, edit, make_master

CE = "Chief Executive"
GMA = "Group Manager – Assurance"
STATUS, PROGRESS, TARGET = "Progress status", "Progress update", "Target date for completion"


def team_edit(master: Path, cells: dict[str, object]) -> None:
    """The governance team changes the master directly (with the lossless engine)."""
    book = Book.open(master)
    sheet = book.sheet("Actions")
    for ref, value in cells.items():
        sheet.set(ref, value)  # type: ignore[arg-type]
    book.save()


def audit_rows(master: Path) -> list[list[object]]:
    return read_audit(master)


def test_an_edit_the_master_did_not_make_is_applied_and_audited(cycle: Cycle) -> None:
    edit(cycle.returns[CE], {("2", STATUS): "In progress", ("2", PROGRESS): "Started in January"})
    report = api.merge(cycle.master, [cycle.returns[CE]])
    assert report.exit_code == 0
    assert report.summary == {"applied": 2, "conflicts": 0, "rejected": 0}
    row = actions_values(cycle.master)["2"]
    assert (row["status"], row["progress"]) == ("In progress", "Started in January")
    audit = audit_rows(cycle.master)
    assert [r[4:10] for r in audit] == [
        ["2", "status", "Yet to start", "In progress", "applied", "changed in the return only"],
        ["2", "progress", "", "Started in January", "applied", "changed in the return only"],
    ]
    assert audit[0][1:4] == ["2020/21 Q3", cycle.ids[CE], CE]
    assert audit[0][10] == "chief-executive.xlsx"
    assert len(str(audit[0][11])) == 64
    assert api.verify_audit(cycle.master).ok


def test_icon_cached_value_follows_the_applied_status(cycle: Cycle) -> None:
    edit(cycle.returns[CE], {("2", STATUS): "Completed", ("2", PROGRESS): "Done"})
    api.merge(cycle.master, [cycle.returns[CE]])
    book = Book.open(cycle.master)
    icon = book.sheet("Actions").cell("H3")
    assert (icon.value, icon.formula) == (3, 'IFERROR(MATCH($G3,{"Yet to start","In progress","Completed"},0),"")')


def test_a_status_synonym_is_stored_as_its_label(cycle: Cycle) -> None:
    edit(cycle.returns[CE], {("2", STATUS): "under way"})
    report = api.merge(cycle.master, [cycle.returns[CE]])
    assert [(c.old, c.new, c.outcome) for c in report.changes] == [("Yet to start", "In progress", "applied")]
    assert actions_values(cycle.master)["2"]["status"] == "In progress"


def test_both_changed_differently_is_a_conflict_and_the_master_keeps_its_value(cycle: Cycle) -> None:
    team_edit(cycle.master, {"I3": "Team note"})
    edit(cycle.returns[CE], {("2", PROGRESS): "Officer note"})
    report = api.merge(cycle.master, [cycle.returns[CE]])
    assert report.exit_code == 1
    (change,) = report.changes
    assert (change.key, change.field, change.old, change.new, change.outcome) == (
        "2", "progress", "Team note", "Officer note", "conflict")
    assert actions_values(cycle.master)["2"]["progress"] == "Team note"
    # the team's change, made outside govsheet, is recorded first, then the merge's conflict
    assert [r[8] for r in audit_rows(cycle.master)] == ["outside-govsheet", "conflict"]


def test_both_changed_to_the_same_value_is_nothing_to_do(cycle: Cycle) -> None:
    team_edit(cycle.master, {"I3": "Same words"})
    edit(cycle.returns[CE], {("2", PROGRESS): "Same words"})
    report = api.merge(cycle.master, [cycle.returns[CE]])
    assert (report.changes, report.exit_code) == ((), 0)


def test_a_locked_field_edit_is_rejected_even_with_protection_removed(cycle: Cycle) -> None:
    wb = openpyxl.load_workbook(cycle.returns[CE])
    wb["Actions"].protection.sheet = False
    wb.save(cycle.returns[CE])
    edit(cycle.returns[CE], {("3", TARGET): "April 2022", ("3", "Officer responsible"): "Nobody"})
    report = api.merge(cycle.master, [cycle.returns[CE]])
    assert [(c.key, c.field, c.outcome) for c in report.changes] == [
        ("3", "officer", "rejected"), ("3", "target", "rejected")]
    assert report.changes[1].reason == "the field is locked in returns; ask the governance team to change it"
    assert actions_values(cycle.master)["3"]["target"] == "March 2021"
    assert report.exit_code == 1


def test_added_deleted_and_foreign_rows_are_rejected_and_reported(cycle: Cycle) -> None:
    wb = openpyxl.load_workbook(cycle.returns[CE])
    ws = wb["Actions"]
    ws.delete_rows(4)  # ref 5
    ws.append(["99", None, "A new action", CE, "May 2021", None, "In progress"])
    ws.append(["4", None, "Action 4", CE, "March 2021", None, "Completed", None, "Hijacked"])
    wb.save(cycle.returns[CE])
    report = api.merge(cycle.master, [cycle.returns[CE]])
    got = [(c.key, c.field, c.outcome, c.reason) for c in report.changes]
    assert got == [
        ("5", None, "rejected", "the row was deleted from the return; the master keeps it"),
        ("99", None, "rejected", "a row added to the return; new actions are added to the master by the "
                                 "governance team"),
        ("4", None, "rejected", "the row belongs to 'Service Director – Customers, Governance and Employees', "
                                "not to this return's owner; not merged"),
    ]
    assert sorted(actions_values(cycle.master)) == ["1", "2", "3", "4", "5"]
    assert actions_values(cycle.master)["4"]["progress"] == "Done in May"


def test_an_unknown_status_is_rejected(cycle: Cycle) -> None:
    edit(cycle.returns[CE], {("2", STATUS): "Nearly there"})
    report = api.merge(cycle.master, [cycle.returns[CE]])
    (change,) = report.changes
    assert change.outcome == "rejected"
    assert change.reason.startswith("status 'Nearly there' is not one of")
    assert actions_values(cycle.master)["2"]["status"] == "Yet to start"


def test_the_same_return_twice_is_already_merged(cycle: Cycle) -> None:
    edit(cycle.returns[CE], {("2", PROGRESS): "Once"})
    assert api.merge(cycle.master, [cycle.returns[CE]]).exit_code == 0
    team_edit(cycle.master, {"I3": "Team changed it after"})
    again = api.merge(cycle.master, [cycle.returns[CE]])
    (result,) = again.returns
    assert result.status == "already-merged"
    assert re.fullmatch(r"this return was merged before \(\d{4}-\d\d-\d\dT[\d:]+\+00:00\); nothing to do",
                        result.reason)
    assert (again.changes, again.exit_code) == ((), 0)
    assert actions_values(cycle.master)["2"]["progress"] == "Team changed it after"
    assert audit_rows(cycle.master)[-1][8] == "already-merged"
    edit(cycle.returns[CE], {("5", PROGRESS): "An afterthought"})
    corrected = api.merge(cycle.master, [cycle.returns[CE]])
    (changed,) = corrected.returns
    assert changed.status == "merged"  # a corrected copy supersedes: only what changed since is merged
    assert [(c.key, c.new, c.outcome, c.reason) for c in corrected.changes] == [
        ("5", "An afterthought", "applied", "resubmitted; changed in the return only")]
    assert actions_values(cycle.master)["5"]["progress"] == "An afterthought"
    assert actions_values(cycle.master)["2"]["progress"] == "Team changed it after"


def test_two_owners_editing_a_shared_row_second_is_a_conflict(cycle: Cycle) -> None:
    edit(cycle.returns[CE], {("3", PROGRESS): "CE view"})
    edit(cycle.returns[GMA], {("3", PROGRESS): "GMA view"})
    report = api.merge(cycle.master, [cycle.returns[CE], cycle.returns[GMA]])
    assert [(c.return_id, c.outcome) for c in report.changes] == [(cycle.ids[CE], "applied"),
                                                                  (cycle.ids[GMA], "conflict")]
    assert actions_values(cycle.master)["3"]["progress"] == "CE view"


def test_a_return_from_another_master_or_round_is_stale_unless_accepted(cycle: Cycle, tmp_path: Path) -> None:
    edit(cycle.returns[CE], {("2", PROGRESS): "Late"})
    other = make_master(tmp_path / "rebuilt.xlsx")
    report = api.merge(other, [cycle.returns[CE]])
    assert [r.status for r in report.returns] == ["stale"]
    assert report.exit_code == 1  # its content was not merged: data to look at, not a command that failed
    assert actions_values(other)["2"]["progress"] is None
    accepted = api.merge(other, [cycle.returns[CE]], accept_stale=True)
    assert (accepted.returns[0].status, accepted.summary["applied"]) == ("merged", 1)
    labelled = api.issue(cycle.master, tmp_path / "labelled", owners=[CE], round_label="Q3 returns").returns[0].path
    assert api.merge(cycle.master, [labelled]).returns[0].status == "merged"  # a label alone is not a new round
    wb = openpyxl.load_workbook(cycle.master)
    (row,) = [r for r in wb["_govsheet"].iter_rows() if r[0].value == "round"]
    row[1].value = "2020/21 Q4"
    wb.save(cycle.master)
    again = api.merge(cycle.master, [cycle.returns[GMA]]).returns[0]
    assert (again.status, again.reason) == ("stale", "issued in round '2020/21 Q3'; the master is now in round "
                                                     "'2020/21 Q4'; use --accept-stale to merge it")


def test_invalid_returns_are_refused_and_nothing_merged_exits_1(cycle: Cycle, tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(cycle.returns[CE])
    wb["_govsheet"]["B3"] = "Someone Else"
    wb.save(cycle.returns[CE])
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"not a zip")
    report = api.merge(cycle.master, [cycle.returns[CE], cycle.master, junk])
    assert [(r.status, r.reason) for r in report.returns[:2]] == [
        ("invalid", "its hidden metadata was altered (checksum mismatch); issue the return again"),
        ("invalid", "is a govsheet master, not a return"),
    ]
    assert report.returns[2].status == "invalid"
    assert "(not a zip package)" in report.returns[2].reason  # the reader's own wording
    assert report.exit_code == 1
    assert [why for _, why in report.not_merged] == [f"invalid: {r.reason}" for r in report.returns]
    assert not (tmp_path / "master.bak.xlsx").exists()


def test_sorted_filtered_and_hidden_rows_still_line_up(cycle: Cycle) -> None:
    wb = openpyxl.load_workbook(cycle.returns[CE])
    ws = wb["Actions"]
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=2)]
    for r, values in enumerate(reversed(rows), start=2):
        for c, value in enumerate(values, start=1):
            ws.cell(r, c).value = value
    ws.row_dimensions[2].hidden = True
    ws.auto_filter.ref = "A1:J4"
    wb.save(cycle.returns[CE])
    edit(cycle.returns[CE], {("5", PROGRESS): "Sorted and edited"})
    report = api.merge(cycle.master, [cycle.returns[CE]])
    assert [(c.key, c.outcome) for c in report.changes] == [("5", "applied")]
    assert actions_values(cycle.master)["5"]["progress"] == "Sorted and edited"


def test_text_that_looks_like_a_formula_is_stored_as_text(cycle: Cycle) -> None:
    wb = openpyxl.load_workbook(cycle.returns[CE])
    ws = wb["Actions"]
    cell = ws["I3"]  # ref 3 in the return; its master row is 4
    cell.value = '=HYPERLINK("http://evil","x")'
    cell.data_type = "s"
    wb.save(cycle.returns[CE])
    api.merge(cycle.master, [cycle.returns[CE]])
    got = Book.open(cycle.master).sheet("Actions").cell("I4")
    assert (got.value, got.formula) == ('=HYPERLINK("http://evil","x")', None)


def test_dry_run_writes_nothing(cycle: Cycle) -> None:
    edit(cycle.returns[CE], {("2", PROGRESS): "Maybe"})
    before = cycle.master.read_bytes()
    report = api.merge(cycle.master, [cycle.returns[CE]], dry_run=True)
    assert report.summary["applied"] == 1
    assert cycle.master.read_bytes() == before
    assert sorted(p.name for p in cycle.master.parent.iterdir() if p.is_file()) == ["master.xlsx"]


def test_output_elsewhere_leaves_the_master_alone(cycle: Cycle, tmp_path: Path) -> None:
    edit(cycle.returns[CE], {("2", PROGRESS): "Elsewhere"})
    before = cycle.master.read_bytes()
    out = tmp_path / "merged.xlsx"
    report = api.merge(cycle.master, [cycle.returns[CE]], out=out)
    assert (report.written, report.backup) == (out, None)
    assert cycle.master.read_bytes() == before
    assert actions_values(out)["2"]["progress"] == "Elsewhere"


def test_in_place_merge_keeps_the_previous_master_as_backup(cycle: Cycle) -> None:
    before = cycle.master.read_bytes()
    edit(cycle.returns[CE], {("2", PROGRESS): "New"})
    report = api.merge(cycle.master, [cycle.returns[CE]])
    assert report.backup == cycle.master.with_name("master.bak.xlsx")
    assert report.backup.read_bytes() == before
    assert not cycle.master.with_name("master.xlsx.lock").exists()


def test_only_changed_parts_differ(cycle: Cycle) -> None:
    before = zipfile.ZipFile(cycle.master)
    old = {n: before.read(n) for n in before.namelist()}
    edit(cycle.returns[CE], {("2", PROGRESS): "One cell"})
    api.merge(cycle.master, [cycle.returns[CE]])
    after = zipfile.ZipFile(cycle.master)
    assert after.namelist()[: len(old)] == list(old)
    changed = sorted(n for n in after.namelist() if old.get(n) != after.read(n))
    assert set(changed) <= {"xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml", "xl/worksheets/sheet4.xml",
                            "xl/sharedStrings.xml", "xl/workbook.xml", "[Content_Types].xml",
                            "xl/_rels/workbook.xml.rels"}
    assert "xl/styles.xml" not in changed


def test_cli_merge_json_is_exactly_as_spec(cycle: Cycle) -> None:
    edit(cycle.returns[CE], {("2", PROGRESS): "Via CLI", ("3", TARGET): "Never"})
    result = CliRunner().invoke(cli, ["merge", str(cycle.master), str(cycle.returns[CE]), "--format", "json"])
    assert result.exit_code == 1, result.output
    rid = cycle.ids[CE]
    assert json.loads(result.stdout) == {
        "master": str(cycle.master),
        "returns": [{"file": str(cycle.returns[CE]), "return_id": rid, "owner": CE, "status": "merged",
                     "reason": ""}],
        "changes": [
            {"key": "2", "field": "progress", "old": "", "new": "Via CLI", "return_id": rid, "outcome": "applied",
             "reason": "changed in the return only"},
            {"key": "3", "field": "target", "old": "March 2021", "new": "Never", "return_id": rid,
             "outcome": "rejected",
             "reason": "the field is locked in returns; ask the governance team to change it"},
        ],
        "summary": {"applied": 1, "conflicts": 0, "rejected": 1},
        "not_merged": [{"file": str(cycle.returns[CE]), "return_id": rid,
                        "why": "1 of its 2 changes not applied (1 rejected)"}],
    }


def test_cli_merge_text_and_exit_codes(cycle: Cycle, tmp_path: Path) -> None:
    edit(cycle.returns[CE], {("2", PROGRESS): "Text mode"})
    ok = CliRunner().invoke(cli, ["merge", str(cycle.master), str(cycle.returns[CE])])
    assert ok.exit_code == 0
    assert ok.stdout.splitlines()[-1] == (f"1 applied, 0 conflicts, 0 rejected; master written to {cycle.master}; "
                                          f"previous master kept as {tmp_path / 'master.bak.xlsx'}")
    other = make_master(tmp_path / "other.xlsx")
    stale = CliRunner().invoke(cli, ["merge", str(other), str(cycle.returns[CE])])
    assert stale.exit_code == 1
    assert stale.stdout.splitlines()[-2:] == [
        f"not merged: {cycle.returns[CE]}: stale: issued from another master (or before it was rebuilt); "
        "use --accept-stale to merge it",
        "0 applied, 0 conflicts, 0 rejected; master not changed"]


def test_cli_audit_verify_names_the_tampered_row(cycle: Cycle) -> None:
    edit(cycle.returns[CE], {("2", PROGRESS): "Audited", ("2", STATUS): "In progress"})
    api.merge(cycle.master, [cycle.returns[CE]])
    ok = CliRunner().invoke(cli, ["audit", str(cycle.master), "--verify"])
    assert (ok.exit_code, ok.stdout) == (0, f"{cycle.master}: the audit chain of 2 rows is intact\n")
    wb = openpyxl.load_workbook(cycle.master)
    wb["Audit"]["H3"] = "Something else"
    wb.save(cycle.master)
    bad = CliRunner().invoke(cli, ["audit", str(cycle.master), "--verify"])
    assert bad.exit_code == 1
    assert bad.stdout == (f"{cycle.master}: Audit row 3 does not match its hash: the row was changed, or a row "
                          "before it was inserted, deleted or changed\n")


def test_schema_of_small_master_is_the_ags_plan() -> None:
    assert SCHEMA.name == "ags-action-plan"
    assert CalamineWorkbook is not None


def test_completed_without_a_progress_note_is_rejected(cycle: Cycle) -> None:
    edit(cycle.returns[CE], {("2", STATUS): "Compelted", ("3", STATUS): "Done"})
    report = api.merge(cycle.master, [cycle.returns[CE]])
    assert [(c.key, c.outcome, c.reason) for c in report.changes] == [
        ("2", "rejected", "an action marked completed needs a progress note saying what was done "
                          "[completed-without-progress]"),
        ("3", "applied", "changed in the return only"),
    ]
    values = actions_values(cycle.master)
    assert (values["2"]["status"], values["3"]["status"]) == ("Yet to start", "Completed")


def test_a_custom_schema_with_an_editable_date_keeps_dates_as_dates(tmp_path: Path) -> None:
    import datetime as dt

    from govsheet.schemas import load_schema, schema_text
    from tests.returns.helpers import small_tracker

    text, _ = schema_text("ags-action-plan")
    text = text.replace("name: ags-action-plan", "name: my-plan").replace(
        "    derivedFrom: target\n", "    derivedFrom: target\n    editable: true\n")
    schema_file = tmp_path / "my-plan.yaml"
    schema_file.write_text(text, encoding="utf-8")
    schema = load_schema(schema_file)
    assert schema.field("target_date").editable
    tracker = small_tracker().model_copy(update={"schema_name": "my-plan"})
    from govsheet.importer.master import write_master

    master = write_master(tracker, schema, tmp_path / "mine.xlsx", round_label="R1")
    ret = api.issue(master, tmp_path / "r", owners=[CE], schema=schema_file).returns[0].path
    edit(ret, {("2", "Target (as date)"): dt.date(2021, 6, 30)})
    report = api.merge(master, [ret], schema=schema_file)
    assert [(c.key, c.field, c.new, c.outcome) for c in report.changes] == [
        ("2", "target_date", "2021-06-30", "applied")]
    cell = Book.open(master).sheet("Actions").cell("F3")
    assert cell.value in (dt.datetime(2021, 6, 30), dt.date(2021, 6, 30))  # noqa: DTZ001 - Excel dates are naive


def test_the_same_return_given_twice_in_one_run_is_merged_once(cycle: Cycle) -> None:
    edit(cycle.returns[CE], {("2", PROGRESS): "Only once"})
    report = api.merge(cycle.master, [cycle.returns[CE], cycle.returns[CE]])
    assert [r.status for r in report.returns] == ["merged", "already-merged"]
    assert (report.summary, report.exit_code) == ({"applied": 1, "conflicts": 0, "rejected": 0}, 0)
    assert [r[8] for r in audit_rows(cycle.master)] == ["applied", "already-merged"]


def test_a_conflict_records_all_three_values(cycle: Cycle) -> None:
    team_edit(cycle.master, {"I4": "Team text"})
    edit(cycle.returns[CE], {("3", PROGRESS): "Officer text"})
    (change,) = api.merge(cycle.master, [cycle.returns[CE]]).changes
    assert (change.old, change.new) == ("Team text", "Officer text")
    assert change.reason.endswith('; when the return was issued it was "Draft agreed"')
