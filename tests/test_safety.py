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


_WRITES_WHILE_A_SHEET_PANICS = r"""
import os, sys, threading
from pathlib import Path
from python_calamine import CalamineWorkbook
from govsheet.errors import WorkbookError
from govsheet.safety import calamine_guard

path, first = Path(sys.argv[1]), sys.argv[2]
inside, written = threading.Event(), threading.Event()


def background() -> None:
    try:
        with calamine_guard(path, "sheet 'Actions'"):
            inside.set()
            written.wait(10)
            CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Actions").to_python()
    except WorkbookError as exc:
        print("refused:", exc.message, flush=True)


thread = threading.Thread(target=background)
if first == "main":  # the main thread is in a calamine call of its own when the background one begins
    with calamine_guard(path, "the workbook"):
        thread.start()
        inside.wait(10)
else:
    thread.start()
    inside.wait(10)
sys.stderr.write("Merging returns  [####----]  50%")
sys.stderr.flush()
print("a line logged by the main thread", file=sys.stderr, flush=True)
os.write(2, b"written to the file itself\n")
written.set()
thread.join(10)
print("after", file=sys.stderr, flush=True)
"""


@pytest.mark.parametrize("backtrace", ["1", ""])
@pytest.mark.parametrize("first", ["main", "background"])
def test_what_the_main_thread_writes_during_a_background_read_is_shown_and_rusts_panic_is_not(
        tmp_path: Path, first: str, backtrace: str) -> None:
    import os
    import subprocess
    import sys

    import xlsxwriter

    path = tmp_path / "far-date.xlsx"
    with xlsxwriter.Workbook(path) as wb:  # a date-formatted cell holding -1E+300: calamine panics on it
        sheet = wb.add_worksheet("Actions")
        sheet.write_string(0, 0, "Target date")
        sheet.write_number(1, 0, -1e300, wb.add_format({"num_format": "dd/mm/yyyy"}))
    env = {k: v for k, v in os.environ.items() if k != "RUST_BACKTRACE"} | (
        {"RUST_BACKTRACE": backtrace} if backtrace else {})
    done = subprocess.run([sys.executable, "-c", _WRITES_WHILE_A_SHEET_PANICS, str(path), first],
                          capture_output=True, env=env, timeout=60, check=False)
    err = done.stderr.decode()
    assert done.returncode == 0, err
    assert done.stdout.decode().startswith("refused: sheet 'Actions' cannot be read: a cell formatted as a date")
    assert err == ("Merging returns  [####----]  50%a line logged by the main thread\n"
                   "written to the file itself\nafter\n")


_PANIC_REPORT = (b"\nthread '<unnamed>' (17756) panicked at /cargo/chrono-0.4.45/src/lib.rs:717:17:\n"
                 b"TimeDelta::milliseconds out of bounds\nstack backtrace:\n   0: __rustc::rust_begin_unwind\n"
                 b"note: Some details are omitted, run with `RUST_BACKTRACE=full` for a verbose backtrace.\n")


@pytest.mark.parametrize(("stream", "shown"), [
    (b"Merging [##--] 50%" + _PANIC_REPORT + b"\rMerging [####] 100%\n", b"Merging [##--] 50%\rMerging [####] 100%\n"),
    (b"one\n\ntwo\n" + _PANIC_REPORT.replace(b"stack backtrace:\n   0: __rustc::rust_begin_unwind\n", b""), b"one\n\ntwo\n"),
    (b"thread 'a' waited\n\n\nend", b"thread 'a' waited\n\n\nend"),
    (b"a line with no end, then a report" + _PANIC_REPORT, b"a line with no end, then a report"),
    (b"kept\n" + _PANIC_REPORT[:60], b"kept\n"),  # a report cut short by the end of the silence
    (b"thread '", b""),
])
def test_rusts_panic_reports_are_left_out_however_the_writes_are_split(stream: bytes, shown: bytes) -> None:
    from govsheet.safety import PanicFilter

    whole = PanicFilter()
    assert whole.feed(stream) + whole.end() == shown
    for cut in range(1, len(stream)):
        split = PanicFilter()
        assert split.feed(stream[:cut]) + split.feed(stream[cut:]) + split.end() == shown, cut
    byte_by_byte = PanicFilter()
    assert b"".join(byte_by_byte.feed(stream[i:i + 1]) for i in range(len(stream))) + byte_by_byte.end() == shown
