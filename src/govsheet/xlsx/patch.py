"""Surgery on a worksheet's XML bytes: rewrite only the rows and cells that change.

Everything outside the changed ``<row>`` elements (and the ``<dimension>``, and ranges that
:func:`extend_ranges` grows) is copied byte for byte. Namespace prefixes are taken from the
file (``<x:row>`` stays ``<x:row>``), so documents with unusual prefixes keep working.
"""

from __future__ import annotations

import bisect
import contextlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from govsheet.xlsx.refs import column_of, make_range, parse_range

_ROW = re.compile(rb"<([A-Za-z_][\w.-]*:)?row\b([^>]*?)(/?)>")
_CELL = re.compile(rb"<([A-Za-z_][\w.-]*:)?c\b([^>]*?)(/?)>")
_SHEETDATA = re.compile(rb"<([A-Za-z_][\w.-]*:)?sheetData\b[^>]*?(/?)>")
_CELL_REF = re.compile(rb"(?<![\w:.-])r\s*=\s*[\"']([A-Za-z]{1,3})[0-9]+[\"']")
_R_ATTR = re.compile(rb"(?<![\w:.-])r\s*=\s*[\"']([0-9]+)[\"']")
_ATTR = re.compile(rb"([\w:.-]+)\s*=\s*(\"[^\"]*\"|'[^']*')")
_REF = re.compile(rb"([A-Za-z]{1,3})([0-9]+)")
_DIMENSION = re.compile(rb"(<(?:[A-Za-z_][\w.-]*:)?dimension\b[^>]*?\bref\s*=\s*\")([^\"]*)(\")")
_DROPPABLE_ROW_ATTRS = frozenset({b"r", b"spans", b"x14ac:dyDescent"})
_PROLOG = re.compile(rb"(?:\xef\xbb\xbf)?\s*(?:<\?xml\b[^>]*\?>)?")
_OPAQUE = re.compile(rb"<[!?]")  # a comment, CDATA section, DTD or processing instruction


def attrs_of(tag_body: bytes) -> dict[bytes, bytes]:
    """Attributes of a start tag's body (raw, still XML-escaped), in document order."""
    return {m.group(1): m.group(2)[1:-1] for m in _ATTR.finditer(tag_body)}


def set_attr(tag: bytes, name: bytes, value: bytes | None) -> bytes:
    """A start tag with one attribute set (added before the tag's end) or removed (``None``)."""
    pattern = re.compile(rb"(\s)" + re.escape(name) + rb"\s*=\s*(\"[^\"]*\"|'[^']*')")
    if pattern.search(tag):
        if value is None:
            return pattern.sub(b"", tag, count=1)
        return pattern.sub(lambda m: m.group(1) + name + b'="' + value + b'"', tag, count=1)
    if value is None:
        return tag
    end = len(tag) - (2 if tag.endswith(b"/>") else 1)
    return tag[:end].rstrip() + b" " + name + b'="' + value + b'"' + tag[end:]


@dataclass
class RowSpan:
    """Where one ``<row>`` element lies in the sheet's bytes."""

    number: int
    start: int  # "<" of the start tag
    tag_end: int  # just past the start tag
    end: int  # just past the whole element
    self_closing: bool
    explicit: bool  # the row has an r attribute


@dataclass
class CellSpan:
    """Where one ``<c>`` element lies in its row's bytes."""

    col: int
    start: int
    tag_end: int
    end: int
    explicit: bool


