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
"""

from __future__ import annotations

import hashlib
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

from govsheet.errors import WorkbookError
from govsheet.workbook.layout import AUDIT_SHEET, BASELINE_SHEET, META_SHEET

if TYPE_CHECKING:
    from govsheet.model.schema import Schema
    from govsheet.safety import GuardedBook
    from govsheet.workbook.read import ActionsTable
    from govsheet.xlsx import Book
    from govsheet.xlsx.package import Package


class OpenedWorkbook:
    """A workbook opened once; what is read from it is read once."""

    def __init__(self, path: Path, calamine: GuardedBook, package: Package) -> None:
        self.path = path
        self.calamine = calamine
        self.package = package
        self._grids: dict[str, list[list[Any]]] = {}
        self._book: Book | None = None

    @classmethod
    def open(cls, path: Path) -> OpenedWorkbook:
        """Check the file and open it.

        Raises:
            WorkbookError: the file is missing, not a workbook govsheet can open safely, or unreadable.
        """
        from python_calamine import CalamineWorkbook

        from govsheet.safety import GuardedBook, calamine_guard, preflight
        from govsheet.xlsx.limits import Limits
        from govsheet.xlsx.package import Package

        path = Path(path)
        if not path.is_file() or path.stat().st_size == 0:
            preflight(path)  # its one clear line for a missing, empty or folder path
        package = Package(path, Limits.from_env())
        try:
            preflight(path, package=package)
            with calamine_guard(path, "the workbook"):
                calamine = GuardedBook(path, CalamineWorkbook.from_path(str(path)))
        except BaseException:
            package.close()
            raise
        return cls(path, calamine, package)

    def close(self) -> None:
        """Close the package (the calamine book holds no file open)."""
        self.package.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ the calamine side
    @property
    def sheet_names(self) -> list[str]:
        """The names of the workbook's sheets, in order."""
        return self.calamine.sheet_names

    @property
    def sheets_metadata(self) -> list[Any]:
        """calamine's record of each sheet (name, type, visibility)."""
        return list(self.calamine.sheets_metadata)

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
            self._grids[name] = self.calamine.get_sheet_by_name(name).to_python(skip_empty_area=False)
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
        digest = hashlib.sha256()
        with self.path.open("rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
        return digest.hexdigest()

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
            return self._opened.calamine.get_sheet_by_name(self.name).to_python()
        return self._opened.grid(self.name)
