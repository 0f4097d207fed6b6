"""``govsheet edit`` on a master at the edges: who made it, sheets govsheet does not audit, rows with nothing in them."""

from __future__ import annotations

import getpass
from pathlib import Path

import pytest

from govsheet import api
from govsheet.audit import read_audit, verify
from govsheet.audited_edit import audit_hook, who
from govsheet.errors import UsageError
from govsheet.workbook.meta import read_pairs
from govsheet.workbook.open import OpenedWorkbook
from govsheet.workbook.read import open_calamine
from govsheet.xlsx import Book
from tests.returns.helpers import make_master
from tests.xlsx.handmade import sheet_xml, workbook

ICON_2 = '=IFERROR(MATCH($G3,{"Yet to start","In progress","Completed"},0),"")'  # the icon column's formula


def audited(master: Path, before: int) -> list[list[str]]:
    """The Audit rows an edit added: ref, field, old, new, outcome."""
    rows = read_audit(master)
    assert verify(rows).ok
    return [[str(c) for c in r[4:9]] for r in rows[before:]]


def test_who_is_by_as_given_else_the_user_else_unknown(monkeypatch: pytest.MonkeyPatch) -> None:
    assert who("  Jo Bloggs ") == "Jo Bloggs"

    def no_user() -> str:
        raise OSError("no user name")

    monkeypatch.setattr(getpass, "getuser", no_user)
    assert who(None) == "unknown user"
    assert who("  ") == "unknown user"


def test_files_that_are_no_master_get_no_audit(tmp_path: Path) -> None:
    with OpenedWorkbook.open(workbook(tmp_path, {"Actions": sheet_xml("")})) as opened:
        assert audit_hook(opened) is None


def test_cells_of_other_sheets_the_header_and_the_icon_column_are_audited_by_address(tmp_path: Path) -> None:
    """Only the Actions sheet is audited; a cell outside the fields is named by its address, with the row's key."""
    master = make_master(tmp_path / "master.xlsx")
    before = len(read_audit(master))
    api.edit(master, ["Owners!A20=someone", "Actions!A1=REF", "Actions!H3=9"], by="Jo")
    assert audited(master, before) == [["", "A1", "Ref", "REF", "edited"], ["2", "H3", ICON_2, "9", "edited"]]


def test_a_row_inserted_and_deleted_again_leaves_only_its_insertion(tmp_path: Path) -> None:
    """A blank row deleted has no values to record; rows inserted far below the data are numbered where they go."""
    master = make_master(tmp_path / "master.xlsx")
    before = len(read_audit(master))
    api.edit(master, [], steps=[("insert-rows", "Actions!3"), ("delete-rows", "Actions!3"),
                                ("insert-rows", "Actions!20"), ("move-rows", "Actions!2>5")], by="Jo")
    assert audited(master, before) == [["", "row 3", "", "", "row-added"], ["", "row 20", "", "", "row-added"],
                                       ["1", "row 2", "row 2", "row 4", "row-moved"]]
    assert api.outside_changes(master)[1] == []


def test_a_master_whose_actions_cannot_be_read_is_audited_cell_by_cell_and_its_rows_are_kept(tmp_path: Path) -> None:
    master = make_master(tmp_path / "master.xlsx")
    with Book.open(master) as book:
        for col in "ABCDEFGHIJKLM":
            book.sheet("Actions").set(f"{col}1", None)
        book.save()
    tracked = read_pairs(open_calamine(master))
    before = len(read_audit(master))
    with pytest.raises(UsageError) as info:
        api.edit(master, [], delete_rows=["Actions!3"])
    assert str(info.value) == (
        f'{master}: --delete-rows "Actions!3:3": the Actions sheet cannot be read as a table (sheet \'Actions\' has '
        "no header row naming the schema's columns ('Ref', 'Part of', 'Planned Action', 'Officer responsible', ...); "
        "check it is a Annual Governance Statement action plan tracker), so the rows changed could not be audited; "
        "fix the sheet first (govsheet validate says where)")
    api.edit(master, ["Actions!C3=Changed"], by="Jo")
    assert audited(master, before) == [["", "C3", "Action 2", "Changed", "edited"]]
    after = read_pairs(open_calamine(master))
    assert {k: v for k, v in after.items() if k.startswith("tracked")} == {
        k: v for k, v in tracked.items() if k.startswith("tracked")}


def test_a_cell_set_to_what_it_holds_and_cells_of_other_sheets_add_no_audit_row(tmp_path: Path) -> None:
    master = make_master(tmp_path / "master.xlsx")
    before = read_audit(master)
    api.edit(master, ["Actions!C3=Action 2", "Owners!A20=someone"], by="Jo")
    assert read_audit(master) == before


def test_a_key_typed_into_a_new_row_names_it_and_a_row_deleted_records_its_values(tmp_path: Path) -> None:
    """A step naming no sheet edits the first, the Actions sheet."""
    master = make_master(tmp_path / "master.xlsx")
    before = len(read_audit(master))
    api.edit(master, [], steps=[("insert-rows", "Actions!3"), ("set", "A3:=1a"), ("set", "C3:=A sub-item"),
                                ("delete-rows", "Actions!7")],
             by="Jo")
    assert audited(master, before) == [
        ["", "row 3", "", "", "row-added"], ["1a", "ref", "", "1a", "edited"],
        ["1a", "action", "", "A sub-item", "edited"],
        ["5", "row 7", "5; Action 5; Chief Executive; March 2021; In progress; =SUM(1,2)", "", "row-removed"]]
    assert api.outside_changes(master)[1] == []


