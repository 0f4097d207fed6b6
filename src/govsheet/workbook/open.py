"""The one door to a workbook: open it once, safely, and hand out what each stage reads from it.

:meth:`OpenedWorkbook.open` runs the pre-flight check on the package (sizes, ratios, DTDs,
missing parts, each sheet's extent) and opens the calamine book, once. Everything else is
read on first use and kept: each sheet's grid (so the tracker read, the validator and
merge's checks share one calamine read of the Actions sheet), the metadata, a return's
baseline, the Audit rows, the Owners sheet, the file's SHA-256, the macros and links it
carries, and the lossless engine's book over the same package (whose parts the pre-flight
has already inflated).

The object has the calamine book's ``sheet_names`` and ``get_sheet_by_name``, so readers
written for a calamine book take it as it is.

calamine parses a sheet without holding Python's interpreter lock, so :meth:`OpenedWorkbook.prefetch`
can start the parse of some sheets, one after another, on a background thread while the caller
goes on with work that does not need them (merge reads its first return meanwhile). One prefetch
runs at a time, and anything else that uses the calamine book waits for it to end first.
"""

from __future__ import annotations

import stat
import threading
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

from govsheet.errors import WorkbookError
from govsheet.workbook.layout import AUDIT_SHEET, BASELINE_SHEET, META_SHEET

if TYPE_CHECKING:
    from govsheet.model.schema import Schema
    from govsheet.safety import GuardedBook, GuardedSheet
    from govsheet.workbook.read import ActionsTable
    from govsheet.xlsx import Book
    from govsheet.xlsx.package import Package


_BACKGROUND_OPEN_BYTES = 1024 * 1024  # a file this big is opened by calamine while its sheets are checked


