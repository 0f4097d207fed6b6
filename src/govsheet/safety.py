"""What govsheet checks in a workbook besides its OOXML package: the guarded calamine book, active content.

The package checks (sizes, ratios, DTDs, missing parts, a sheet's extent) are
:func:`govsheet.xlsx.preflight.preflight`, re-exported here. This module

* wraps the calamine workbook so that every sheet read turns calamine's errors into one
  :class:`~govsheet.errors.WorkbookError` and refuses a cell longer than Excel's 32,767
  characters, naming the cell;
* lists what in a workbook could act by itself in Excel (macros, links to other files), each
  finding with its problem code.

calamine itself never expands entities and stops a part that inflates past its declared size,
so the checks are what makes the refusal early and the message clear; they are not the
only line of defence.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
from collections.abc import Iterator
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

from govsheet.errors import WorkbookError
from govsheet.xlsx.limits import MAX_CELL_CHARS, ReadLimits
from govsheet.xlsx.preflight import error_detail as _detail
from govsheet.xlsx.preflight import preflight
from govsheet.xlsx.refs import col_letters

if TYPE_CHECKING:
    from govsheet.xlsx.package import Package

__all__ = ["GuardedBook", "GuardedSheet", "ReadLimits", "active_content", "active_findings", "calamine_guard",
           "check_cells", "findings_in", "preflight"]

def active_content(path: Path) -> list[str]:
    """What in a workbook could act by itself if opened in Excel, one plain-English line per finding.

    Raises:
        WorkbookError: the file is not a package govsheet can open safely.
    """
    return [line for _, line in active_findings(path)]


def active_findings(path: Path) -> list[tuple[str, str]]:
    """Macros and links to other files in a workbook, each as (problem code, plain-English line).

    govsheet keeps such parts byte for byte and never runs or follows them; callers show these
    lines so a person knows the file carries them. The code comes with the finding, so no caller
    has to tell the kinds apart from the English text.

    Raises:
        WorkbookError: the file is not a package govsheet can open safely.
    """
    from govsheet.xlsx.package import Package

    package = Package(Path(path))
    try:
        return findings_in(package)
    finally:
        package.close()


def findings_in(package: Package) -> list[tuple[str, str]]:
    """:func:`active_findings` of a package already open."""
    names = package.names
    found: list[tuple[str, str]] = []
    if any(n.lower().endswith("vbaproject.bin") for n in names):
        found.append(("macros-present", "contains macros (VBA); govsheet keeps them unchanged and never runs them"))
    targets: list[str] = []
    for name in names:
        if name.lower().startswith("xl/externallinks/_rels/") and name.lower().endswith(".rels"):
            root = package.xml(name)
            targets += [rel.get("Target", "") for rel in root if rel.get("TargetMode") == "External"]
    if targets:
        shown = ", ".join(sorted(set(targets))[:3])
        found.append(("external-links",
                      f"links to other workbooks ({shown}); govsheet does not open or update them"))
    return found


@contextlib.contextmanager
def calamine_guard(path: Path, what: str) -> Iterator[None]:
    """Run a calamine call with its failures, Rust panics included, turned into one WorkbookError.

    A panic inside calamine (for instance a date-formatted cell holding 1E+300) arrives as pyo3's
    ``PanicException``, which is not an ``Exception``, and Rust prints its own report on stderr
    first; that report is silenced here, so the officer sees govsheet's one line only.
    """
    with _stderr_silenced():
        try:
            yield
        except WorkbookError:
            raise
        except (KeyboardInterrupt, SystemExit, GeneratorExit):
            raise
        except BaseException as exc:  # noqa: BLE001 - calamine's errors, and its panics, all mean "unreadable"
            detail = _detail(exc)
            if "TimeDelta" in detail or "out of range" in detail or "out of bounds" in detail:
                raise WorkbookError(path, f"{what} cannot be read: a cell formatted as a date or time holds a number "
                                          f"no date can be ({detail}); find the cell (a huge or negative number in a "
                                          "date column), correct it in Excel and save again") from None
            raise WorkbookError(path, f"{what} cannot be read ({detail}); open the file in Excel and save it "
                                      "again") from None


# stderr is one file of the process: calamine calls on two threads (a sheet parsed in the background
# while the main thread opens another file) share one silence, begun by the first and ended by the last.
# A call on the main thread sends stderr to the null device (the main thread writes nothing meanwhile);
# once a call runs on any other thread, the main thread may write while it runs (a progress bar, a
# server's log), so stderr goes through a relay that passes everything on but Rust's panic reports.
_SILENCE = threading.Lock()
_silencers = 0
_saved_stderr = -1  # a copy of stderr while some call is silenced (-1: none, or it could not be made)
_relay: _Relay | None = None


@contextlib.contextmanager
def _stderr_silenced() -> Iterator[None]:
    """stderr kept from calamine's panic reports for the duration, however many threads ask at once."""
    global _silencers, _saved_stderr, _relay  # noqa: PLW0603 - one silence for the process, as its stderr is one
    background = threading.current_thread() is not threading.main_thread()
    with _SILENCE:
        if _silencers == 0:
            sys.stderr.flush()
            try:
                _saved_stderr = os.dup(2)
            except OSError:
                _saved_stderr = -1
            if _saved_stderr != -1 and not background:
                _to_null_device()
        if background and _relay is None and _saved_stderr != -1:
            try:
                _relay = _Relay(_saved_stderr)
            except OSError:  # no pipe or thread to be had: silenced as on the main thread
                _to_null_device()
        _silencers += 1
    try:
        yield
    finally:
        with _SILENCE:
            _silencers -= 1
            if _silencers == 0 and _saved_stderr != -1:
                sys.stderr.flush()
                os.dup2(_saved_stderr, 2)
                if _relay is not None:
                    _relay.finish()  # stderr restored, the pipe has no writer left: what it holds is passed on
                    _relay = None
                os.close(_saved_stderr)
                _saved_stderr = -1