@pytest.mark.parametrize(("steps", "message"), [
    ([("set", "Audit!A2=x")], '--set "Audit!A2": the Audit sheet of a master is govsheet\'s own and changes only '
                              "through audited commands; change the Actions sheet instead"),
    ([("delete-rows", "_govsheet!2")], '--delete-rows "_govsheet!2:2": the _govsheet sheet of a master is '
                                       "govsheet's own and its rows cannot be deleted or inserted; it changes only "
                                       "through audited commands"),
    ([("insert-rows", "Actions!1")], '--insert-rows "Actions!1:1" would cut the header row (row 1) of the '
                                     "master's Actions sheet; give rows below it"),
])
def test_edits_that_cannot_be_audited_are_refused_before_anything_changes(
        tmp_path: Path, steps: list[tuple[str, str]], message: str) -> None:
    master = make_master(tmp_path / "master.xlsx")
    data = master.read_bytes()
    with pytest.raises(UsageError) as info:
        api.edit(master, [], steps=steps)
    assert str(info.value) == f"{master}: {message}"
    assert master.read_bytes() == data


def test_rows_of_a_sheet_govsheet_does_not_track_are_not_audited(tmp_path: Path) -> None:
    master = make_master(tmp_path / "master.xlsx")
    before = read_audit(master)
    api.edit(master, [], insert_rows=["Owners!2"], by="Jo")
    assert read_audit(master) == before


def test_a_target_set_by_hand_moves_its_date_and_both_are_audited(tmp_path: Path) -> None:
    """Target (E) and Target (as date) (F): the date follows the text, as import and approved requests set it."""
    import datetime as dt

    import openpyxl

    master = make_master(tmp_path / "master.xlsx")
    before = len(read_audit(master))
    report = api.edit(master, ["Actions!E2=June 2026", "Actions!E3=Ongoing", "Actions!E4=July 2026",
                               "Actions!F4=2026-07-15"], by="Jo")
    assert [(c.ref, c.new) for c in report.changes] == [
        ("E2", "June 2026"), ("F2", "2026-06-30"), ("E3", "Ongoing"), ("E4", "July 2026"),
        ("F4", "2026-07-15")]  # "Ongoing" names no date, and F3 is blank already; a date set by hand is kept
    ws = openpyxl.load_workbook(master)["Actions"]
    assert (ws["F2"].value.date(), ws["F3"].value, ws["F4"].value.date()) == (dt.date(2026, 6, 30), None,
                                                                              dt.date(2026, 7, 15))
    assert audited(master, before) == [
        ["1", "target", "March 2021", "June 2026", "edited"], ["1", "target_date", "", "2026-06-30", "edited"],
        ["2", "target", "March 2021", "Ongoing", "edited"],
        ["3", "target", "March 2021", "July 2026", "edited"], ["3", "target_date", "", "2026-07-15", "edited"]]
    assert api.outside_changes(master)[1] == []  # the record of tracked values follows the edit
    report = api.edit(master, ["Actions!E2=", "Actions!E5=September 2026"], by="Jo")
    assert [(c.ref, c.old, c.new) for c in report.changes] == [
        ("E2", "June 2026", None), ("F2", "2026-06-30", None), ("E5", "March 2021", "September 2026"),
        ("F5", None, "2026-09-30")]


def _recorded(master: Path) -> dict[str, list[str]]:
    from govsheet.workbook.snapshot import decode

    record = decode(OpenedWorkbook.open(master).meta or {})
    assert record is not None
    return dict(record.items())


@pytest.mark.parametrize("blank_row", [False, True])
def test_the_values_recorded_after_a_cell_edit_are_the_sheets_with_or_without_a_row_lacking_a_key(
        tmp_path: Path, blank_row: bool) -> None:
    """Every row keyed: the record is patched where the edit set cells; a row without a key: rebuilt row by row."""
    master = make_master(tmp_path / "master.xlsx")
    if blank_row:
        api.edit(master, ["Actions!A4="], by="Jo")  # row 4 loses its reference
    api.edit(master, ["Actions!G3=Completed", "Actions!C5=Reworded", "Actions!I3=Done"], by="Jo")
    assert api.outside_changes(master)[1] == []
    record = _recorded(master)
    assert (record["2"][6], record["2"][7]) == ("Completed", "Done")
    assert record["4"][2] == "Reworded"
    assert ("3" in record) is not blank_row
    api.edit(master, [], steps=[("insert-rows", "Actions!3")], by="Jo")  # rows moved: followed one by one
    assert api.outside_changes(master)[1] == []
    assert _recorded(master) == record


@pytest.mark.parametrize("rows_move", [False, True])
def test_a_formula_put_in_a_tracked_cell_is_recorded_as_the_blank_the_next_read_finds(
        tmp_path: Path, rows_move: bool) -> None:
    """Until Excel recalculates it a new formula has no result: recording its text would have the next
    command blame someone outside govsheet for changing the cell."""
    master = make_master(tmp_path / "master.xlsx")
    before = len(read_audit(master))
    steps = [("insert-rows", "Actions!9")] if rows_move else []  # rows followed one by one, not patched
    api.edit(master, [], formulas=["Actions!I3=UPPER(C3)"], steps=steps, by="Jo")
    assert audited(master, before)[-1][:2] == ["2", "progress"]
    assert audited(master, before)[-1][3:] == ["=UPPER(C3)", "edited"]
    assert api.outside_changes(master)[1] == []
    assert _recorded(master)["2"][7] == ""
    api.edit(master, ["Actions!D4=Someone else"], by="Jo")
    assert [r[4] for r in audited(master, before)] == [*(["row-added"] if rows_move else []), "edited", "edited"]