class SheetIndex:
    """Where the rows of a sheet's ``<sheetData>`` lie.

    Rows are found lazily: ``row(n)`` first looks for ``<row r="n"`` as Excel, LibreOffice and
    XlsxWriter write it (r first), and only scans every row when that fails or when a row falls
    between existing ones, so a few edits in a 50,000-row sheet do not pay for a full scan.
    """

    def __init__(self, data: bytes, prefix: bytes, data_open: int, data_body: int, data_close: int, *,
                 data_self_closing: bool, check: Callable[[bytes], None] | None = None) -> None:
        self._data = data
        # None: the data is known to be well-formed; else how to check a row, or the whole sheet
        self._check = check
        self._checked: set[int] = set()  # where the rows checked one by one start
        self.prefix = prefix
        self.data_open = data_open  # start of <sheetData ...>
        self.data_body = data_body  # just past <sheetData ...> (or the "/>" position for an empty one)
        self.data_close = data_close  # start of </sheetData> (== data_body when self-closing)
        self.data_self_closing = data_self_closing
        self._rows: list[RowSpan] | None = None
        self._by_number: dict[int, RowSpan] = {}
        self._fast: dict[int, RowSpan | None] = {}
        self._known: list[int] = []  # numbers of rows found by the fast lookup, ascending
        self._fast_spans: dict[int, RowSpan] = {}
        self._last: RowSpan | bool | None = False  # False: not looked for yet

    @property
    def scanned(self) -> bool:
        """Whether every row has been indexed."""
        return self._rows is not None

    def check_whole(self) -> None:
        """Check the whole sheet well-formed (once), before every row is read or rewritten."""
        if self._check is not None:
            check, self._check = self._check, None
            check(self._data)

    def _verified(self, span: RowSpan | None) -> RowSpan | None:
        """``span``, its row checked well-formed first (once), unless the whole sheet was."""
        if self._check is not None and span is not None and span.start not in self._checked:
            self._check(self._data[span.start:span.end])
            self._checked.add(span.start)
        return span

    @contextlib.contextmanager
    def _damage_named(self) -> Iterator[None]:
        """A row that cannot be found whole: the whole sheet's check names what is wrong, if it can."""
        try:
            yield
        except SheetXmlError:
            self.check_whole()
            raise

    @property
    def rows(self) -> list[RowSpan]:
        """Every row in document order (scans the whole sheet once)."""
        if self._rows is None:
            self.check_whole()
            self._rows = _scan_rows(self._data, self)
            self._by_number = {row.number: row for row in self._rows}
        return self._rows

    @property
    def by_number(self) -> dict[int, RowSpan]:
        """Every row by number (scans the whole sheet once)."""
        _ = self.rows
        return self._by_number

    def _span_of(self, tag: re.Match[bytes], number: int) -> RowSpan:
        if tag.group(3):
            return RowSpan(number, tag.start(), tag.end(), tag.end(), self_closing=True, explicit=True)
        close = self._data.find(b"</" + self.prefix + b"row>", tag.end(), self.data_close)
        if close < 0:
            raise SheetXmlError(f"row {number} is not closed")
        return RowSpan(number, tag.start(), tag.end(), close + len(self.prefix) + 6, self_closing=False,
                       explicit=True)

    def _tag_before(self, end: int) -> re.Match[bytes] | None:
        """The last row start tag before ``end``."""
        start = self._data.rfind(b"<" + self.prefix + b"row", self.data_body, end)
        while start >= 0:
            tag = _ROW.match(self._data, start)
            if tag is not None:
                return tag
            start = self._data.rfind(b"<" + self.prefix + b"row", self.data_body, start)  # "<rowx" is no row
        return None

    def _numbered(self, tag: re.Match[bytes]) -> RowSpan | None:
        r = _R_ATTR.search(tag.group(2))
        return None if r is None else self._span_of(tag, int(r.group(1)))

    def last(self) -> RowSpan | None:
        """The last row element of the sheet, if any."""
        with self._damage_named():
            return self._verified(self._last_row())

    def _last_row(self) -> RowSpan | None:
        if self._rows is not None:
            return self._rows[-1] if self._rows else None
        if self._last is False:
            tag = self._tag_before(self.data_close)
            self._last = None if tag is None else (self._numbered(tag) or self.rows[-1])
        return self._last if isinstance(self._last, RowSpan) else None

    def row(self, number: int) -> RowSpan | None:
        """The row element numbered ``number``, or None if the sheet has none."""
        with self._damage_named():
            return self._verified(self._row(number))

    def _row(self, number: int) -> RowSpan | None:
        if self._rows is not None:
            return self._by_number.get(number)
        if number in self._fast:
            return self._fast[number]
        last = self.last()
        if self._rows is not None:  # the last row had no r=, so the sheet was scanned
            return self._by_number.get(number)
        if last is None or number > last.number:
            found: RowSpan | None = None
        elif number == last.number:
            found = last
        else:
            # search only between the nearest rows already found: rows are in ascending order
            at = bisect.bisect_left(self._known, number)
            low = self._fast_spans[self._known[at - 1]].end if at > 0 else self.data_body
            high = self._fast_spans[self._known[at]].start if at < len(self._known) else last.start
            start = self._data.find(b"<" + self.prefix + b'row r="' + str(number).encode() + b'"', low, high)
            tag = _ROW.match(self._data, start) if start >= 0 else None
            if tag is None:
                return self.by_number.get(number)
            found = self._span_of(tag, number)
            self._known.insert(at, number)
            self._fast_spans[number] = found
        self._fast[number] = found
        return found

    def before(self, span: RowSpan) -> RowSpan | None:
        """The row element just before ``span``, if any."""
        with self._damage_named():
            return self._verified(self._before(span))

    def _before(self, span: RowSpan) -> RowSpan | None:
        if self._rows is None:
            tag = self._tag_before(span.start)
            if tag is None:
                return None
            found = self._numbered(tag)
            if found is not None:
                return found
        rows = self.rows
        position = next((i for i, row in enumerate(rows) if row.start == span.start), 0)
        return rows[position - 1] if position > 0 else None


