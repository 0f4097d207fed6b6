"""What calamine does not tell the validator: formulas, merged ranges and the date system.

calamine gives cell values only. The sheet's XML is scanned once, as bytes, for the
``<f>`` elements of formula cells and the ``<mergeCell>`` ranges, which keeps the cost
close to that of calamine's own read even at 50,000 rows. The parts come from the lossless
engine's package, which has checked them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

    from govsheet.xlsx import Book

_ROOT = re.compile(rb"<([A-Za-z_][\w.-]*:)?worksheet\b")
_SLASH = ord("/")
_FORMULA = re.compile(rb"<f[\s>/]")  # the opening of a formula element (no prefix)
_DIMENSION = re.compile(rb'<dimension\s+ref="[A-Z]{1,3}[0-9]+:([A-Z]{1,3})[0-9]+"')
_CELL_REF = re.compile(rb"([A-Z]{1,3})[0-9]+\Z")
_MAX_OTHERS = 64  # a sheet wider than this is looked at cell by cell
_MERGE = re.compile(rb'<(?:[A-Za-z_][\w.-]*:)?mergeCell\s[^>]*?ref="([A-Z]{1,3})([0-9]+)(?::([A-Z]{1,3})([0-9]+))?"')


@dataclass
class SheetScan:
    """Formula cells and merged ranges of one sheet, and the workbook's date system."""

    date1904: bool = False
    formulas: dict[tuple[str, int], str] = field(default_factory=dict)  # (column letters, row) -> "=..."
    merged: list[tuple[str, int, str, int]] = field(default_factory=list)  # first col, row, last col, row


def scan_sheet(path: Path, sheet: str, columns: set[str] | None = None, *, book: Book | None = None) -> SheetScan:
    """Find the formulas (in ``columns``, default all) and merged ranges of ``sheet``, and the date system.

    ``book`` is the workbook already open with the lossless engine (its parts are read once);
    without it the file is opened here.

    Raises:
        WorkbookError: the package's workbook part cannot be read.
    """
    return begin_scan(path, sheet, book=book).finish(columns)


def begin_scan(path: Path, sheet: str, *, book: Book | None = None) -> PendingScan:
    """:func:`scan_sheet` up to the choice of columns: the merged ranges, the date system and where
    the formulas sit are found now (the validator does this while calamine parses the sheet), the
    formulas of the columns asked for by :meth:`PendingScan.finish`.

    Raises:
        WorkbookError: the package's workbook part cannot be read.
    """
    from govsheet.xlsx import Book

    opened = Book.open(path) if book is None else book
    try:
        date1904 = opened.date1904
        data = opened.sheet(sheet).data if sheet in opened.sheet_names else b""
    finally:
        if book is None:
            opened.close()
    return PendingScan(date1904, data, formula_sites(data), find_merged(data))


@dataclass
class FormulaSites:
    """Where a sheet's formulas sit, as far as a quick look tells: how many there are, whether the
    sheet is in the common layout (no prefix, its first formula cell written ``<c r="..."``), and
    then the one column holding them all when one does (a master's icon column)."""

    total: int
    common: bool = False
    only_column: bytes | None = None


def formula_sites(data: bytes) -> FormulaSites:
    """How many formula elements a sheet's XML has, its layout, and the one column holding them all, if one does."""
    total = len(_FORMULA.findall(data))
    root = _ROOT.search(data)
    column = _first_formula_column(data) if total and not (root and root.group(1)) else None
    if column is None:
        return FormulaSites(total)
    held = len(_formula_cells([column]).findall(data))
    return FormulaSites(total, common=True, only_column=column if held == total else None)


@dataclass
class PendingScan:
    """A sheet scanned but for its formulas, which :meth:`finish` finds in the columns asked for."""

    date1904: bool
    data: bytes
    sites: FormulaSites
    merged: list[tuple[str, int, str, int]]

    def finish(self, columns: set[str] | None = None) -> SheetScan:
        """The scan, with the formulas in ``columns`` (default all)."""
        return SheetScan(date1904=self.date1904, formulas=find_formulas(self.data, columns, self.sites),
                         merged=self.merged)


