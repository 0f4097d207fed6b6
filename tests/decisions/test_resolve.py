"""Conflicts and rejected edits decided in the decisions workbook and resolved into the master, each audited."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from govsheet import api
from govsheet.audit import read_audit
from govsheet.decisions.workbook import DECISIONS_SHEET, OTHER, RECORD_SHEET, TAKE, read_decisions
from govsheet.errors import WorkbookError
from govsheet.workbook.meta import META_SHEET
from tests.cli.helpers import invoke
from tests.decisions.conftest import Round, fill
from tests.returns.helpers import SCHEMA, actions_values, edit, make_master


def test_resolve_applies_the_decided_row_and_audits_it(merged: Round) -> None:
    fill(merged.decisions, {"D2": (TAKE, "", "agreed with the CEO")})
    before = len(read_audit(merged.master))
    report = api.resolve(merged.master, merged.decisions)
    assert [(r.id, r.outcome) for r in report.rows] == [("D1", "open"), ("D2", "applied")]
    assert report.ok
    assert report.written == str(merged.master)
    assert actions_values(merged.master)["2"]["progress"] == "Started in June"
    rows = read_audit(merged.master)
    assert len(rows) == before + 1
    assert rows[-1][3:10] == ["J. Clerk", "2", "progress", "Team note from May", "Started in June", "decided",
                              "take the officer's (D2); note: agreed with the CEO"]
    assert api.verify_audit(merged.master).ok


def test_resolve_keeps_the_master_as_it_was_beside_it_and_stops_when_it_cannot(merged: Round) -> None:
    fill(merged.decisions, {"D2": (TAKE, "", "")})
    before = merged.master.read_bytes()
    in_the_way = merged.master.with_name(f"{merged.master.stem}.bak.xlsx")
    in_the_way.unlink()  # the merge's backup, made way for a folder
    in_the_way.mkdir()
    with pytest.raises(WorkbookError, match=rf"cannot write the backup of {merged.master.name}"):
        api.resolve(merged.master, merged.decisions)
    assert merged.master.read_bytes() == before
    in_the_way.rmdir()
    report = api.resolve(merged.master, merged.decisions)
    assert report.backup == str(in_the_way)
    assert in_the_way.read_bytes() == before


def test_resolving_the_same_decisions_twice_changes_nothing(merged: Round) -> None:
    fill(merged.decisions, {"D2": (OTHER, "Started in July", "")})
    api.resolve(merged.master, merged.decisions)
    once = merged.master.read_bytes()
    again = api.resolve(merged.master, merged.decisions)
    assert [(r.id, r.outcome) for r in again.rows] == [("D1", "open"), ("D2", "already-decided")]
    assert merged.master.read_bytes() == once
    assert actions_values(merged.master)["2"]["progress"] == "Started in July"


def test_a_decision_against_a_master_that_moved_on_is_refused_as_a_new_conflict(merged: Round) -> None:
    fill(merged.decisions, {"D2": (TAKE, "", "")})
    api.edit(merged.master, ["Actions!I3=Changed again"])
    report = api.resolve(merged.master, merged.decisions)
    assert [(r.id, r.outcome, r.message) for r in report.rows if r.id == "D2"] == [
        ("D2", "refused", 'the master has changed since (it now holds "Changed again"); decide it again after '
                          "the next merge")]
    assert not report.ok
    assert actions_values(merged.master)["2"]["progress"] == "Changed again"


def test_a_locked_field_and_an_unknown_status_are_refused_and_nothing_is_applied_from_them(merged: Round) -> None:
    fill(merged.decisions, {"D1": (TAKE, "", ""), "D2": ("Maybe", "", "")})
    report = api.resolve(merged.master, merged.decisions, dry_run=True)
    assert [(r.id, r.outcome, r.message) for r in report.rows] == [
        ("D1", "refused", '"Planned Action" is locked in returns; change it with govsheet edit'),
        ("D2", "refused", "decision 'Maybe' is not one of 'Keep the master', \"Take the officer's\", "
                          "'Another value'")]
    assert report.written is None


def test_another_value_must_be_a_valid_status(tmp_path: Path) -> None:
    master = make_master(tmp_path / "master.xlsx")
    issued = api.issue(master, tmp_path / "returns")
    ceo = next(Path(r.path) for r in issued.returns if r.owner == "Chief Executive")
    edit(ceo, {("2", "Progress status"): "In progress"})
    api.edit(master, ["Actions!G3=Completed"])
    decisions = tmp_path / "d.xlsx"
    api.merge(master, [ceo], decisions=decisions)
    fill(decisions, {"D1": (OTHER, "Nearly there", "")})
    report = api.resolve(master, decisions)
    labels = ", ".join(f'"{s.label}"' for s in SCHEMA.statuses)
    assert [(r.outcome, r.message) for r in report.rows] == [
        ("refused", f'status "Nearly there" is not one of {labels}')]
    assert labels.startswith('"Yet to start", "In progress"')
    assert actions_values(master)["2"]["status"] == "Completed"


def test_decisions_from_another_master_are_refused_whole(merged: Round) -> None:
    other = make_master(merged.tmp / "other.xlsx")
    with pytest.raises(WorkbookError) as err:
        api.resolve(other, merged.decisions)
    assert str(err.value) == (f"{merged.decisions}: was written for another master, not other.xlsx; resolve it "
                              "against the master its merge changed")


def test_an_altered_hidden_record_is_refused(merged: Round) -> None:
    import openpyxl

    wb = openpyxl.load_workbook(merged.decisions)
    wb[RECORD_SHEET]["D3"] = "something else"
    wb.save(merged.decisions)
    with pytest.raises(WorkbookError, match=r"\(_decisions, _govsheet\) was altered"):
        read_decisions(merged.decisions)


def test_rows_added_by_hand_are_not_applied(merged: Round) -> None:
    import openpyxl

    wb = openpyxl.load_workbook(merged.decisions)
    ws = wb[DECISIONS_SHEET]
    ws.append(["D9", "2", "", "", "Progress update", "", "Injected", "", "conflict", "", TAKE])
    wb.save(merged.decisions)
    report = api.resolve(merged.master, merged.decisions)
    assert [(r.id, r.outcome) for r in report.rows] == [("D1", "open"), ("D2", "open"), ("D9", "refused")]
    assert actions_values(merged.master)["2"]["progress"] == "Team note from May"


def test_the_command_line_writes_and_resolves(merged: Round, capsys: pytest.CaptureFixture[str]) -> None:
    copy = merged.tmp / "again.xlsx"
    shutil.copyfile(merged.decisions, copy)
    fill(copy, {"D2": (TAKE, "", "ok")})
    code, out, _ = invoke(["resolve", str(merged.master), str(copy)], capsys)
    assert code == 0
    assert out.splitlines() == [
        "  open            D1 2 action: no decision yet",
        '  applied         D2 2 progress: "Team note from May" -> "Started in June"',
        f"1 applied, 0 kept, 0 refused, 1 still open, 0 decided before; master written to {merged.master}; "
        f"previous master kept as {merged.master.with_name('master.bak.xlsx')}",
    ]


def test_resolve_audits_hand_edits_first_and_leaves_nothing_looking_hand_made(merged: Round) -> None:
    """A cell changed by hand before resolve is an outside-govsheet row ahead of the decision; after it, none."""
    import openpyxl

    wb = openpyxl.load_workbook(merged.master)
    wb["Actions"]["I2"] = "Typed in Excel"
    wb.save(merged.master)
    fill(merged.decisions, {"D2": (TAKE, "", "")})
    api.resolve(merged.master, merged.decisions)
    outcomes = [(r[4], r[5], r[8]) for r in read_audit(merged.master)[-2:]]
    assert outcomes == [("1", "progress", "outside-govsheet"), ("2", "progress", "decided")]
    assert api.outside_changes(merged.master)[1] == []
    assert api.verify_audit(merged.master).ok


def test_an_altered_hidden_record_refuses_the_whole_workbook_and_changes_nothing(
        merged: Round, capsys: pytest.CaptureFixture[str]) -> None:
    import openpyxl

    fill(merged.decisions, {"D2": (TAKE, "", "")})
    wb = openpyxl.load_workbook(merged.decisions)
    wb[RECORD_SHEET]["E3"] = "Injected"  # D2's officer's value, as the hidden record holds it
    wb[RECORD_SHEET].sheet_state = "veryHidden"
    wb.save(merged.decisions)
    before = merged.master.read_bytes()
    code, out, err = invoke(["resolve", str(merged.master), str(merged.decisions)], capsys)
    assert (code, out) == (2, "")
    assert err == (f"govsheet: {merged.decisions}: its hidden record (_decisions, {META_SHEET}) was altered "
                   "(checksum mismatch), so nothing in it is applied; write a fresh one with 'govsheet merge MASTER "
                   "RETURN... --decisions FILE.xlsx' (the questions still open are carried in)\n")
    assert merged.master.read_bytes() == before
    # the way out the message gives: the same return merged again is a no-op, and the open questions come back
    fresh = merged.tmp / "fresh.xlsx"
    ceo = next((merged.tmp / "returns").glob("chief-executive*.xlsx"))
    report = api.merge(merged.master, [ceo], decisions=fresh)
    assert [r.status for r in report.returns] == ["already-merged"]
    assert [(q.id, q.key, q.field) for q in read_decisions(fresh).questions.values()] == [
        ("D1", "2", "action"), ("D2", "2", "progress")]


def test_cells_typed_over_on_the_visible_sheet_do_not_change_what_is_applied(merged: Round) -> None:
    """The officer's value comes from govsheet's hidden record, not from the locked cell someone typed over."""
    import openpyxl

    wb = openpyxl.load_workbook(merged.decisions)
    ws = wb[DECISIONS_SHEET]
    ws.protection.sheet = False
    ws["G3"] = "Typed over"
    ws["K3"], ws["N3"] = TAKE, "J. Clerk"
    wb.save(merged.decisions)
    report = api.resolve(merged.master, merged.decisions)
    assert [(r.id, r.outcome, r.value) for r in report.rows] == [("D1", "open", ""),
                                                                 ("D2", "applied", "Started in June")]
    assert actions_values(merged.master)["2"]["progress"] == "Started in June"


def test_a_row_added_by_hand_is_refused_and_the_decided_rows_beside_it_are_applied(merged: Round) -> None:
    import openpyxl

    fill(merged.decisions, {"D2": (TAKE, "", "")})
    wb = openpyxl.load_workbook(merged.decisions)
    wb[DECISIONS_SHEET].append(["D3", "1", "", "", "Progress update", "", "Injected", "", "conflict", "", TAKE])
    wb.save(merged.decisions)
    before = len(read_audit(merged.master))
    report = api.resolve(merged.master, merged.decisions)
    assert [(r.id, r.outcome, r.message) for r in report.rows] == [
        ("D1", "open", "no decision yet"),
        ("D2", "applied", '"Team note from May" -> "Started in June"'),
        ("D3", "refused", "row 4 was not written by govsheet; ignored"),
    ]
    assert not report.ok
    assert [r[4:9] for r in read_audit(merged.master)[before:]] == [
        ["2", "progress", "Team note from May", "Started in June", "decided"]]
    assert actions_values(merged.master)["1"]["progress"] == "Reporting monthly"


def test_a_decision_for_a_locked_field_is_refused_while_the_other_is_applied(merged: Round) -> None:
    fill(merged.decisions, {"D1": (OTHER, "Rewritten action", ""), "D2": (TAKE, "", "")})
    before = len(read_audit(merged.master))
    report = api.resolve(merged.master, merged.decisions)
    assert [(r.id, r.outcome, r.message) for r in report.rows] == [
        ("D1", "refused", '"Planned Action" is locked in returns; change it with govsheet edit'),
        ("D2", "applied", '"Team note from May" -> "Started in June"')]
    assert [r[5] for r in read_audit(merged.master)[before:]] == ["progress"]
    assert actions_values(merged.master)["2"]["action"] == "Action 2"
    assert [(d.key, d.field) for d in api.open_decisions(merged.master).items] == [("2", "action")]


def test_two_decisions_on_one_cell_apply_the_first_and_refuse_the_second(tmp_path: Path) -> None:
    master = make_master(tmp_path / "master.xlsx")
    issued = api.issue(master, tmp_path / "returns")
    by_owner = {r.owner: Path(r.path) for r in issued.returns}
    edit(by_owner["Chief Executive"], {("3", "Progress update"): "From the Chief Executive"})
    edit(by_owner["Group Manager – Assurance"], {("3", "Progress update"): "From Assurance"})
    api.edit(master, ["Actions!I4=Team note"])
    decisions = tmp_path / "d.xlsx"
    api.merge(master, [by_owner["Chief Executive"], by_owner["Group Manager – Assurance"]], decisions=decisions)
    fill(decisions, {"D1": (TAKE, "", ""), "D2": (TAKE, "", "")})
    report = api.resolve(master, decisions)
    assert [(r.id, r.outcome, r.message) for r in report.rows] == [
        ("D1", "applied", '"Team note" -> "From the Chief Executive"'),
        ("D2", "refused", "D1 in this workbook already changes this cell; decide this one again in the next "
                          "decisions workbook (merge --decisions carries it)")]
    assert actions_values(master)["3"]["progress"] == "From the Chief Executive"
    assert [d.new for d in api.open_decisions(master).items] == ["From Assurance"]