class SheetXmlError(ValueError):
    """The sheet's XML is not in a shape govsheet can patch."""


def check_well_formed(data: bytes) -> None:
    """Refuse XML that is not well-formed (expat, no tree built; DTDs were refused before this)."""
    import pyexpat

    parser = pyexpat.ParserCreate()
    try:
        parser.Parse(data, True)  # noqa: FBT003 - expat takes isfinal positionally
    except pyexpat.ExpatError as exc:
        raise SheetXmlError(f"XML that is not well-formed ({exc})") from exc


def index_checked(data: bytes, check: Callable[[bytes], None]) -> SheetIndex:
    """:func:`index_sheet` of XML not known to be well-formed, checked with ``check`` as far as an edit needs.

    Checked whole when it holds a comment, CDATA, DTD or processing instruction; one of them
    among the rows is refused, as a row or a cell inside it would look real to the byte scans
    (no spreadsheet program writes one there). Otherwise everything outside ``<sheetData>`` is
    checked now and each row when it is first looked up, so an edit of a few rows of a
    50,000-row sheet does not parse them all. Rows never looked up are copied byte for byte.

    Raises:
        SheetXmlError: a comment, CDATA section or processing instruction among the rows.
    """
    start = _PROLOG.match(data)
    if _OPAQUE.search(data, start.end() if start else 0):
        check(data)
        whole = index_sheet(data)
        if _OPAQUE.search(data, whole.data_body, whole.data_close):
            raise SheetXmlError("an XML comment, CDATA section or processing instruction among its rows, which "
                                "govsheet does not edit around")
        return whole
    index = index_sheet(data, check=check)
    check(data[:index.data_body] + data[index.data_close:])
    return index


def index_sheet(data: bytes, *, check: Callable[[bytes], None] | None = None) -> SheetIndex:
    """Find ``<sheetData>``; its rows are indexed on demand.

    ``data`` must be well-formed, or ``check`` says how to check each row looked up (see
    :func:`index_checked`).
    """
    match = _SHEETDATA.search(data)
    if match is None:
        raise SheetXmlError("no <sheetData> element")
    prefix = match.group(1) or b""
    if match.group(2):
        return SheetIndex(data, prefix, match.start(), match.end() - 2, match.end() - 2, data_self_closing=True,
                          check=check)
    closing = b"</" + prefix + b"sheetData>"
    # Looked for from the end: the sheet's tail is short, its rows are megabytes. A literal
    # "</sheetData>" after the real one can only sit in a comment, CDATA or processing
    # instruction, which would then end after it; only in that case search from the start.
    close = data.rfind(closing, match.end())
    if close < 0 or any(end in data[close:] for end in (b"-->", b"]]>", b"?>")):
        close = data.find(closing, match.end())
    if close < 0:
        raise SheetXmlError("<sheetData> is not closed")
    return SheetIndex(data, prefix, match.start(), match.end(), close, data_self_closing=False, check=check)


def _scan_rows(data: bytes, index: SheetIndex) -> list[RowSpan]:
    """Every ``<row>`` of the sheet, numbered (rows without r= follow the one before)."""
    rows: list[RowSpan] = []
    prefix, close = index.prefix, index.data_close
    row_close = b"</" + prefix + b"row>"
    number, pos = 0, index.data_body
    for row in _ROW.finditer(data, index.data_body, close):
        if row.start() < pos:
            raise SheetXmlError(f"row {number} is not closed")
        r = _R_ATTR.search(row.group(2))
        explicit = r is not None
        number = int(r.group(1)) if r is not None else number + 1
        if row.group(3):
            end, self_closing = row.end(), True
        else:
            found = data.find(row_close, row.end(), close)
            if found < 0:
                raise SheetXmlError(f"row {number} is not closed")
            end, self_closing = found + len(row_close), False
        rows.append(RowSpan(number, row.start(), row.end(), end, self_closing, explicit))
        pos = end
    return rows


