"""What govsheet checks besides the OOXML package: calamine's failures as one WorkbookError, cells longer than
Excel allows refused by name, and macros and external links listed with their problem codes."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from govsheet.errors import WorkbookError
from govsheet.safety import GuardedBook, active_content, active_findings, calamine_guard, check_cells
from govsheet.xlsx.limits import MAX_CELL_CHARS
from tests.returns.helpers import make_master


@pytest.fixture
def plain(tmp_path: Path) -> Path:
    return make_master(tmp_path / "master.xlsx")


def with_part(src: Path, dst: Path, name: str, data: bytes) -> Path:
    shutil.copyfile(src, dst)
    with zipfile.ZipFile(dst, "a") as z:
        z.writestr(name, data)
    return dst


def test_a_cell_at_excels_limit_passes_and_one_more_is_refused_by_its_reference() -> None:
    check_cells(Path("a.xlsx"), "Actions", [["x" * MAX_CELL_CHARS]])
    grid = [["ok", "ok"], ["ok", "y" * (MAX_CELL_CHARS + 1)]]
    with pytest.raises(WorkbookError) as refused:
        check_cells(Path("a.xlsx"), "Actions", grid, first_row=3, first_col=1)
    assert str(refused.value) == ("a.xlsx: Actions!C5 holds 32,768 characters, more than Excel's limit of 32,767; "
                                  "shorten it in Excel and send the file again")


def test_cells_that_are_not_text_are_not_measured() -> None:
    check_cells(Path("a.xlsx"), "Actions", [[1.5, None, True, 12]])


def test_a_plain_master_has_no_active_content(plain: Path) -> None:
    assert active_findings(plain) == []
    assert active_content(plain) == []


def test_macros_and_external_links_are_found_with_their_codes(plain: Path, tmp_path: Path) -> None:
    macros = with_part(plain, tmp_path / "macros.xlsx", "xl/vbaProject.bin", b"\xd0\xcf\x11\xe0")
    assert active_findings(macros) == [
        ("macros-present", "contains macros (VBA); govsheet keeps them unchanged and never runs them")]
    rels = (b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
            b'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            b'relationships/externalLinkPath" Target="file:///C:/budget.xlsx" TargetMode="External"/>'
            b"</Relationships>")
    linked = with_part(plain, tmp_path / "linked.xlsx", "xl/externalLinks/_rels/externalLink1.xml.rels", rels)
    assert active_content(linked) == [
        "links to other workbooks (file:///C:/budget.xlsx); govsheet does not open or update them"]


def test_a_file_that_is_not_a_package_is_a_workbook_error(tmp_path: Path) -> None:
    bad = tmp_path / "notes.xlsx"
    bad.write_bytes(b"not a workbook")
    with pytest.raises(WorkbookError, match=r"notes\.xlsx"):
        active_findings(bad)


def test_the_guard_turns_any_failure_into_one_workbook_error() -> None:
    with pytest.raises(WorkbookError) as failed, calamine_guard(Path("r.xlsx"), "sheet 'Actions'"):
        raise ValueError("XML error: unexpected end")
    assert str(failed.value).startswith("r.xlsx: sheet 'Actions' cannot be read (")
    assert str(failed.value).endswith("); open the file in Excel and save it again")


def test_the_guard_explains_a_date_cell_holding_an_impossible_number() -> None:
    with pytest.raises(WorkbookError) as failed, calamine_guard(Path("r.xlsx"), "sheet 'Actions'"):
        raise OverflowError("date value out of range")
    assert "a cell formatted as a date or time holds a number no date can be" in str(failed.value)


def test_the_guard_lets_its_own_errors_and_interrupts_through() -> None:
    original = WorkbookError("r.xlsx", "already clear")
    with pytest.raises(WorkbookError) as failed, calamine_guard(Path("r.xlsx"), "sheet"):
        raise original
    assert failed.value is original
    with pytest.raises(KeyboardInterrupt), calamine_guard(Path("r.xlsx"), "sheet"):
        raise KeyboardInterrupt


def test_the_guarded_book_reads_sheets_by_name_and_number(plain: Path) -> None:
    with GuardedBook(plain, CalamineWorkbook.from_path(str(plain))) as book:
        assert book.sheet_names[0] == "Actions"
        first = book.get_sheet_by_index(0).to_python()
        assert first == book.get_sheet_by_name("Actions").to_python()
        assert first[0][0] == "Ref"
        count = len(book.sheet_names)
        with pytest.raises(WorkbookError) as missing:
            book.get_sheet_by_index(count)
    assert str(missing.value) == f"{plain}: has no sheet number {count + 1}; it has {count}"


@pytest.mark.parametrize("first_out", ["background", "main"])
def test_stderr_comes_back_when_two_threads_silence_it_at_once(tmp_path: Path, first_out: str) -> None:
    """A sheet parsed in the background and a file opened meanwhile each silence stderr; it must come back."""
    import os
    import threading

    def identity() -> tuple[int, int]:
        found = os.fstat(2)
        return found.st_dev, found.st_ino

    before = identity()
    inside, leave_background, background_left = threading.Event(), threading.Event(), threading.Event()

    def background() -> None:
        with calamine_guard(tmp_path / "a.xlsx", "sheet 'Actions'"):
            inside.set()
            leave_background.wait(5)
        background_left.set()

    thread = threading.Thread(target=background)
    thread.start()
    inside.wait(5)
    with calamine_guard(tmp_path / "b.xlsx", "the workbook"):
        assert identity() != before  # silenced
        if first_out == "background":
            leave_background.set()
            background_left.wait(5)
            assert identity() != before  # still silenced: this call has not ended
    assert (identity() == before) is (first_out == "background")
    leave_background.set()
    thread.join(5)
    assert identity() == before