class OpenedWorkbook:
    """A workbook opened once; what is read from it is read once."""

    def __init__(self, path: Path, calamine: GuardedBook, package: Package) -> None:
        self.path = path
        self.calamine = calamine
        self.package = package
        self._grids: dict[str, list[list[Any]]] = {}
        self._book: Book | None = None
        self._names = calamine.sheet_names
        self._parse: _Parses | None = None  # the sheets parsed in the background, until each is taken

    @classmethod
    def open(cls, path: Path) -> OpenedWorkbook:
        """Check the file and open it.

        Raises:
            WorkbookError: the file is missing, not a workbook govsheet can open safely, or unreadable.
        """
        from govsheet.safety import preflight
        from govsheet.xlsx.limits import Limits
        from govsheet.xlsx.package import Package
        from govsheet.xlsx.preflight import preflight_book, preflight_sheets

        path = Path(path)
        try:
            found = path.stat()
            size = found.st_size if stat.S_ISREG(found.st_mode) else 0  # a folder or device: refused below
        except OSError:
            size = 0
        if size == 0:
            preflight(path)  # its one clear line for a missing, empty or folder path
        package = Package(path, Limits.from_env())
        try:
            preflight_book(path, package)
            # calamine reads the parts just checked (no sheet) while the sheets are checked here; a
            # small file is opened in turn, as a thread would cost more than it saves
            opening = _Opening(path, background=size >= _BACKGROUND_OPEN_BYTES)
            try:
                preflight_sheets(path, package)
            finally:
                opening.wait()
            calamine = opening.result()
        except BaseException:
            package.close()
            raise
        return cls(path, calamine, package)

    def close(self) -> None:
        """Close the package (the calamine book holds no file open)."""
        self._settle()
        self.package.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ the calamine side
    @property
    def sheet_names(self) -> list[str]:
        """The names of the workbook's sheets, in order."""
        return list(self._names)

    @property
    def sheets_metadata(self) -> list[Any]:
        """calamine's record of each sheet (name, type, visibility)."""
        return list(self._settle().sheets_metadata)

    def prefetch(self, *names: str) -> None:
        """Start calamine's parse of the sheets ``names``, one after another, in the background.

        :meth:`grid` takes each up when it is ready (converting one while the next is parsed). A
        sheet already read or not in the workbook is left out; nothing happens while another
        prefetch runs. An error of a parse is raised by :meth:`grid`, as if it had parsed the sheet.
        """
        if self._parse is not None and self._parse.thread.is_alive():
            return
        wanted = [name for name in dict.fromkeys(names) if name in self._names and name not in self._grids]
        if wanted:
            self._parse = _Parses(self.calamine, wanted)

    def _settle(self) -> GuardedBook:
        """The calamine book, once a background parse has ended (the sheets it parsed kept for :meth:`grid`)."""
        if self._parse is not None:
            self._parse.thread.join()
        return self.calamine

    def get_sheet_by_name(self, name: str) -> _Sheet:
        """The sheet called ``name``, whose grid is read on first use and kept."""
        return _Sheet(self, name)

    def grid(self, name: str) -> list[list[Any]]:
        """Every row of a sheet from A1, as calamine reads it (blank cells ""); read once.

        Raises:
            WorkbookError: no such sheet, or it cannot be read.
        """
        if name not in self._grids:
            if name not in self.sheet_names:
                shown = ", ".join(repr(s) for s in self.sheet_names[:6])
                raise WorkbookError(self.path, f"has no sheet named {name!r} (sheets: {shown}); rename the tracker "
                                               f"sheet to {name!r}")
            if self._parse is not None and self._parse.holds(name):
                sheet = self._parse.take(name)
            else:
                sheet = self._settle().get_sheet_by_name(name)
            self._grids[name] = sheet.to_python(skip_empty_area=False)
        return self._grids[name]

    # ------------------------------------------------------------------ the tracker
    def resolve_schema(self, schema: str | Path | Schema | None = None) -> Schema:
        """The schema of this workbook: the one given, else the one its metadata carries or names.

        Raises:
            UsageError: no schema was given and the workbook names none.
            SchemaError: the schema cannot be loaded.
        """
        from govsheet.schemas import resolve_schema

        return resolve_schema(schema, meta=self.meta, path=self.path)

    def master_schema(self, schema: str | Path | Schema | None = None) -> Schema:
        """The schema of a govsheet master, checked against the one its metadata names.

        Raises:
            WorkbookError: the workbook is not a govsheet master, or is one of another schema.
            SchemaError: the schema cannot be loaded.
        """
        from govsheet.workbook.meta import master_schema

        return master_schema(self.path, self.meta or {}, schema)

    def actions(self, schema: Schema) -> ActionsTable:
        """The tracker sheet read with ``schema`` (its columns matched by header), from the grid read once.

        Raises:
            WorkbookError: no such sheet, or no header row names the schema's fields.
        """
        from govsheet.workbook.read import read_actions

        return read_actions(self.path, schema, book=self)

    # ------------------------------------------------------------------ govsheet's own sheets
    @cached_property
    def meta(self) -> dict[str, str] | None:
        """The metadata sheet's key/value pairs, or None when the workbook has none."""
        from govsheet.workbook.meta import read_pairs

        return read_pairs(self) if META_SHEET in self.sheet_names else None

    @cached_property
    def meta_rows(self) -> dict[str, int]:
        """Each metadata key's row (1-based), for a write that changes keys in place."""
        from govsheet.workbook.meta import pair_rows

        return pair_rows(self)

    @cached_property
    def baseline(self) -> dict[str, dict[str, str]] | None:
        """A return's per-row baseline of the editable fields, or None when the workbook has none."""
        from govsheet.workbook.meta import read_baseline

        return read_baseline(self) if BASELINE_SHEET in self.sheet_names else None

    @cached_property
    def meta_checksum(self) -> str | None:
        """The SHA-256 a return's metadata and baseline should carry (None without both), worked out
        once for the reader of its metadata and the validator's rule."""
        from govsheet.workbook.meta import checksum

        meta, baseline = self.meta, self.baseline
        return checksum(meta, baseline) if meta is not None and baseline is not None else None

    @cached_property
    def audit_rows(self) -> list[list[Any]]:
        """The Audit sheet's rows below its header.

        Raises:
            WorkbookError: the workbook has no Audit sheet.
        """
        if AUDIT_SHEET not in self.sheet_names:
            raise WorkbookError(self.path, f"has no {AUDIT_SHEET!r} sheet; is it a govsheet master?")
        return [list(r) for r in self.grid(AUDIT_SHEET)[1:]]

    @cached_property
    def sha256(self) -> str:
        """The SHA-256 of the file as opened."""
        from govsheet.files import sha256_of

        return sha256_of(self.path)

    @cached_property
    def active_findings(self) -> list[tuple[str, str]]:
        """Macros and links to other files, each as (problem code, plain-English line)."""
        from govsheet.safety import findings_in

        return findings_in(self.package)

    # ------------------------------------------------------------------ the lossless side
    @property
    def book(self) -> Book:
        """The lossless engine's book over the same package, for scanning or patching the XML."""
        from govsheet.xlsx import Book

        if self._book is None:
            self._book = Book(self.package)
        return self._book