def index_cells(data: bytes, row: RowSpan, prefix: bytes) -> list[CellSpan]:
    """Every ``<c>`` of one row, with its column."""
    if row.self_closing:
        return []
    cells: list[CellSpan] = []
    close = b"</" + prefix + b"c>"
    row_end = row.end
    pos, col = row.tag_end, 0
    while True:
        cell = _CELL.search(data, pos, row_end)
        if cell is None:
            break
        ref_match = _CELL_REF.search(cell.group(2))
        explicit = ref_match is not None
        col = column_of(ref_match.group(1)) if ref_match is not None else col + 1
        if cell.group(3):
            end = cell.end()
        else:
            found = data.find(close, cell.end(), row_end)
            if found < 0:
                raise SheetXmlError(f"a cell of row {row.number} is not closed")
            end = found + len(close)
        cells.append(CellSpan(col, cell.start(), cell.end(), end, explicit))
        pos = end
    return cells


@dataclass
class RowEdit:
    """New content for one row: cells to write (``None`` removes one) and start-tag attributes for new rows."""

    cells: dict[int, bytes | None] = field(default_factory=dict)
    attrs: bytes = b""  # extra attributes for a row that does not exist yet, e.g. b' ht="30" customHeight="1"'
    known: list[CellSpan] | None = None  # the stored row's cells, when the caller has already indexed them


def _rewrite_row(data: bytes, span: RowSpan, edit: RowEdit, prefix: bytes) -> bytes:
    cells = edit.known if edit.known is not None else index_cells(data, span, prefix)
    start_tag = data[span.start:span.tag_end]
    if span.self_closing:
        start_tag = start_tag[:-2].rstrip() + b">"
    pending = sorted(edit.cells.items())
    out: list[bytes] = []
    cursor = span.tag_end
    kept = 0
    for cell in cells:
        while pending and pending[0][0] < cell.col:
            new = pending.pop(0)[1]
            if new is not None:
                out.append(new)
                kept += 1
        out.append(data[cursor:cell.start])
        cursor = cell.end
        if pending and pending[0][0] == cell.col:
            new = pending.pop(0)[1]
            if new is not None:
                out.append(new)
                kept += 1
        else:
            original = data[cell.start:cell.end]
            if not cell.explicit:
                original = set_attr(original[: cell.tag_end - cell.start], b"r", _ref(span.number, cell.col)) + \
                    original[cell.tag_end - cell.start:]
            out.append(original)
            kept += 1
    out.extend(new for _, new in pending if new is not None)
    kept += sum(1 for _, new in pending if new is not None)
    tail = b"" if span.self_closing else data[cursor:span.end - len(b"</" + prefix + b"row>")]
    if kept == 0 and not tail.strip() and set(attrs_of(start_tag[1:-1]).keys()) <= _DROPPABLE_ROW_ATTRS:
        return b""
    if not span.explicit:
        start_tag = set_attr(start_tag, b"r", str(span.number).encode())
    return start_tag + b"".join(out) + tail + b"</" + prefix + b"row>"


def _ref(row: int, col: int) -> bytes:
    from govsheet.xlsx.refs import make_ref

    return make_ref(row, col).encode()


def _new_row(number: int, edit: RowEdit, prefix: bytes) -> bytes:
    cells = b"".join(new for _, new in sorted(edit.cells.items()) if new is not None)
    if not cells and not edit.attrs:
        return b""
    return b"<" + prefix + b'row r="' + str(number).encode() + b'"' + edit.attrs + b">" + cells + \
        b"</" + prefix + b"row>"


def patch_rows(data: bytes, index: SheetIndex, edits: dict[int, RowEdit]) -> bytes:
    """The sheet with the edited rows rewritten (or inserted in order); all other bytes unchanged."""
    if not edits:
        return data
    if not index.scanned:
        patched = _patch_lazy(data, index, edits)
        if patched is not None:
            return patched
    return _patch_full(data, index, edits)


def _patch_full(data: bytes, index: SheetIndex, edits: dict[int, RowEdit]) -> bytes:
    """patch_rows visiting every row: rows lacking r= are given their number, new rows go in order."""
    prefix = index.prefix
    existing = index.by_number
    view = memoryview(data)  # slices of it are joined once, not copied twice
    out: list[bytes | memoryview] = []
    cursor = index.data_body
    new_numbers = sorted(n for n in edits if n not in existing)
    ni = 0
    for row in index.rows:
        inserted = []
        while ni < len(new_numbers) and new_numbers[ni] < row.number:
            inserted.append(_new_row(new_numbers[ni], edits[new_numbers[ni]], prefix))
            ni += 1
        if row.number in edits:
            out.append(view[cursor:row.start])
            out.extend(inserted)
            out.append(_rewrite_row(data, row, edits[row.number], prefix))
            cursor = row.end
        elif inserted or not row.explicit:
            out.append(view[cursor:row.start])
            out.extend(inserted)
            tag = data[row.start:row.tag_end]
            if not row.explicit:
                tag = set_attr(tag, b"r", str(row.number).encode())
            out.append(tag)
            cursor = row.tag_end
    out.append(view[cursor:index.data_close])
    out.extend(_new_row(n, edits[n], prefix) for n in new_numbers[ni:])
    return _assemble(data, index, out)


