"""Less common returns and masters: each still ends in a clear outcome or one clear error."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from govsheet import api
from govsheet.errors import WorkbookError
from govsheet.merge.lock import lock_path
from govsheet.xlsx import Book
from tests.conftest import SEEDS
from tests.merge.conftest import Cycle
from tests.returns.helpers import edit

CE = "Chief Executive"


def test_a_repeated_reference_in_a_return_is_rejected(cycle: Cycle) -> None:
    wb = openpyxl.load_workbook(cycle.returns[CE])
    wb["Actions"].append(["2", None, "Action 2", CE, "March 2021", None, "Completed", None, "Twice"])
    wb.save(cycle.returns[CE])
    report = api.merge(cycle.master, [cycle.returns[CE]])
    assert [(c.key, c.field, c.outcome, c.reason) for c in report.changes] == [
        ("2", None, "rejected", "a second row with reference '2'; not merged")]


def test_a_removed_editable_column_is_reported(cycle: Cycle) -> None:
    wb = openpyxl.load_workbook(cycle.returns[CE])
    wb["Actions"].delete_cols(9)  # Progress update
    wb.save(cycle.returns[CE])
    report = api.merge(cycle.master, [cycle.returns[CE]])
    assert [(c.key, c.field, c.outcome) for c in report.changes] == [("*", "progress", "rejected")]
    assert report.changes[0].reason.startswith("the column was removed from the return")


def test_a_return_without_its_actions_sheet_is_invalid(cycle: Cycle) -> None:
    wb = openpyxl.load_workbook(cycle.returns[CE])
    wb["Actions"].title = "My actions"
    wb.save(cycle.returns[CE])
    (result,) = api.merge(cycle.master, [cycle.returns[CE]]).returns
    assert result.status == "invalid"
    assert "has no sheet named 'Actions'" in result.reason


def test_a_row_removed_or_reassigned_in_the_master_is_not_merged(cycle: Cycle) -> None:
    book = Book.open(cycle.master)
    actions = book.sheet("Actions")
    actions.set("A3", "2x")  # the team renumbered action 2
    actions.set("D6", "Group Manager - ICT")  # and gave action 5 to someone else
    book.save()
    edit(cycle.returns[CE], {("2", "Progress update"): "Lost?", ("5", "Progress update"): "Mine?"})
    report = api.merge(cycle.master, [cycle.returns[CE]])
    assert [(c.key, c.outcome, c.reason) for c in report.changes] == [
        ("2", "rejected", "the master no longer has this row; not merged"),
        ("5", "rejected", "the row no longer belongs to this return's owner in the master; not merged"),
    ]


def test_a_return_for_another_schema_is_invalid(cycle: Cycle, tmp_path: Path) -> None:
    other = tmp_path / "review.xlsx"
    api.import_tracker(SEEDS["governance-review"], "governance-review", other)
    issued = api.issue(other, tmp_path / "review-returns").returns[0].path
    (result,) = api.merge(cycle.master, [issued]).returns
    assert (result.status, result.reason) == (
        "invalid", "a return for schema 'governance-review'; the master uses 'ags-action-plan'")


def test_a_return_issued_under_an_older_schema_version_is_stale(cycle: Cycle) -> None:
    from python_calamine import CalamineWorkbook

    from govsheet.returns.meta import ReturnMeta, read_return_meta, write_baseline
    from govsheet.workbook.meta import write_meta
    from govsheet.workbook.write import write_atomic

    path = cycle.returns[CE]
    meta = read_return_meta(path, CalamineWorkbook.from_path(str(path)))
    old = ReturnMeta(**{**meta.__dict__, "schema_hash": "0" * 64})
    rows = [[c.value for c in r] for r in openpyxl.load_workbook(path)["Actions"].iter_rows()]

    def build(book: object) -> None:
        sheet = book.add_worksheet("Actions")  # type: ignore[attr-defined]
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is not None and not str(value).startswith("="):
                    sheet.write(r, c, value)
        write_meta(book, old.items())
        write_baseline(book, old.baseline)

    write_atomic(path, build)
    (result,) = api.merge(cycle.master, [path]).returns
    assert (result.status, result.reason) == (
        "stale", "issued with an older version of the schema; use --accept-stale to merge it")


def test_a_lock_file_that_names_no_process_is_taken_over(cycle: Cycle) -> None:
    lock_path(cycle.master).write_text("not a pid\n")
    assert api.merge(cycle.master, [cycle.returns[CE]]).exit_code == 0
    assert not lock_path(cycle.master).exists()


def test_a_missing_master_is_one_clear_error_and_leaves_no_lock(tmp_path: Path, cycle: Cycle) -> None:
    missing = tmp_path / "nowhere.xlsx"
    with pytest.raises(WorkbookError, match=r"nowhere\.xlsx: file not found"):
        api.merge(missing, [cycle.returns[CE]])
    assert not lock_path(missing).exists()


def test_a_workbook_that_is_not_a_master_is_refused(tmp_path: Path, cycle: Cycle) -> None:
    with pytest.raises(WorkbookError, match="is not a govsheet master"):
        api.merge(cycle.returns[CE], [cycle.returns[CE]])
    assert not lock_path(cycle.returns[CE]).exists()
    with pytest.raises(WorkbookError, match="is a 'ags-action-plan' master, not 'governance-review'"):
        api.merge(cycle.master, [cycle.returns[CE]], schema="governance-review")


def test_a_master_without_its_actions_sheet_is_refused(cycle: Cycle) -> None:
    wb = openpyxl.load_workbook(cycle.master)
    wb["Actions"].title = "Old actions"
    wb.save(cycle.master)
    with pytest.raises(WorkbookError, match="has no sheet named 'Actions'"):
        api.merge(cycle.master, [cycle.returns[CE]])
    assert cycle.master.exists()


def test_a_return_that_cannot_be_read_is_invalid(cycle: Cycle, tmp_path: Path) -> None:
    folder = tmp_path / "folder.xlsx"
    folder.mkdir()
    (result,) = api.merge(cycle.master, [folder]).returns
    assert (result.status, result.reason) == ("invalid", "cannot be read (Is a directory)")


def test_a_backup_that_cannot_be_written_stops_the_merge_before_the_master_changes(cycle: Cycle) -> None:
    edit(cycle.returns[CE], {("2", "Progress update"): "Needs a backup first"})
    before = cycle.master.read_bytes()
    cycle.master.with_name("master.bak.xlsx").mkdir()  # something in the way of the backup
    with pytest.raises(WorkbookError, match=r"cannot write the backup of master\.xlsx"):
        api.merge(cycle.master, [cycle.returns[CE]])
    assert cycle.master.read_bytes() == before
    assert not lock_path(cycle.master).exists()


def test_a_row_of_the_owner_that_was_not_issued_is_rejected_as_such(cycle: Cycle) -> None:
    wb = openpyxl.load_workbook(cycle.returns["Group Manager – Assurance"])
    wb["Actions"].append(["3x", None, "Action 3x", "Group Manager – Assurance", "March 2021", None, "In progress"])
    wb.save(cycle.returns["Group Manager – Assurance"])
    book = Book.open(cycle.master)
    book.sheet("Actions").set("A2", "3x")  # the team renumbered action 1 after the return was issued
    book.save()
    report = api.merge(cycle.master, [cycle.returns["Group Manager – Assurance"]])
    assert [(c.key, c.reason) for c in report.changes] == [
        ("3x", "the row was not in this return when it was issued; not merged")]