def find_formulas(data: bytes, columns: set[str] | None = None,
                  sites: FormulaSites | None = None) -> dict[tuple[str, int], str]:
    """The formula cells of a sheet's XML: (column, row) -> the formula as "=..." text.

    With ``columns``, only formulas in those columns (e.g. {"A", "G"}) are returned. ``sites``
    is :func:`formula_sites` of the same XML, when already found.
    """
    wanted = {c.encode() for c in columns} if columns is not None else None
    if wanted is not None:
        sites = sites if sites is not None else formula_sites(data)
        if sites.common:
            return _find_in_columns(data, wanted, sites)
    root = _ROOT.search(data)
    prefix = (root.group(1) if root else None) or b""
    found: dict[tuple[str, int], str] = {}
    for opener in (b"<" + prefix + b"f>", b"<" + prefix + b"f ", b"<" + prefix + b"f/"):
        pos = data.find(opener)
        while pos != -1:
            # the <f> is the first child of its <c r="H2" ...> cell, so the r attribute sits just before it
            attr = data.find(b' r="', data.rfind(b"<", 0, pos), pos)
            ref = data[attr + 4 : data.find(b'"', attr + 4, pos)] if attr != -1 else b""
            letters = ref.rstrip(b"0123456789")
            if letters and ref[len(letters):].isdigit() and (wanted is None or letters in wanted):
                gt = data.find(b">", pos)
                text = ""
                if gt != -1 and data[gt - 1] != _SLASH:
                    text = _unescape(data[gt + 1 : data.find(b"<", gt)].decode("utf-8", "replace"))
                found[(letters.decode(), int(ref[len(letters):]))] = "=" + text if text else "=(shared formula)"
            pos = data.find(opener, pos + 3)
    return found


def _first_formula_column(data: bytes) -> bytes | None:
    """The column of the first formula cell when it is written ``<c r="..."``, as Excel, LibreOffice,
    openpyxl and XlsxWriter write every cell (a writer lays out all its cells alike); else None."""
    first = data.find(b"<f")
    while first != -1 and data[first + 2 : first + 3] not in {b">", b" ", b"/"}:
        first = data.find(b"<f", first + 2)  # another element, such as <filterColumn>
    if first == -1:
        return None
    cell = data.rfind(b"<", 0, first)
    if not data.startswith(b'<c r="', cell):
        return None
    ref = _CELL_REF.match(data[cell + 6 : data.find(b'"', cell + 6, first)])
    return ref.group(1) if ref is not None else None


def _find_in_columns(data: bytes, wanted: set[bytes], sites: FormulaSites) -> dict[tuple[str, int], str]:
    """The formula cells of the wanted columns, by one regular-expression pass (the common layout)."""
    if sites.only_column is not None:
        if sites.only_column not in wanted:
            return {}  # every formula sits in the one column found before, not asked for
    elif (others := _other_columns(data, wanted)) and len(_formula_cells(others).findall(data)) == sites.total:
        # every formula sits in a column not asked for (a master's icon column): looking for those cells is
        # cheap, as the pattern's start is rare, where looking for the wanted columns stops at every cell
        return {}
    letters = b"|".join(sorted(wanted))
    pattern = re.compile(rb'<c r="(' + letters + rb')([0-9]+)"[^>]*>\s*<f([\s>/])')
    found: dict[tuple[str, int], str] = {}
    for m in pattern.finditer(data):
        gt = m.end() - 1 if m.group(3) == b">" else data.find(b">", m.end() - 1)
        text = ""
        if gt != -1 and data[gt - 1] != _SLASH:
            text = _unescape(data[gt + 1 : data.find(b"<", gt)].decode("utf-8", "replace"))
        found[(m.group(1).decode(), int(m.group(2)))] = "=" + text if text else "=(shared formula)"
    return found


def _other_columns(data: bytes, wanted: set[bytes]) -> list[bytes]:
    """The columns the sheet's ``<dimension>`` spans that are not wanted; [] when it has none, or too many."""
    from govsheet.xlsx.refs import col_letters, col_number

    found = _DIMENSION.search(data, 0, 4096)
    if found is None or col_number(found.group(1).decode()) > _MAX_OTHERS:
        return []
    return [c for c in (col_letters(n).encode() for n in range(1, col_number(found.group(1).decode()) + 1))
            if c not in wanted]


def _formula_cells(columns: list[bytes]) -> re.Pattern[bytes]:
    """A pattern for the opening of a formula cell in one of ``columns`` (the layout of _find_in_columns)."""
    return re.compile(rb'<c r="(?:' + b"|".join(columns) + rb')[0-9]+"[^>]*>\s*<f[\s>/]')


def find_merged(data: bytes) -> list[tuple[str, int, str, int]]:
    """The merged ranges of a sheet's XML, as (first column, first row, last column, last row)."""
    start = data.rfind(b"sheetData>")
    if start == -1:
        start = 0
    found = []
    for m in _MERGE.finditer(data, start):
        first_col, first_row = m.group(1).decode(), int(m.group(2))
        last_col = m.group(3).decode() if m.group(3) else first_col
        last_row = int(m.group(4)) if m.group(4) else first_row
        found.append((first_col, first_row, last_col, last_row))
    return found


def _unescape(text: str) -> str:
    return (text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
            .replace("&apos;", "'").replace("&amp;", "&"))
