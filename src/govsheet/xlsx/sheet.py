"""One worksheet of a :class:`~govsheet.xlsx.book.Book`: read cells, set values and styles, append rows."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Literal, Protocol

from govsheet.errors import UsageError, WorkbookError
from govsheet.xlsx.cells import (
    CellValue,
    check_text,
    escape_text,
    from_serial,
    number_text,
    t_element,
    to_serial,
    unescape_text,
)
from govsheet.xlsx.patch import (
    CellSpan,
    RowEdit,
    SheetIndex,
    SheetXmlError,
    attrs_of,
    check_well_formed,
    extend_ranges,
    grow_dimension,
    index_cells,
    index_checked,
    patch_rows,
    set_attr,
)
from govsheet.xlsx.refs import make_ref, parse_range, parse_ref
from govsheet.xlsx.strings import item_text
from govsheet.xlsx.styles import DATE_FORMAT, DATETIME_FORMAT

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from govsheet.xlsx.package import Package
    from govsheet.xlsx.strings import SharedStrings
    from govsheet.xlsx.styles import Styles

SheetState = Literal["visible", "hidden", "veryHidden"]
CellType = Literal["string", "number", "boolean", "date", "error", "empty"]

_P = rb"(?:[A-Za-z_][\w.-]*:)?"
_V = re.compile(rb"<" + _P + rb"v\b[^>]*?(?:/>|>(.*?)</" + _P + rb"v>)", re.DOTALL)
_F = re.compile(rb"<" + _P + rb"f\b([^>]*?)(?:/>|>(.*?)</" + _P + rb"f>)", re.DOTALL)
_IS = re.compile(rb"<" + _P + rb"is\b[^>]*?(?:/>|>(.*?)</" + _P + rb"is>)", re.DOTALL)
_ANY_F = re.compile(rb"<" + _P + rb"f[\s>/]")
_SHARED_CELL = re.compile(rb"<" + _P + rb"c\b[^>]*?\st\s*=\s*[\"']s[\"']")
_LOCATION = re.compile(rb"<" + _P + rb"location\b([^>]*)")
_HOLDS_VALUE = re.compile(rb"<" + _P + rb"(?:v|is|f)[\s>/]")
_PROTECTION = re.compile(rb"<" + _P + rb"sheetProtection\b([^>]*?)/?>")
_COL = re.compile(rb"<" + _P + rb"col\b([^>]*?)/?>")
_TABLE_REF = re.compile(rb"(<" + _P + rb"(?:table|autoFilter)\b[^>]*?\bref\s*=\s*\")([^\"]*)(\")")
REL_TABLE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/table"


@dataclass(frozen=True)
class Cell:
    """One cell as stored: ``value`` is decoded (shared strings resolved, date serials as datetimes).

    ``type`` is "string", "number", "boolean", "date", "error" or "empty"; ``style`` the cellXfs
    index; ``formula`` the formula text without "=" (None for a plain value). For a formula cell
    ``value`` is the cached result the file holds.
    """

    ref: str
    value: CellValue
    type: CellType
    style: int
    formula: str | None


@dataclass
class _Pending:
    value: CellValue = None
    style: int | None = None
    formula: str | None = None
    cached: CellValue = None
    style_only: bool = False
    raw: bytes | None = None  # a cell copied whole from a sheet of the same workbook (r= set on writing)


class SheetOwner(Protocol):
    """What a sheet, and a row operation on it, asks of the workbook that holds it (a ``Book``).

    Written as a protocol so that the sheet need not import the book: the book hands itself
    to each sheet, and a sheet tells it of formulas that changed through
    :meth:`formulas_changed`. A row operation asks less of both (see
    :class:`govsheet.xlsx.rows.RowBook`); :mod:`~govsheet.xlsx.rows` imports neither.
    """

    path: Path
    package: Package
    needs_recalc: bool

    @property
    def date1904(self) -> bool: ...
    @property
    def strings(self) -> SharedStrings: ...
    @property
    def strings_part(self) -> str | None: ...
    @property
    def styles(self) -> Styles: ...
    @property
    def sheet_names(self) -> list[str]: ...
    @property
    def workbook_xml(self) -> bytes: ...
    @workbook_xml.setter
    def workbook_xml(self, data: bytes) -> None: ...
    def sheet(self, name: str) -> Sheet: ...
    def __iter__(self) -> Iterator[Sheet]: ...
    def add_style(self, base_xf: int, fill: str | None = None, font_colour: str | None = None,
                  bold: bool = False, num_fmt: str | None = None) -> int: ...
    def check_part_text(self, part: str, what: str, data: bytes) -> None: ...
    def extend_filter_name(self, sheet_name: str, old_last: int, new_last: int) -> None: ...
    def drop_calc_chain(self) -> None: ...
    def formulas_changed(self) -> None: ...
    def flush_edits(self) -> None: ...


class Sheet:
    """A worksheet: edits are held in memory and written into its XML by :meth:`Book.save`."""

    def __init__(self, book: SheetOwner, name: str, part: str, state: SheetState) -> None:
        self.book = book
        self.name = name
        self.part = part
        self.state = state
        self._data: bytes | None = None
        self._index: SheetIndex | None = None
        self._pending: dict[tuple[int, int], _Pending] = {}
        self._row_attrs: dict[int, bytes] = {}
        self._appends: list[tuple[int, int]] = []
        self._cols: list[tuple[int, int, int]] | None = None
        self._protected: bool | None = None
        # each stored row's cells as indexed: in document order (for the save) and by column
        self._cells_by_row: dict[int, tuple[list[CellSpan], dict[int, CellSpan]]] = {}

    # ------------------------------------------------------------------ reading
    @property
    def data(self) -> bytes:
        """The sheet's XML as stored (edits are not applied until save)."""
        if self._data is None:
            self._data = self.book.package.read_xml_bytes(self.part)
        return self._data

    @property
    def index(self) -> SheetIndex:
        """Where each row lies in the sheet's XML."""
        if self._index is None:
            try:
                self._index = index_checked(self.data, self._check_xml)
                if b"inlineStr" in self.data:  # only inline strings hold text in a sheet
                    self.book.check_part_text(self.part, f'sheet "{self.name}"', self.data)
                if self.book.strings_part is None and _SHARED_CELL.search(self.data):
                    raise WorkbookError(self.book.path, f'is damaged: sheet "{self.name}" has cells pointing into a '
                                                        "shared strings table the file does not have; open it in "
                                                        "Excel and save it again")
            except SheetXmlError as exc:
                raise self._damaged(exc) from exc
        return self._index

    def _damaged(self, exc: SheetXmlError) -> WorkbookError:
        return WorkbookError(self.book.path, f'is damaged: sheet "{self.name}" ({self.part}) has {exc}; open it in '
                                             "Excel and save it again")

    def _check_xml(self, data: bytes) -> None:
        """Refuse the sheet when ``data`` (the sheet, or one of its rows) is not well-formed XML."""
        try:
            check_well_formed(data)
        except SheetXmlError as exc:
            raise self._damaged(exc) from exc

    def _row_cells(self, row: int) -> dict[int, CellSpan]:
        """The cells of a stored row by column (cached until the next save)."""
        cached = self._cells_by_row.get(row)
        if cached is not None:
            return cached[1]
        span = self.index.row(row)
        spans: list[CellSpan] = []
        if span is not None:
            try:
                spans = index_cells(self.data, span, self.index.prefix)
            except SheetXmlError as exc:
                raise WorkbookError(self.book.path, f'is damaged: sheet "{self.name}" has {exc}') from exc
        cells = {cell.col: cell for cell in spans}
        self._cells_by_row[row] = (spans, cells)
        return cells

    def _cell_bytes(self, row: int, col: int) -> bytes | None:
        cell = self._row_cells(row).get(col)
        return None if cell is None else self.data[cell.start:cell.end]

    def _row_has_values(self, row: int) -> bool:
        """Whether a stored row still holds a value once the unsaved edits are applied."""
        span = self.index.row(row)
        if span is None or span.self_closing or _HOLDS_VALUE.search(self.data, span.tag_end, span.end) is None:
            return False
        if not self._pending:
            return True
        for col, cell in self._row_cells(row).items():
            pending = self._pending.get((row, col))
            if pending is not None and not pending.style_only:
                continue  # a pending value counts below; a pending clear empties the cell
            if _HOLDS_VALUE.search(self.data, cell.tag_end, cell.end) is not None:
                return True
        return False

    @property
    def max_row(self) -> int:
        """The last row holding a value or formula (1-based), counting unsaved edits; 0 for an empty sheet.

        Rows below it that only carry formatting (empty styled cells) do not count, so appended
        rows follow the data, as Excel's Ctrl+Down would find it.
        """
        last = 0
        span = self.index.last()
        while span is not None:
            if self._row_has_values(span.number):
                last = span.number
                break
            span = self.index.before(span)
        live = [r for (r, _), p in self._pending.items() if p.value is not None or p.formula or p.raw]
        return max([last, *live])

    def cell(self, ref: str) -> Cell:
        """The cell at ``ref`` (e.g. "D14"), with any unsaved edit applied.

        Raises:
            UsageError: ``ref`` is not a cell reference.
        """
        row, col = self._parse(ref)
        ref = make_ref(row, col)
        raw = self._cell_bytes(row, col)
        stored = self._decode(ref, raw) if raw is not None else Cell(ref, None, "empty", 0, None)
        pending = self._pending.get((row, col))
        if pending is None:
            return stored
        if pending.raw is not None:
            return self._decode(ref, pending.raw)
        style = pending.style if pending.style is not None else stored.style
        if pending.style_only:
            return Cell(ref, stored.value, stored.type, style, stored.formula)
        value = pending.cached if pending.formula is not None else pending.value
        return Cell(ref, value, _type_of(value), style, pending.formula)

    def _parse(self, ref: str) -> tuple[int, int]:
        try:
            return parse_ref(ref)
        except UsageError as exc:
            raise UsageError(self.book.path, f'sheet "{self.name}": {exc.message}') from exc

    def _decode(self, ref: str, raw: bytes) -> Cell:
        tag_end = raw.find(b">") + 1
        attrs = attrs_of(raw[:tag_end])
        kind = attrs.get(b"t", b"n")
        style = int(attrs.get(b"s", b"0") or b"0") if attrs.get(b"s", b"0").isdigit() else 0
        body = raw[tag_end:]
        formula_match = _F.search(body)
        formula = None
        if formula_match is not None:
            formula = unescape_text((formula_match.group(2) or b"").decode("utf-8"))
            body = body[:formula_match.start()] + body[formula_match.end():]
        if kind == b"inlineStr":
            is_match = _IS.search(body)
            text = item_text(is_match.group(1) or b"") if is_match is not None else ""
            return Cell(ref, text, "string", style, formula)
        v_match = _V.search(body)
        if v_match is None or v_match.group(1) is None:
            return Cell(ref, None, "empty", style, formula)
        text = unescape_text(v_match.group(1).decode("utf-8"))
        value, ctype = self._typed(kind, text, style)
        return Cell(ref, value, ctype, style, formula)

    def runs(self, ref: str) -> list[tuple[str, bool, bool]]:
        """A text cell's rich-text runs as stored, as (text, italic, bold); [] for any other cell."""
        from govsheet.xlsx.strings import item_runs

        row, col = self._parse(ref)
        raw = self._cell_bytes(row, col)
        if raw is None:
            return []
        tag_end = raw.find(b">") + 1
        kind = attrs_of(raw[:tag_end]).get(b"t", b"n")
        if kind == b"inlineStr":
            is_match = _IS.search(raw[tag_end:])
            return item_runs(is_match.group(1) or b"") if is_match is not None else []
        if kind != b"s":
            return []
        v_match = _V.search(raw[tag_end:])
        index = v_match.group(1) if v_match is not None else None
        return self.book.strings.runs(int(index)) if index is not None and index.strip().isdigit() else []

    def _typed(self, kind: bytes, text: str, style: int) -> tuple[CellValue, CellType]:  # noqa: PLR0911 - by t=
        if kind == b"s":
            return (self.book.strings.get(int(text)) if text.strip().isdigit() else ""), "string"
        if kind == b"str":
            return text, "string"
        if kind == b"b":
            return text.strip() in ("1", "true"), "boolean"
        if kind == b"e":
            return text, "error"
        if kind == b"d":
            try:
                return datetime.fromisoformat(text.strip()), "date"
            except ValueError:
                return text, "string"
        try:
            number = float(text)
        except ValueError:
            return text, "string"
        if self.book.styles.format_of(style).is_date and math.isfinite(number):
            return from_serial(number, date1904=self.book.date1904), "date"
        if number.is_integer() and abs(number) < 1e15:  # noqa: PLR2004 - Excel's 15 significant digits
            return int(number), "number"
        return number, "number"

    # ------------------------------------------------------------------ protection
    @property
    def is_protected(self) -> bool:
        """Whether the sheet is protected (Review > Protect Sheet)."""
        if self._protected is None:
            # sheetProtection follows sheetData, so search only after it
            match = _PROTECTION.search(self.data, self.index.data_close)
            self._protected = match is not None and attrs_of(match.group(1)).get(b"sheet", b"0") in (b"1", b"true")
        return self._protected

    def is_locked(self, ref: str) -> bool:
        """Whether the cell's format marks it locked (it only matters on a protected sheet)."""
        return self.book.styles.format_of(self.style_of(ref)).locked

    @property
    def pivot_ranges(self) -> list[str]:
        """The ranges pivot tables draw on this sheet (their page fields above included)."""
        from govsheet.xlsx.package import read_rels
        from govsheet.xlsx.refs import make_range

        out = []
        for _rid, rtype, target, _mode in read_rels(self.book.package, self.part):
            if not rtype.endswith("/pivotTable") or not self.book.package.has(target):
                continue
            location = _LOCATION.search(self.book.package.read_xml_bytes(target))
            rng = parse_range(attrs_of(location.group(1)).get(b"ref", b"").decode()) if location else None
            if location is None or rng is None:
                continue
            pages = attrs_of(location.group(1)).get(b"rowPageCount", b"0")
            top = rng[0] - (int(pages) + 1 if pages.isdigit() and pages != b"0" else 0)
            out.append(make_range(max(1, top), rng[1], rng[2], max(rng[3], rng[1] + 1)))
        return out

    def pivot_range_of(self, ref: str) -> str | None:
        """The pivot table range holding ``ref``, if any (edits there are lost on the next refresh)."""
        row, col = self._parse(ref)
        for found in self.pivot_ranges:
            rng = parse_range(found)
            if rng is not None and rng[0] <= row <= rng[2] and rng[1] <= col <= rng[3]:
                return found
        return None

    # ------------------------------------------------------------------ styles
    def _inherited_style(self, row: int, col: int) -> int:
        """The style a new cell takes: its row's (if the row is formatted), else its column's."""
        span = self.index.row(row)
        if span is not None:
            attrs = attrs_of(self.data[span.start:span.tag_end])
            if attrs.get(b"customFormat", b"0") in (b"1", b"true") and attrs.get(b"s", b"").isdigit():
                return int(attrs[b"s"])
        if self._cols is None:
            self._cols = []
            for match in _COL.finditer(self.data, 0, self.index.data_open):
                a = attrs_of(match.group(1))
                if a.get(b"min", b"").isdigit() and a.get(b"max", b"").isdigit() and a.get(b"style", b"").isdigit():
                    self._cols.append((int(a[b"min"]), int(a[b"max"]), int(a[b"style"])))
        return next((s for lo, hi, s in self._cols if lo <= col <= hi), 0)

    def style_of(self, ref: str) -> int:
        """The cellXfs index a cell shows with (a new cell's inherited one if it does not exist yet)."""
        row, col = self._parse(ref)
        pending = self._pending.get((row, col))
        if pending is not None and pending.style is not None:
            return pending.style
        raw = self._cell_bytes(row, col)
        if raw is None:
            return self._inherited_style(row, col)
        s = attrs_of(raw[: raw.find(b">") + 1]).get(b"s", b"0")
        return int(s) if s.isdigit() else 0

    def set_style(self, ref: str, xf: int) -> None:
        """Give a cell another format (a cellXfs index, e.g. from :meth:`Book.add_style`), keeping its value."""
        row, col = self._parse(ref)
        pending = self._pending.get((row, col))
        if pending is None:
            self._pending[(row, col)] = _Pending(style=xf, style_only=True)
        else:
            pending.style = xf

    # ------------------------------------------------------------------ writing
    def set(self, ref: str, value: CellValue, style: int | None = None) -> None:
        """Set a cell's value, keeping its style (or giving it ``style``).

        Text is always stored as text, even when it starts with "=", "+", "-" or "@"; "" and None
        clear the cell (its formatting stays). A date gets a date format if its cell has none.

        Raises:
            UsageError: a bad reference, a value no cell can hold, or text over 32,767 characters.
        """
        row, col = self._parse(ref)
        self._set_at(row, col, value, style)

    def _refuse_shared_anchor(self, row: int, col: int) -> None:
        """Refuse to overwrite the cell holding a shared formula that other cells copy."""
        raw = self._cell_bytes(row, col)
        found = _F.search(raw) if raw is not None else None
        if found is None:
            return
        attrs = attrs_of(found.group(1))
        ref = attrs.get(b"ref", b"").decode("ascii", "replace")
        if attrs.get(b"t") == b"shared" and ":" in ref:
            raise UsageError(self.book.path, f'sheet "{self.name}": {make_ref(row, col)} holds the formula that '
                                             f"the cells {ref} share; change it in Excel (or edit the other cells "
                                             "first)")

    def _set_at(self, row: int, col: int, value: CellValue, style: int | None) -> None:
        self._refuse_shared_anchor(row, col)
        if isinstance(value, str):
            check_text(value)
        elif value is not None and not isinstance(value, bool | int | float | date):
            raise UsageError(self.book.path, f"a cell cannot hold a {type(value).__name__}; give text, a number, "
                                             "a date or True/False")
        if isinstance(value, float) and not math.isfinite(value):
            raise UsageError(self.book.path, f"{value} cannot be stored in a cell; Excel numbers must be finite")
        if isinstance(value, date):
            base = style if style is not None else self.style_of(make_ref(row, col))
            if not self.book.styles.format_of(base).is_date:
                fmt = DATETIME_FORMAT if isinstance(value, datetime) else DATE_FORMAT
                style = self.book.add_style(base, num_fmt=fmt)
        self._pending[(row, col)] = _Pending(value=None if value == "" else value, style=style)

    def set_formula(self, ref: str, formula: str, cached: CellValue = None) -> None:
        """Put a formula in a cell (a leading "=" is dropped); Excel and LibreOffice recalculate it on open."""
        row, col = self._parse(ref)
        text = formula.removeprefix("=")
        self._refuse_shared_anchor(row, col)
        check_text(text)
        if isinstance(cached, str):
            check_text(cached)
        if not text.strip():
            raise UsageError(self.book.path, f'sheet "{self.name}": an empty formula for {make_ref(row, col)}')
        self._pending[(row, col)] = _Pending(formula=text, cached=cached)

    def append_rows(self, rows: Sequence[Sequence[CellValue]], template_row: int | None = None,
                    heights: Sequence[float] | None = None, styles: Sequence[int] | None = None) -> list[int]:
        """Add rows after the last used row, styled like ``template_row`` (default: the last row).

        Tables, the autofilter, conditional formats and data validations whose range ends at
        the old last row are extended to the new last row. ``heights`` (points, one per row)
        gives the new rows their own heights instead of the template's; ``styles`` (cellXfs
        indexes, one per column from A) their cells' formats instead of the template's.

        Returns:
            The new rows' numbers.
        """
        old_last = self.max_row
        template, row_attrs = self._template(template_row if template_row is not None else old_last)
        if styles is not None:
            template = dict(enumerate(styles, start=1))
        numbers = []
        for offset, values in enumerate(rows, start=1):
            number = old_last + offset
            numbers.append(number)
            self._row_attrs[number] = row_attrs
            if heights is not None:
                self._row_attrs[number] = f' ht="{heights[offset - 1]:g}" customHeight="1"'.encode("ascii")
            for col, s in template.items():
                if col > len(values):
                    self._pending[(number, col)] = _Pending(style=s, style_only=True)
            for col, value in enumerate(values, start=1):
                self._set_at(number, col, value, template.get(col, 0))
        if numbers and old_last > 0:
            self._appends.append((old_last, numbers[-1]))
        return numbers

    def _template(self, row: int) -> tuple[dict[int, int], bytes]:
        """A template row's cell styles by column, and the row attributes new rows copy."""
        styles: dict[int, int] = {}
        row_attrs = b""
        span = self.index.row(row)
        if span is None:
            return styles, row_attrs
        for cell in index_cells(self.data, span, self.index.prefix):
            s = attrs_of(self.data[cell.start:cell.tag_end]).get(b"s", b"0")
            if s.isdigit() and s != b"0":
                styles[cell.col] = int(s)
        attrs = attrs_of(self.data[span.start:span.tag_end])
        for name in (b"s", b"customFormat", b"ht", b"customHeight"):
            if name in attrs:
                row_attrs += b" " + name + b'="' + attrs[name] + b'"'
        return styles, row_attrs

    # ------------------------------------------------------------------ copying rows between sheets
    def row_copy(self, row: int) -> tuple[dict[int, bytes], bytes]:
        """A stored row's cells (by column) and formatting attributes, for :meth:`paste_row` in this workbook.

        Cells keep their style, type and text (shared-string indices and rich text stay valid in the
        same workbook); a formula cell keeps only its last value, as Excel's paste-values does.
        """
        cells = {col: _F.sub(b"", self.data[span.start:span.end]) for col, span in self._row_cells(row).items()}
        span = self.index.row(row)
        attrs = attrs_of(self.data[span.start:span.tag_end]) if span is not None else {}
        row_attrs = b"".join(b" " + name + b'="' + attrs[name] + b'"' for name in
                             (b"s", b"customFormat", b"ht", b"customHeight") if name in attrs)
        return cells, row_attrs

    def paste_row(self, row: int, copied: tuple[dict[int, bytes], bytes], columns: dict[int, int]) -> None:
        """Put cells from :meth:`row_copy` on ``row``, each source column going to ``columns[col]``."""
        cells, row_attrs = copied
        if row_attrs:
            self._row_attrs[row] = row_attrs
        for col, target in columns.items():
            raw = cells.get(col)
            if raw is not None:
                self._pending[(row, target)] = _Pending(raw=raw)

    def column_widths(self) -> dict[int, float]:
        """The widths (in characters) the sheet's ``<cols>`` gives, by column number."""
        widths: dict[int, float] = {}
        for m in _COL.finditer(self.data[:self.index.data_open]):
            a = attrs_of(m.group(1))
            try:
                lo, hi, width = int(a[b"min"]), int(a[b"max"]), float(a[b"width"])
            except (KeyError, ValueError):
                continue
            for col in range(lo, min(hi, lo + 16384) + 1):
                widths[col] = width
        return widths

    # ------------------------------------------------------------------ rows
    def _check_rows(self, first: int, last: int) -> None:
        from govsheet.xlsx.limits import MAX_ROWS

        if not (1 <= first <= last <= MAX_ROWS):
            raise UsageError(self.book.path, f'sheet "{self.name}": rows {first}:{last} are not a range of rows; give '
                                             f"the first and last row, 1 to {MAX_ROWS:,}, first <= last")

    def delete_rows(self, first: int, last: int | None = None) -> None:
        """Delete rows ``first``..``last`` as Excel does: rows below move up, with everything attached.

        Formulas anywhere in the workbook that pointed at the deleted rows become ``#REF!``;
        merged, conditional-format and validation ranges shrink; comments, hyperlinks, images and
        names move with their rows (see :mod:`govsheet.xlsx.rows`).

        Raises:
            UsageError: a bad range, or a feature that cannot move (a pivot table, a cut array formula).
        """
        self.delete_row_ranges([(first, first if last is None else last)])

    def delete_row_ranges(self, ranges: Sequence[tuple[int, int]]) -> None:
        """Delete several (first, last) row ranges, numbered as the sheet is now, in one pass."""
        from govsheet.xlsx.rowmap import RowMap
        from govsheet.xlsx.rows import apply_row_map

        for first, last in ranges:
            self._check_rows(first, last)
        if ranges:
            apply_row_map(self.book, self, RowMap.deleting(list(ranges)))

    def insert_rows(self, first: int, last: int | None = None) -> None:
        """Insert blank rows so that rows ``first``..``last`` are new; the old row ``first`` becomes ``last + 1``.

        Raises:
            UsageError: a bad range, cells pushed past the last row, or a feature that cannot move.
        """
        last = first if last is None else last
        self._check_rows(first, last)
        self.insert_row_blocks([(first, last - first + 1)])

    def insert_row_blocks(self, places: Sequence[tuple[int, int]]) -> None:
        """Insert ``count`` blank rows before each ``row`` (numbered as the sheet is now), in one pass."""
        from govsheet.xlsx.rowmap import RowMap
        from govsheet.xlsx.rows import apply_row_map

        for row, count in places:
            self._check_rows(row, row + count - 1)
        if places:
            apply_row_map(self.book, self, RowMap.inserting(list(places)))

    def move_rows(self, first: int, last: int, to: int) -> None:
        """Move rows ``first``..``last`` before row ``to``, as Excel's cut and "Insert Cut Cells".

        Everything on the rows goes with them (cells, heights, merged cells, formats, comments,
        links, images), the rows between close up, and formulas anywhere in the workbook follow
        the cells they point at; a range follows its two corners. ``to`` is numbered as the sheet
        is now: ``move_rows(5, 7, 12)`` puts the old rows 5..7 at 9..11. A ``to`` inside
        ``first..last + 1`` changes nothing.

        Raises:
            UsageError: a bad range, or merged cells, a table, an array formula or a conditional
                format the move would cut.
        """
        from govsheet.xlsx.rowmap import RowMap
        from govsheet.xlsx.rows import apply_row_map

        self._check_rows(first, last)
        self._check_rows(to, to)
        if first <= to <= last + 1:
            return
        apply_row_map(self.book, self, RowMap.moving(first, last, to))

    def reload(self, data: bytes) -> None:
        """Start again from new XML (after a row operation rewrote it); nothing may be pending."""
        self._data, self._index, self._cells_by_row, self._cols, self._protected = data, None, {}, None, None

    # ------------------------------------------------------------------ saving
    def _cell_xml(self, row: int, col: int, pending: _Pending) -> bytes | None:
        prefix = self.index.prefix.decode()
        ref = make_ref(row, col)
        original = self._cell_bytes(row, col)
        old_attrs = attrs_of(original[: original.find(b">") + 1]) if original is not None else {}
        if original is not None and _F.search(original) is not None and not pending.style_only:
            self.book.drop_calc_chain()
        if pending.style is not None:
            style = pending.style
        elif original is not None:
            s = old_attrs.get(b"s", b"0")
            style = int(s) if s.isdigit() else 0
        else:
            style = self._inherited_style(row, col)
        if pending.style_only:
            if original is None:
                return f'<{prefix}c r="{ref}" s="{style}"/>'.encode()
            tag_end = original.find(b">") + 1
            return set_attr(original[:tag_end], b"s", str(style).encode()) + original[tag_end:]
        s_attr = f' s="{style}"' if style else ""
        if pending.formula is not None:
            self.book.formulas_changed()
            f = f"<{prefix}f>{escape_text(pending.formula)}</{prefix}f>"
            if isinstance(pending.cached, str):
                t = ' t="str"'
                v = f"<{prefix}v>{escape_text(pending.cached)}</{prefix}v>" if pending.cached else ""
            else:
                t, v = self._value_parts(pending.cached)
                v = f"<{prefix}v>{v}</{prefix}v>" if v else ""
            return f'<{prefix}c r="{ref}"{s_attr}{t}>{f}{v}</{prefix}c>'.encode()
        if pending.value is None:
            return f'<{prefix}c r="{ref}"{s_attr}/>'.encode() if style else None
        if isinstance(pending.value, str):
            # held in the cell itself: the shared strings part (megabytes in a big master) is copied unchanged
            return (f'<{prefix}c r="{ref}"{s_attr} t="inlineStr"><{prefix}is>{t_element(pending.value, prefix)}'
                    f"</{prefix}is></{prefix}c>").encode()
        t, v = self._value_parts(pending.value)
        return f'<{prefix}c r="{ref}"{s_attr}{t}><{prefix}v>{v}</{prefix}v></{prefix}c>'.encode()

    def _value_parts(self, value: bool | float | date | None) -> tuple[str, str]:
        """(t attribute, <v> text) for a value other than text."""
        if value is None:
            return "", ""
        if isinstance(value, bool):
            return ' t="b"', "1" if value else "0"
        if isinstance(value, int | float):
            return "", number_text(value)
        return "", number_text(to_serial(value, date1904=self.book.date1904))

    def _has_formulas(self) -> bool:
        for sheet_name in self.book.sheet_names:
            try:
                if _ANY_F.search(self.book.sheet(sheet_name).data):
                    return True
            except WorkbookError:
                continue
        return False

    def set_column_widths(self, widths: Sequence[float]) -> None:
        """Give columns A, B, ... these widths (in characters), replacing the sheet's ``<cols>``.

        ``<cols>`` goes just before ``<sheetData>``, where ECMA-376 puts it (after ``sheetFormatPr``).
        """
        if self._pending:
            self.flush()
        found = re.search(rb"<(" + _P + rb")sheetData\b", self.data)
        if found is None:
            raise WorkbookError(self.book.path, f'is damaged: sheet "{self.name}" has no <sheetData>; open it in '
                                                "Excel and save it again")
        p = found.group(1)
        cols = b"".join(b'<%scol min="%d" max="%d" width="%s" customWidth="1"/>' % (p, i, i, f"{w:.15g}".encode())
                        for i, w in enumerate(widths, start=1))
        element = b"<%scols>%s</%scols>" % (p, cols, p) if widths else b""
        data = re.sub(rb"<" + _P + rb"cols\b.*?</" + _P + rb"cols>|<" + _P + rb"cols\s*/>", b"", self.data,
                      flags=re.DOTALL)
        found = re.search(rb"<" + _P + rb"sheetData\b", data)
        assert found is not None  # noqa: S101 - found above, and <cols> holds no sheetData
        self.replace_xml(data[:found.start()] + element + data[found.start():])

    def replace_xml(self, data: bytes) -> None:
        """Put ``data`` in place of the sheet's XML (pending edits flushed first), forgetting what was read."""
        if self._pending:
            self.flush()
        self.book.package.write(self.part, data)
        self._data, self._index, self._cols = data, None, None
        self._cells_by_row = {}

    def flush(self, *, deflate_now: bool = False) -> None:
        """Write pending edits into the sheet's XML in the package (called by :meth:`Book.save`).

        ``deflate_now``: the caller has finished editing the sheet, so its XML starts being
        compressed on another thread while the caller goes on with the rest of the workbook.
        """
        if not self._pending:
            return
        edits: dict[int, RowEdit] = {}
        changed_value = False
        set_rows: list[int] = []
        set_cols: list[int] = []
        for (row, col), pending in sorted(self._pending.items()):
            xml = self._cell_xml(row, col, pending) if pending.raw is None else _placed(pending.raw, make_ref(row, col))
            edit = edits.get(row)
            if edit is None:  # the row's cells, indexed when it was read (or just now), are not indexed again
                indexed = self._cells_by_row.get(row)
                edit = edits[row] = RowEdit(attrs=self._row_attrs.get(row, b""),
                                            known=indexed[0] if indexed is not None else None)
            edit.cells[col] = xml
            changed_value = changed_value or not pending.style_only
            if xml is not None:
                set_rows.append(row)
                set_cols.append(col)
        data = patch_rows(self.data, self.index, edits)
        if set_rows:
            data = grow_dimension(data, (min(set_rows), max(set_rows)), (min(set_cols), max(set_cols)))
        for old_last, new_last in self._appends:
            data = extend_ranges(data, old_last, new_last)
            self._extend_tables(old_last, new_last)
            self.book.extend_filter_name(self.name, old_last, new_last)
        if changed_value and not self.book.needs_recalc and self._has_formulas():
            self.book.formulas_changed()
        self.book.package.write(self.part, data, deflate_now=deflate_now)
        self._data, self._index, self._pending, self._appends = data, None, {}, []
        self._cells_by_row = {}
        self._row_attrs = {}

    def _extend_tables(self, old_last: int, new_last: int) -> None:
        from govsheet.xlsx.package import read_rels

        for _rid, rtype, target, _mode in read_rels(self.book.package, self.part):
            if rtype != REL_TABLE or not self.book.package.has(target):
                continue
            data = self.book.package.read_xml_bytes(target)
            root = re.search(rb"<" + _P + rb"table\b[^>]*>", data)
            if root is None:
                continue
            totals = attrs_of(root.group(0)).get(b"totalsRowCount", b"0")
            if totals not in (b"0", b""):
                continue  # rows appended below a totals row would sit outside the table

            def grow(match: re.Match[bytes]) -> bytes:
                rng = parse_range(match.group(2).decode("ascii", "replace"))
                if rng is None or rng[2] != old_last:
                    return match.group(0)
                from govsheet.xlsx.refs import make_range

                return match.group(1) + make_range(rng[0], rng[1], new_last, rng[3]).encode() + match.group(3)

            new = _TABLE_REF.sub(grow, data)
            if new != data:
                self.book.package.write(target, new)


def _placed(raw: bytes, ref: str) -> bytes:
    """A copied cell element given its new reference."""
    tag_end = raw.find(b">") + 1
    return set_attr(raw[:tag_end], b"r", ref.encode()) + raw[tag_end:]


def _type_of(value: CellValue) -> CellType:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, date):
        return "date"
    return "string"