def _to_null_device() -> None:
    quiet = os.open(os.devnull, os.O_WRONLY)
    os.dup2(quiet, 2)
    os.close(quiet)


class _Relay:
    """stderr (fd 2) sent through a pipe whose bytes a thread passes on to ``real``, Rust's panic
    reports left out (see :class:`PanicFilter`)."""

    def __init__(self, real: int) -> None:
        self._real = os.dup(real)  # its own, closed by the relay when it ends
        read, write = os.pipe()
        os.dup2(write, 2)
        os.close(write)
        self._read = read
        self._thread = threading.Thread(target=self._run, name="govsheet-stderr", daemon=True)
        self._thread.start()

    def finish(self) -> None:
        """Wait for the relay to pass on what is left (fd 2 must no longer be the pipe)."""
        self._thread.join(2)  # a child process still holding the pipe open is not waited for longer

    def _run(self) -> None:
        kept = PanicFilter()
        try:
            while chunk := _read_some(self._read):
                _write_all(self._real, kept.feed(chunk))
            _write_all(self._real, kept.end())
        finally:
            os.close(self._read)
            os.close(self._real)


_PANIC = b"thread '"  # how Rust's report of a panic begins: "thread '<unnamed>' (12) panicked at src/...:"


class PanicFilter:
    """What is written to stderr, less Rust's reports of a panic.

    A report runs from the newline Rust writes first and a "thread '...' panicked at" line to the
    "note: ..." line that ends it, a backtrace included. Everything else is passed on as it comes
    (a line still being written, such as a progress bar, included) unless it could be the start of
    a report; each newline waits for what follows it, as it may be a report's first.
    """

    def __init__(self) -> None:
        self._held = b""  # the start of a line, until it is known not to begin a report
        self._newline = False  # a newline not passed on yet
        self._mid = False  # part of the line being written has been passed on
        self._dropping = False

    def feed(self, data: bytes) -> bytes:
        """What of ``data`` (with what was held) can be shown now."""
        *lines, self._held = (self._held + data).split(b"\n")
        out: list[bytes] = []
        for line in lines:
            if self._dropping:
                self._dropping = not line.startswith(b"note: ")
            elif not self._mid and line.startswith(_PANIC) and b" panicked at " in line:
                self._newline, self._dropping = False, True
            else:
                out.append(self._take_newline() + line)
                self._newline = True
            self._mid = False
        if self._held and not self._dropping and not self._may_begin_report(self._held):
            out.append(self._take_newline() + self._held)
            self._held, self._mid = b"", True
        return b"".join(out)

    def end(self) -> bytes:
        """What is left to show once nothing more will be written."""
        held, self._held = self._held, b""
        if self._dropping or (held and self._may_begin_report(held)):
            return b""  # a report cut short, with the newline before it
        return self._take_newline() + held

    def _may_begin_report(self, start: bytes) -> bool:
        return not self._mid and (start.startswith(_PANIC) or _PANIC.startswith(start))

    def _take_newline(self) -> bytes:
        newline, self._newline = self._newline, False
        return b"\n" if newline else b""


