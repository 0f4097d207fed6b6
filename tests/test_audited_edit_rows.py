"""Row operations on a master: audited row by row on the Actions sheet, refused where they would cut govsheet's own."""

from __future__ import annotations

import getpass
from pathlib import Path

import pytest

from govsheet import api
from govsheet.audit import read_audit, verify
from tests.cli.helpers import invoke
from tests.merge.conftest import Cycle
from tests.returns.helpers import actions_values, edit

CE = "Chief Executive"
REASON = "agreed at committee 3 May"
ROW_4 = "4; Action 4; Service Director – Customers, Governance and Employees; March 2021; Completed; Done in May"


def no_outside_change(master: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``govsheet audit`` finds the chain intact and nothing changed outside govsheet."""
    rows = len(read_audit(master))
    code, out, _ = invoke(["audit", str(master)], capsys)
    assert (code, out) == (0, f"{master}: the audit chain of {rows} rows is intact\n")
    assert api.outside_changes(master)[1] == []


def test_deleted_and_inserted_rows_are_audited_and_the_next_merge_sees_no_outside_change(
        cycle: Cycle, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = invoke(["edit", str(cycle.master), "--delete-rows", "Actions!5", "--insert-rows", "Actions!3",
                             "--reason", REASON, "--by", "Jo Bloggs"], capsys)
    assert (code, err) == (0, "")
    assert out.splitlines()[:2] == ["Actions!5:5: rows deleted", "Actions!3:3: rows inserted"]
    rows = read_audit(cycle.master)
    assert [r[1:10] for r in rows] == [
        ["2020/21 Q3", "", "Jo Bloggs", "4", "row 5", ROW_4, "", "row-removed", REASON],
        ["2020/21 Q3", "", "Jo Bloggs", "", "row 3", "", "", "row-added", REASON],
    ]
    assert rows[0][10] == "master.xlsx"
    assert verify(rows).ok
    assert sorted(actions_values(cycle.master)) == ["1", "2", "3", "5"]
    no_outside_change(cycle.master, capsys)

    edit(cycle.returns[CE], {("2", "Progress update"): "Chief's update", ("5", "Progress update"): "Five moved"})
    report = api.merge(cycle.master, [cycle.returns[CE]])
    assert report.exit_code == 0
    after = read_audit(cycle.master)
    assert [r[4:9] for r in after[2:]] == [["2", "progress", "", "Chief's update", "applied"],
                                           ["5", "progress", "=SUM(1,2)", "Five moved", "applied"]]
    assert verify(after).ok
    values = actions_values(cycle.master)
    assert (values["2"]["progress"], values["5"]["progress"]) == ("Chief's update", "Five moved")


def test_cells_set_in_an_inserted_row_and_in_moved_rows_are_audited_where_the_rows_went(
        cycle: Cycle, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = invoke(["edit", str(cycle.master), "--insert-rows", "Actions!3", "--set", "Actions!A3:=1a",
                           "--set", "Actions!C3:=A new sub-item", "--set", "Actions!I4:=Moved down, still 2",
                           "--delete-rows", "Actions!2", "--set", "Actions!G3=Completed", "--by", "Jo"], capsys)
    assert (code, err) == (0, "")
    rows = read_audit(cycle.master)
    assert [r[3:9] for r in rows] == [
        ["Jo", "", "row 3", "", "", "row-added"],
        ["Jo", "1a", "ref", "", "1a", "edited"],
        ["Jo", "1a", "action", "", "A new sub-item", "edited"],
        ["Jo", "2", "progress", "", "Moved down, still 2", "edited"],
        ["Jo", "1", "row 2", "1; Action 1; Group Manager – Assurance; March 2021; In progress; Reporting monthly", "",
         "row-removed"],
        ["Jo", "2", "status", "Yet to start", "Completed", "edited"],  # row 3 once row 2 went
    ]
    assert rows[0][9] == "set with govsheet edit"
    values = actions_values(cycle.master)
    assert sorted(values) == ["1a", "2", "3", "4", "5"]
    assert (values["2"]["status"], values["2"]["progress"]) == ("Completed", "Moved down, still 2")
    no_outside_change(cycle.master, capsys)


@pytest.mark.parametrize(("option", "rows", "says"), [
    ("--delete-rows", "Actions!1", "would cut the header row (row 1) of the master's Actions sheet; give rows "
                                   "below it"),
    ("--insert-rows", "Actions!1:2", "would cut the header row (row 1) of the master's Actions sheet; give rows "
                                     "below it"),
    ("--delete-rows", "Audit!2", "the Audit sheet of a master is govsheet's own and its rows cannot be deleted or "
                                 "inserted; it changes only through audited commands"),
    ("--delete-rows", "audit!2", "the Audit sheet of a master is govsheet's own and its rows cannot be deleted or "
                                 "inserted; it changes only through audited commands"),  # as Excel: case ignored
    ("--insert-rows", "_govsheet!3", "the _govsheet sheet of a master is govsheet's own and its rows cannot be "
                                     "deleted or inserted; it changes only through audited commands"),
])
def test_row_operations_on_the_header_or_govsheets_own_sheets_are_refused(
        cycle: Cycle, capsys: pytest.CaptureFixture[str], option: str, rows: str, says: str) -> None:
    before = cycle.master.read_bytes()
    code, out, err = invoke(["edit", str(cycle.master), "--set", "Actions!I2=Not kept", option, rows], capsys)
    assert (code, out) == (2, "")
    sheet, _, numbers = rows.partition("!")
    shown = f"{sheet}!{numbers if ':' in numbers else f'{numbers}:{numbers}'}"  # as Excel writes rows: 2:2
    assert err == f'govsheet: {cycle.master}: {option} "{shown}"{":" if "own" in says else ""} {says}\n'
    assert cycle.master.read_bytes() == before
    assert not cycle.master.with_name("master.xlsx.lock").exists()


def test_row_operations_on_another_sheet_of_a_master_are_made_but_not_audited(
        cycle: Cycle, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = invoke(["edit", str(cycle.master), "--insert-rows", "Owners!2"], capsys)
    assert (code, err) == (0, "")
    assert read_audit(cycle.master) == []
    no_outside_change(cycle.master, capsys)


def test_a_boolean_or_a_whole_number_set_by_edit_reads_back_as_recorded(
        cycle: Cycle, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = invoke(["edit", str(cycle.master), "--set", "Actions!I3=true", "--set", "Actions!I4=1e6",
                           "--set", "Actions!I5=FALSE"], capsys)
    assert code == 0
    assert out.splitlines()[:3] == ['Actions!I3: (empty) -> "TRUE"', 'Actions!I4: "Draft agreed" -> "1000000"',
                                    'Actions!I5: "Done in May" -> "FALSE"']
    assert [r[4:9] for r in read_audit(cycle.master)] == [["2", "progress", "", "TRUE", "edited"],
                                                          ["3", "progress", "Draft agreed", "1000000", "edited"],
                                                          ["4", "progress", "Done in May", "FALSE", "edited"]]
    no_outside_change(cycle.master, capsys)
    code, out, _ = invoke(["edit", str(cycle.master), "--set", "Actions!I3=false", "--by", getpass.getuser()],
                          capsys)
    assert (code, out.splitlines()[0]) == (0, 'Actions!I3: "TRUE" -> "FALSE"')
    no_outside_change(cycle.master, capsys)


def test_moved_rows_are_audited_with_their_old_and_new_places_and_cells_set_after_follow_them(
        cycle: Cycle, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = invoke(["edit", str(cycle.master), "--move-rows", "Actions!2:3>6", "--set", "Actions!G4=Completed",
                             "--by", "Jo"], capsys)
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == "Actions!2:3: rows moved before row 6"
    rows = read_audit(cycle.master)
    assert [r[3:9] for r in rows] == [
        ["Jo", "1", "row 2", "row 2", "row 4", "row-moved"],
        ["Jo", "2", "row 3", "row 3", "row 5", "row-moved"],
        ["Jo", "1", "status", "In progress", "Completed", "edited"],  # row 4 is action 1 once it moved
    ]
    assert verify(rows).ok
    from govsheet.workbook.read import open_calamine

    refs = [str(r[0]) for r in open_calamine(cycle.master).get_sheet_by_name("Actions").to_python()[1:6]]
    assert refs == ["3", "4", "1", "2", "5"]
    assert actions_values(cycle.master)["1"]["status"] == "Completed"
    no_outside_change(cycle.master, capsys)


@pytest.mark.parametrize("target", ["Audit!H2", "_govsheet!B2", "audit!A2"])
def test_a_cell_of_the_audit_or_metadata_sheet_is_never_set_through_edit(
        cycle: Cycle, capsys: pytest.CaptureFixture[str], target: str) -> None:
    api.edit(cycle.master, ["Actions!I5=Team's note"], reason=REASON, by="Jo")  # an Audit row to aim at
    before = cycle.master.read_bytes()
    code, out, err = invoke(["edit", str(cycle.master), "--set", f"{target}=tampered"], capsys)
    sheet = {"Audit": "Audit", "_govsheet": "_govsheet", "audit": "Audit"}[target.partition("!")[0]]
    assert (code, out) == (2, "")
    assert err == (f'govsheet: {cycle.master}: --set "{target}": the {sheet} sheet of a master is govsheet\'s own '
                   "and changes only through audited commands; change the Actions sheet instead\n")
    assert cycle.master.read_bytes() == before