def _patch_lazy(data: bytes, index: SheetIndex, edits: dict[int, RowEdit]) -> bytes | None:
    """patch_rows through the row lookup; None when a new row falls between existing ones."""
    prefix = index.prefix
    last = index.last()
    view = memoryview(data)  # slices of it are joined once, not copied twice
    out: list[bytes | memoryview] = []
    cursor = index.data_body
    for number in sorted(edits):
        span = index.row(number)
        if span is not None:
            if span.start < cursor:
                return None
            out.append(view[cursor:span.start])
            out.append(_rewrite_row(data, span, edits[number], prefix))
            cursor = span.end
            continue
        if last is not None and number < last.number:
            return None
        out.append(view[cursor:index.data_close])
        out.append(_new_row(number, edits[number], prefix))
        cursor = index.data_close
    out.append(view[cursor:index.data_close])
    return _assemble(data, index, out)


def _assemble(data: bytes, index: SheetIndex, body: list[bytes | memoryview]) -> bytes:
    """The sheet with ``body`` (pieces, joined once: a big sheet is copied one time) as its sheetData."""
    prefix = index.prefix
    view = memoryview(data)
    if index.data_self_closing:
        return b"".join((view[:index.data_open], b"<" + prefix + b"sheetData>", *body,
                         b"</" + prefix + b"sheetData>", view[index.data_close + 2:]))
    return b"".join((view[:index.data_body], *body, view[index.data_close:]))


def grow_dimension(data: bytes, rows: tuple[int, int], cols: tuple[int, int]) -> bytes:
    """Widen ``<dimension ref>`` so it covers rows/cols (min, max); never shrinks it."""
    match = _DIMENSION.search(data, 0, 4096) or _DIMENSION.search(data)
    if match is None:
        return data
    old = parse_range(match.group(2).decode("ascii", "replace"))
    if old is None:
        return data
    top, left, bottom, right = old
    new = make_range(min(top, rows[0]), min(left, cols[0]), max(bottom, rows[1]), max(right, cols[1]))
    if new.encode() == match.group(2):
        return data
    return data[:match.start(2)] + new.encode() + data[match.end(2):]


def extend_sqref(sqref: str, old_last: int, new_last: int, *, header: bool = False) -> str:
    """Each range of a space-separated sqref that ends at ``old_last`` extended down to ``new_last``.

    A one-row range in row 1 is a header, not a column of data, and stays, unless ``header`` says
    the range starts with its header (an autofilter over a sheet with no data rows yet).
    """
    out = []
    for token in sqref.split():
        rng = parse_range(token)
        grows = rng is not None and rng[2] == old_last and (header or rng[0] < rng[2] or rng[0] > 1)
        out.append(make_range(rng[0], rng[1], new_last, rng[3]) if rng is not None and grows else token)
    return " ".join(out)


_SQREF_ATTR = re.compile(
    rb"(<(?:[A-Za-z_][\w.-]*:)?(?:conditionalFormatting|dataValidation|autoFilter)\b[^>]*?"
    rb"\b(?:sqref|ref)\s*=\s*\")([^\"]*)(\")")
_XM_SQREF = re.compile(rb"(<(?:[A-Za-z_][\w.-]*:)?sqref>)([^<]*)(</(?:[A-Za-z_][\w.-]*:)?sqref>)")


def extend_ranges(data: bytes, old_last: int, new_last: int) -> bytes:
    """Grow autofilter, conditional formatting and data validation ranges (x14 ones too) after an append."""

    def grow(match: re.Match[bytes]) -> bytes:
        header = b"autoFilter" in match.group(1)
        new = extend_sqref(match.group(2).decode("ascii", "replace"), old_last, new_last, header=header).encode()
        return match.group(1) + new + match.group(3)

    after_data = max(data.rfind(b"sheetData>"), 0)
    tail = _SQREF_ATTR.sub(grow, data[after_data:])
    tail = _XM_SQREF.sub(grow, tail)
    return data[:after_data] + tail