def _read_some(fd: int) -> bytes:
    try:
        return os.read(fd, 65536)
    except OSError:
        return b""


def _write_all(fd: int, data: bytes) -> None:
    with contextlib.suppress(OSError):  # stderr itself gone: nothing can be shown
        while data:
            data = data[os.write(fd, data):]


class GuardedBook:
    """A calamine workbook whose sheet reads raise :class:`WorkbookError` and refuse over-long cells."""

    def __init__(self, path: Path, book: Any) -> None:
        self.path = path
        self._book = book

    @property
    def sheet_names(self) -> list[str]:
        """The names of the workbook's sheets, in order."""
        names: list[str] = list(self._book.sheet_names)
        return names

    def get_sheet_by_name(self, name: str) -> GuardedSheet:
        """The sheet called ``name``."""
        with calamine_guard(self.path, f"sheet {name!r}"):
            sheet = self._book.get_sheet_by_name(name)
        return GuardedSheet(self.path, name, sheet)

    def get_sheet_by_index(self, index: int) -> GuardedSheet:
        """The sheet at ``index`` (0-based)."""
        names = self.sheet_names
        if not 0 <= index < len(names):
            raise WorkbookError(self.path, f"has no sheet number {index + 1}; it has {len(names)}")
        return self.get_sheet_by_name(names[index])

    def __getattr__(self, name: str) -> Any:
        return getattr(self._book, name)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_exc: object) -> None:
        close = getattr(self._book, "close", None)
        if close is not None:
            close()


class GuardedSheet:
    """One calamine sheet; ``to_python`` checks every text cell against Excel's length limit."""

    def __init__(self, path: Path, name: str, sheet: Any) -> None:
        self.path = path
        self.name = name
        self._sheet = sheet

    def to_python(self, *args: Any, **kwargs: Any) -> list[list[Any]]:
        """The sheet's cells as rows of Python values (as calamine's ``to_python``)."""
        with calamine_guard(self.path, f"sheet {self.name!r}"):
            grid: list[list[Any]] = self._sheet.to_python(*args, **kwargs)
        skip_empty = kwargs.get("skip_empty_area", args[0] if args else True)
        first_row, first_col = self._sheet.start if skip_empty and self._sheet.start else (0, 0)
        check_cells(self.path, self.name, grid, first_row, first_col)
        return grid

    def iter_rows(self) -> Any:
        """The rows one by one (unchecked for length: use ``to_python`` for trackers)."""
        with calamine_guard(self.path, f"sheet {self.name!r}"):
            return list(self._sheet.iter_rows())

    def __getattr__(self, name: str) -> Any:
        return getattr(self._sheet, name)


def check_cells(path: Path, sheet: str, grid: list[list[Any]], first_row: int = 0, first_col: int = 0) -> None:
    """Refuse a grid holding a text cell longer than Excel allows, naming the first such cell.

    Raises:
        WorkbookError: a cell holds more than 32,767 characters.
    """
    limit = MAX_CELL_CHARS
    # one pass at C speed over the text cells; the loop naming the cell runs only when one is too long
    if max(map(len, filter(str.__instancecheck__, chain.from_iterable(grid))), default=0) <= limit:
        return
    for r, row in enumerate(grid):
        for c, value in enumerate(row):
            if value.__class__ is str and len(value) > limit:
                ref = f"{col_letters(first_col + c + 1)}{first_row + r + 1}"
                raise WorkbookError(path, f"{sheet}!{ref} holds {len(value):,} characters, more than Excel's "
                                          f"limit of {limit:,}; shorten it in Excel and send the file again")