class _Sheet:
    """One sheet of an :class:`OpenedWorkbook`, shaped as calamine's sheet for the readers that take one."""

    def __init__(self, opened: OpenedWorkbook, name: str) -> None:
        self._opened = opened
        self.name = name

    def to_python(self, skip_empty_area: bool = True) -> list[list[Any]]:
        """The sheet's rows; from A1 when ``skip_empty_area`` is False (the only way govsheet reads)."""
        if skip_empty_area:
            return self._opened._settle().get_sheet_by_name(self.name).to_python()  # noqa: SLF001 - its own book
        return self._opened.grid(self.name)


class _Opening:
    """calamine opening a workbook (its relationships, shared strings and styles), on a thread of its
    own when ``background`` (calamine does not hold the interpreter lock while it reads), else when
    the result is asked for."""

    def __init__(self, path: Path, *, background: bool) -> None:
        self._path = path
        self._found: GuardedBook | BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="govsheet: open the workbook", daemon=True)
        if background:
            self._thread.start()

    def _run(self) -> None:
        from python_calamine import CalamineWorkbook

        from govsheet.safety import GuardedBook, calamine_guard

        try:
            with calamine_guard(self._path, "the workbook"):
                self._found = GuardedBook(self._path, CalamineWorkbook.from_path(str(self._path)))
        except BaseException as exc:  # noqa: BLE001 - raised again by result()
            self._found = exc

    def wait(self) -> None:
        """Wait for the thread, if one was started, to end."""
        if self._thread.ident is not None:
            self._thread.join()

    def result(self) -> GuardedBook:
        """The opened book, or the error of opening it raised here."""
        self.wait()
        if self._found is None:
            self._run()
        found = self._found
        if isinstance(found, BaseException):
            raise found
        assert found is not None  # noqa: S101 - _run always leaves one or the other
        return found


class _Parses:
    """calamine parsing sheets one after another on a thread of its own (a parse does not hold the
    interpreter lock); each is taken once, when it is ready."""

    def __init__(self, calamine: GuardedBook, names: list[str]) -> None:
        self._calamine = calamine
        self._order = [(name, threading.Event()) for name in names]  # the thread's own list
        self._waiting = dict(self._order)  # the sheets not handed out yet
        self._found: dict[str, GuardedSheet | BaseException] = {}
        self.thread = threading.Thread(target=self._run, name="govsheet: parse sheets", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        for name, ready in self._order:
            try:
                self._found[name] = self._calamine.get_sheet_by_name(name)
            except BaseException as exc:  # noqa: BLE001 - raised again where the grid is asked for
                self._found[name] = exc
            finally:
                ready.set()

    def holds(self, name: str) -> bool:
        """Whether ``name`` is one of the sheets this parse reads and has not handed out yet."""
        return name in self._waiting

    def take(self, name: str) -> GuardedSheet:
        """The parsed sheet once it is ready, or its parse's error raised here."""
        self._waiting.pop(name).wait()
        found = self._found.pop(name)
        if isinstance(found, BaseException):
            raise found
        return found
