"""Deleting, inserting and moving whole rows of a sheet as Excel does, everything attached going with them.

A :class:`~govsheet.xlsx.rowmap.RowMap` says where each old row goes (None: deleted). :func:`apply_row_map` rewrites
the sheet's rows and cells, its merged, conditional-format, validation, hyperlink, autofilter,
selection and page-break ranges, every formula in the workbook that points at the sheet
(cells, shared formulas expanded, names, validations, conditional formats, charts), its
tables, comments (with their VML shapes), threaded comments and drawing anchors. Anything
it cannot move safely (a pivot table, a cut array formula, a table losing its header, merged
cells a move would cut) is refused before anything changes.
"""

from __future__ import annotations

import html
import itertools
import re
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Protocol

from govsheet.errors import UsageError
from govsheet.xlsx.cells import escape_text, unescape_text
from govsheet.xlsx.formulas import _REF_BODY, corner_text, corners, rewrite_refs, translate
from govsheet.xlsx.limits import MAX_ROWS
from govsheet.xlsx.patch import attrs_of, index_cells, set_attr
from govsheet.xlsx.refs import col_letters, parse_range
from govsheet.xlsx.rowmap import RowMap, hull, shift_formula, shift_ref, shift_sqref

if TYPE_CHECKING:
    from pathlib import Path

    from govsheet.xlsx.package import Package
    from govsheet.xlsx.patch import SheetIndex

_P = rb"(?:[A-Za-z_][\w.-]*:)?"
_ROW_R = re.compile(rb"(\sr\s*=\s*\")([0-9]+)(\")")
_CELL_R = re.compile(rb"(<" + _P + rb"c\b[^>]*?\sr\s*=\s*\")([A-Za-z]{1,3})([0-9]+)(\")")
_F_ELEMENT = re.compile(rb"<(" + _P + rb")f\b([^>]*?)(/>|>([^<]*)</" + _P + rb"f>)")
_FORMULA_TEXT = re.compile(
    rb"(<(" + _P + rb")(?:f|formula|formula1|formula2|calculatedColumnFormula|totalsRowFormula)\b[^>]*>)"
    rb"([^<]+)(</\2(?:f|formula|formula1|formula2|calculatedColumnFormula|totalsRowFormula)>)")
_DEFINED = re.compile(rb"(<" + _P + rb"definedName\b([^>]*)>)([^<]*)(</" + _P + rb"definedName>)")
_SHEET_NAME = re.compile(rb"<" + _P + rb"sheet\b[^>]*?\bname\s*=\s*\"([^\"]*)\"")
_RANGE_ATTR = re.compile(
    rb"<(" + _P + rb")(mergeCell|hyperlink|autoFilter|ignoredError|protectedRange|sortState|sortCondition|"
    rb"dimension|selection|pane|brk)\b[^>]*?/?>")
_BLOCK = re.compile(rb"<(" + _P + rb")(conditionalFormatting|dataValidation)\b([^>]*?)(?:/>|>(.*?)</\1\2>)",
                    re.DOTALL)
_XM_SQREF = re.compile(rb"(<" + _P + rb"sqref>)([^<]*)(</" + _P + rb"sqref>)")
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"


class RowSheet(Protocol):
    """What a row operation reads of a worksheet (a :class:`~govsheet.xlsx.sheet.Sheet`), and how it hands back XML.

    A protocol, so that this module need not import the sheet: the sheet calls in, never the other way.
    """

    name: str
    part: str

    @property
    def data(self) -> bytes: ...
    @property
    def index(self) -> SheetIndex: ...
    @property
    def max_row(self) -> int: ...
    @property
    def pivot_ranges(self) -> list[str]: ...
    def reload(self, data: bytes) -> None: ...


class RowBook(Protocol):
    """What a row operation uses of the workbook (a :class:`~govsheet.xlsx.book.Book`): its parts and sheets."""

    path: Path
    package: Package

    @property
    def workbook_xml(self) -> bytes: ...
    @workbook_xml.setter
    def workbook_xml(self, data: bytes) -> None: ...
    def __iter__(self) -> Iterator[RowSheet]: ...
    def flush_edits(self) -> None: ...
    def drop_calc_chain(self) -> None: ...
    def formulas_changed(self) -> None: ...


def _mentions(data: bytes, name: str) -> bool:
    low = data.lower()
    for form in (name, name.replace("'", "''")):
        esc = escape_text(form).lower().encode()
        if esc + b"!" in low or esc + b"'!" in low:
            return True
    return False


# ---------------------------------------------------------------------- the sheet's own XML
def _formula_xml(rm: RowMap, target: str, host: str, text: bytes) -> bytes:
    formula = text.decode("utf-8")
    if "&" in formula:
        formula = html.unescape(formula)  # XML's entities only: _xHHHH_ escapes stay as written
    new = shift_formula(rm, target, formula, host)
    if new == formula:
        return text
    return _xml(new)


def _xml(text: str) -> bytes:
    """Formula text as element content (_xHHHH_ escapes are the formula's own and stay)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").encode()


class _Shared:
    def __init__(self, data: bytes, prefix: bytes) -> None:
        self.masters: dict[bytes, tuple[int, int, str]] = {}
        if b'"shared"' not in data:
            return
        cell = re.compile(rb"<" + prefix + rb"c\b[^>]*?\sr\s*=\s*\"([A-Za-z]{1,3})([0-9]+)\"[^>]*(?<!/)>"
                          rb"(?:(?!</" + prefix + rb"c>).)*?<" + prefix + rb"f\b([^>]*)>([^<]*)</", re.DOTALL)
        for m in cell.finditer(data):
            a = attrs_of(m.group(3))
            if a.get(b"t") == b"shared" and b"ref" in a and b"si" in a:
                from govsheet.xlsx.refs import col_number

                self.masters[a[b"si"]] = (int(m.group(2)), col_number(m.group(1).decode()),
                                          html.unescape(m.group(4).decode("utf-8")))


def _rewrite_cell_formulas(rm: RowMap, target: str, host: str, cell: bytes, row: int, col: int,
                           shared: _Shared, moving: bool) -> bytes:
    def fix(m: re.Match[bytes]) -> bytes:
        attrs = attrs_of(m.group(2))
        prefix = m.group(1)
        tag = b"<" + prefix + b"f" + m.group(2)
        if attrs.get(b"t") == b"shared" and attrs.get(b"si") in shared.masters:
            a_row, a_col, text = shared.masters[attrs[b"si"]]
            formula = translate(text, host, row - a_row, col - a_col)
            for name in (b"t", b"ref", b"si"):
                tag = set_attr(tag, name, None)
            new = _xml(shift_formula(rm, target, formula, host))
            return tag + b">" + new + b"</" + prefix + b"f>"
        if m.group(4) is None:
            return m.group(0)
        if moving and attrs.get(b"t") == b"array" and b"ref" in attrs:
            new_ref = shift_ref(rm, attrs[b"ref"].decode())
            tag = set_attr(tag, b"ref", (new_ref or attrs[b"ref"].decode()).encode())
        body = _formula_xml(rm, target, host, m.group(4))
        return tag + b">" + body + b"</" + prefix + b"f>"

    return _F_ELEMENT.sub(fix, cell)


_SPECIAL = re.compile(rb"[\"'!\[&\\?_\n]")
_PLAIN_REF = re.compile(rb"(?<![\w.$\\?])(" + _REF_BODY.encode() + rb")(?![\w.(!\['\\?])")


_PLAIN_SPLIT = re.compile(rb"(?<![\w.$\\?])(?:(\$?[A-Za-z]{1,3}\$?)([0-9]{1,7})(?![:\w.(!\['\\?])|(" +
                          _REF_BODY.encode() + rb")(?![\w.(!\['\\?]))")


def _plain_shifter(rm: RowMap) -> Callable[[re.Match[bytes] | bytes], bytes]:
    """A reference rewriter for formula text without quotes or sheet names (cached, in bytes)."""
    cache: dict[bytes, bytes] = {}

    def plain(m: re.Match[bytes] | bytes) -> bytes:
        ref = m if isinstance(m, bytes) else m.group(0)
        new = cache.get(ref)
        if new is None:
            moved = shift_ref(rm, ref.decode())
            new = cache[ref] = b"#REF!" if moved is None else moved.encode()
        return new

    return plain


def _shift_plain_formulas(rm: RowMap, body: bytes, prefix: bytes) -> tuple[bytes, bool]:
    """Every ``<f>`` without attributes, quotes or sheet names, rewritten in one split of the whole sheet.

    Returns the rows and whether other formulas are left for the one-by-one rewrite.

    Formulas such as ``C5*2`` refer only to cells of their own sheet, so their references are
    found with one regular expression over all of them at once rather than one call each.
    """
    parts = re.split(rb"(<" + re.escape(prefix) + rb"f>)([^<]*)(</" + re.escape(prefix) + rb"f>)", body)
    texts = parts[2::4]
    plain = [i for i, text in enumerate(texts) if _SPECIAL.search(text) is None]
    left = len(plain) < sum(body.count(b"<" + prefix + tag) for tag in (b"f>", b"f ", b"f/"))
    if not plain:
        return body, left
    joined = b"\n".join(texts[i] for i in plain)
    pieces: list[bytes | None] = _PLAIN_SPLIT.split(joined)  # text, then column, row, range per reference
    shifted = _plain_shifter(rm)
    numbers: dict[bytes, bytes] = {}
    known = numbers.get

    def number(row: bytes) -> bytes:
        moved = rm.row(int(row))
        new = numbers[row] = b"" if moved is None else str(moved).encode()
        return new

    for k in range(1, len(pieces), 4):
        row = pieces[k + 1]
        if row is not None:
            new = known(row)
            new = number(row) if new is None else new
            pieces[k], pieces[k + 1], pieces[k + 2] = (pieces[k], new, b"") if new else (b"", b"#REF!", b"")
        else:
            pieces[k], pieces[k + 1], pieces[k + 2] = b"", b"", shifted(pieces[k + 2] or b"")
    done = b"".join(pieces)  # type: ignore[arg-type]  # every None was replaced above
    for i, text in zip(plain, done.split(b"\n"), strict=True):
        texts[i] = text
    parts[2::4] = texts
    return b"".join(parts), left


_NUMBERED = re.compile(rb"(<" + _P + rb"(?:row|c)\b[^>]*?\sr\s*=\s*\")([A-Za-z]{0,3})([0-9]+)(\")")


def _rewrite_rows_fast(sheet: RowSheet, rm: RowMap, target: str, moving: bool) -> bytes | None:  # noqa: C901
    """The rows rewritten with whole-sheet passes; None when a row or cell has no r= or formulas are shared."""
    data = sheet.data
    index = sheet.index
    prefix = index.prefix
    if b'"shared"' in data:
        return None
    body = data[index.data_body:index.data_close]
    if b"<" + prefix + b"f" in body:
        host = sheet.name
        body, left = _shift_plain_formulas(rm, body, prefix) if moving else (body, True)

        def fix(m: re.Match[bytes]) -> bytes:
            text = m.group(4)
            if text is None:
                return m.group(0)
            head = m.group(2)
            if not head and _SPECIAL.search(text) is None:
                # no quotes or sheet names: refers to this sheet only, and was shifted above when it moves
                return m.group(0)
            tag = b"<" + m.group(1) + b"f" + head
            attrs = attrs_of(head) if head else {}
            if moving and attrs.get(b"t") == b"array" and b"ref" in attrs:
                new_ref = shift_ref(rm, attrs[b"ref"].decode())
                tag = set_attr(tag, b"ref", (new_ref or attrs[b"ref"].decode()).encode())
            return tag + b">" + _formula_xml(rm, target, host, text) + b"</" + m.group(1) + b"f>"

        if left:
            body = _F_ELEMENT.sub(fix, body)
    if not moving:
        return data[:index.data_body] + body + data[index.data_close:]

    # one split finds every row and cell number; a row or cell without r= leaves it to the slow path
    parts = _NUMBERED.split(body)
    elements = sum(body.count(b"<" + prefix + tag) for tag in (b"row ", b"row>", b"c ", b"c>"))
    if elements != (len(parts) - 1) // 5:
        return None
    if rm.deleted:
        parts = _without_deleted_rows(rm, parts, b"<" + prefix + b"row")
    numbers: dict[bytes, bytes] = {}

    def renumber(old: bytes) -> bytes:
        moved = rm.row(int(old))
        new = numbers[old] = str(moved if moved is not None else int(old)).encode()
        return new

    known = numbers.get
    parts[3::5] = [known(old) or renumber(old) for old in parts[3::5]]
    return data[:index.data_body] + b"".join(parts) + data[index.data_close:]


def _without_deleted_rows(rm: RowMap, parts: list[bytes], row_tag: bytes) -> list[bytes]:
    """The split rows (text, then 4 groups per number found) without the rows deleted.

    A deleted row runs from its own tag to the next row's tag, its closing tag included, so
    dropping whole groups of five keeps the text-then-groups layout.
    """
    starts = [k for k in (1 + 5 * i for i, letters in enumerate(parts[2::5]) if not letters)
              if parts[k].startswith(row_tag)]  # a row's r= has no letters; only those tags are looked at
    out: list[bytes] = []
    prev = 0
    for i, k in enumerate(starts):
        if rm.row(int(parts[k + 2])) is not None:
            continue
        out.extend(parts[prev:k])
        prev = starts[i + 1] if i + 1 < len(starts) else len(parts)
    out.extend(parts[prev:])  # nothing when the last row went, with the text its closing tag was in
    return out


def _rewrite_rows(sheet: RowSheet, rm: RowMap, target: str, moving: bool) -> bytes:  # noqa: C901
    fast = _rewrite_rows_fast(sheet, rm, target, moving)
    if fast is not None:
        return fast
    data = sheet.data
    index = sheet.index
    prefix = index.prefix
    shared = _Shared(data, prefix)
    out: list[bytes | memoryview] = [memoryview(data)[:index.data_body]]
    view = memoryview(data)
    pos = index.data_body
    has_f = b"<" + prefix + b"f" in data
    for span in index.rows:
        out.append(view[pos:span.start])
        pos = span.end
        number = span.number
        new = rm.row(number) if moving else number
        if new is None:
            continue
        renumber_all = rm.moved is not None and not span.explicit  # rows are reordered: each needs its r=
        if new == number and (not has_f or span.self_closing) and not renumber_all:
            out.append(view[span.start:span.end])
            continue
        tag = data[span.start:span.tag_end]
        if new != number or renumber_all:
            new_b = str(new).encode()

            def renumber(m: re.Match[bytes], new_b: bytes = new_b) -> bytes:
                return m.group(1) + new_b + m.group(3)

            def recell(m: re.Match[bytes], new_b: bytes = new_b) -> bytes:
                return m.group(1) + m.group(2) + new_b + m.group(4)

            tag = _ROW_R.sub(renumber, tag, count=1) if span.explicit else set_attr(tag, b"r", new_b)
        body = data[span.tag_end:span.end]
        if has_f and b"<" + prefix + b"f" in body:
            cells = index_cells(data, span, prefix)
            parts: list[bytes] = []
            cur = span.tag_end
            for cell in cells:
                parts.append(data[cur:cell.start])
                raw = data[cell.start:cell.end]
                if b"<" + prefix + b"f" in raw:
                    raw = _rewrite_cell_formulas(rm, target, sheet.name, raw, number, cell.col, shared, moving)
                parts.append(raw)
                cur = cell.end
            parts.append(data[cur:span.end])
            body = b"".join(parts)
        if new != number:
            body = _CELL_R.sub(recell, body)
        out.append(tag + body)
    out.append(view[pos:])
    return b"".join(out)


def _rewrite_tail(rm: RowMap, target: str, host: str, tail: bytes, *, moving: bool) -> bytes:  # noqa: C901, PLR0915
    """The parts of a sheet outside its rows: ranges (on the moving sheet) and formulas."""
    def formulas(chunk: bytes) -> bytes:
        return _FORMULA_TEXT.sub(lambda m: m.group(1) + _formula_xml(rm, target, host, m.group(3)) + m.group(4),
                                 chunk)

    if not moving:
        return formulas(tail)

    def block(m: re.Match[bytes]) -> bytes:
        attrs = attrs_of(m.group(3))
        inner = m.group(4) or b""
        head = b"<" + m.group(1) + m.group(2) + m.group(3)
        old = new = ""
        if b"sqref" in attrs:
            old = attrs[b"sqref"].decode()
            new = shift_sqref(rm, old)
            if not new:
                return b""
            head = set_attr(head + b">", b"sqref", new.encode())[:-1]
        else:
            xm = _XM_SQREF.search(inner)
            if xm is not None:
                old = xm.group(2).decode()
                new = shift_sqref(rm, old)
                if not new:
                    return b""
                inner = inner[:xm.start(2)] + new.encode() + inner[xm.end(2):]
        if rm.moved is not None:
            inner = _anchored_formulas(rm, target, host, inner, _top(new) - _top(old))
        if m.group(4) is None:
            return head + b"/>"
        return head + b">" + inner + b"</" + m.group(1) + m.group(2) + b">"

    if rm.moved is None:
        tail = _BLOCK.sub(block, tail)
    else:  # a rule's formulas are read from its first cell: they move with it, not as cell formulas
        pieces, pos = [], 0
        for found in _BLOCK.finditer(tail):
            pieces += [formulas(tail[pos:found.start()]), block(found)]
            pos = found.end()
        tail = b"".join([*pieces, formulas(tail[pos:])])

    def ranged(m: re.Match[bytes]) -> bytes:  # noqa: C901, PLR0911 - one return per element kind
        tag, name = m.group(0), m.group(2)
        attrs = attrs_of(tag[1 + len(m.group(1)) + len(name):])
        if name == b"brk":
            old = attrs.get(b"id", b"")
            if not old.isdigit():
                return tag
            new_row = rm.row(int(old))
            return b"" if new_row is None else set_attr(tag, b"id", str(new_row).encode())
        if name == b"pane":
            return _clamped(rm, tag, b"topLeftCell")
        if name == b"selection":
            tag = _clamped(rm, tag, b"activeCell")
            if b"sqref" in attrs:
                new = shift_sqref(rm, attrs[b"sqref"].decode())
                active = attrs_of(tag).get(b"activeCell", b"A1")
                tag = set_attr(tag, b"sqref", new.encode() or active)
            return tag
        key = b"sqref" if b"sqref" in attrs else b"ref"
        if key not in attrs:
            return tag
        new = shift_sqref(rm, attrs[key].decode())
        if rm.moved is not None and key == b"ref":
            new = hull(new)  # an attribute of one range; the ranges a move would cut are refused before
        if name == b"mergeCell" and new and parse_range(new) is not None:
            rng = parse_range(new)
            if rng is not None and rng[0] == rng[2] and rng[1] == rng[3]:
                new = ""
        if not new:
            return b"" if name in (b"mergeCell", b"hyperlink", b"ignoredError", b"protectedRange",
                                   b"sortCondition") else tag
        return set_attr(tag, key, new.encode())

    tail = _RANGE_ATTR.sub(ranged, tail)
    if rm.moved is None:
        tail = formulas(tail)
    return _recount(tail)


def _top(sqref: str) -> int:
    tokens = sqref.split(maxsplit=1)
    first = parse_range(tokens[0]) if tokens else None
    return first[0] if first is not None else 0


def _anchored_formulas(rm: RowMap, target: str, host: str, inner: bytes, delta: int) -> bytes:
    """A moved rule's formulas: relative rows go with its first cell (``delta``), absolute rows with their row."""
    wanted = target.casefold()

    def on_ref(sheet: str | None, ref: str) -> str:
        parts = corners(ref)
        if sheet is None or sheet.casefold() != wanted or not parts:
            return ref
        texts = []
        for col_abs, col, row_abs, row in parts:
            new = row if row is None else (rm.row(row) if row_abs else row + delta)
            texts.append(corner_text(col_abs, col, row_abs, new))
        return ":".join(texts)

    def one(m: re.Match[bytes]) -> bytes:
        text = html.unescape(m.group(3).decode("utf-8"))
        new = rewrite_refs(text, host, on_ref)
        return m.group(0) if new == text else m.group(1) + _xml(new) + m.group(4)

    return _FORMULA_TEXT.sub(one, inner)


def _clamped(rm: RowMap, tag: bytes, attr: bytes) -> bytes:
    value = attrs_of(tag).get(attr)
    if value is None:
        return tag
    m = re.fullmatch(rb"([A-Za-z]{1,3})([0-9]+)", value)
    if m is None:
        return tag
    row = int(m.group(2))
    new = rm.row(row)
    if new is None:
        new = rm.span(row, MAX_ROWS)[0] if rm.span(row, MAX_ROWS) else 1  # type: ignore[index]
    return set_attr(tag, attr, m.group(1) + str(new).encode())


def _recount(tail: bytes) -> bytes:
    for name, child in ((b"mergeCells", b"mergeCell"), (b"dataValidations", b"dataValidation"),
                        (b"rowBreaks", b"brk"), (b"hyperlinks", b"hyperlink")):
        pattern = re.compile(rb"<(" + _P + rb")" + name + rb"\b([^>]*?)>(.*?)</\1" + name + rb">", re.DOTALL)
        m = pattern.search(tail)
        if m is None or m.group(2).endswith(b"/"):
            continue
        count = len(re.findall(rb"<" + _P + child + rb"\b", m.group(3)))
        if count == 0:
            tail = tail[:m.start()] + tail[m.end():]
            continue
        head = b"<" + m.group(1) + name + m.group(2) + b">"
        new_head = head
        for attr in (b"count", b"manualBreakCount"):
            if attr in attrs_of(m.group(2)):
                new_head = set_attr(new_head, attr, str(count).encode())
        tail = tail[:m.start()] + new_head + tail[m.start() + len(head):]
    return tail


def _sorted_rows(data: bytes) -> bytes:
    """The rows of sheetData in ascending order again (a move renumbers them out of order)."""
    from govsheet.xlsx.patch import index_sheet

    spans = index_sheet(data).rows
    if not spans or all(a.number < b.number for a, b in itertools.pairwise(spans)):
        return data
    view = memoryview(data)
    ordered = sorted(spans, key=lambda span: span.number)
    return b"".join([view[:spans[0].start], *(view[s.start:s.end] for s in ordered), view[spans[-1].end:]])


def _rewrite_sheet(sheet: RowSheet, rm: RowMap, target: str, moving: bool) -> bytes:
    sheet.index.check_whole()  # every row may be rewritten: the whole sheet must be well-formed
    data = _rewrite_rows(sheet, rm, target, moving) if moving or b"<" + sheet.index.prefix + b"f" in sheet.data \
        else sheet.data
    from govsheet.xlsx.patch import index_sheet

    if moving and rm.moved is not None:
        data = _sorted_rows(data)
    index = index_sheet(data)
    head = data[:index.data_body]
    if moving:
        head = re.sub(rb"<" + _P + rb"(?:dimension|selection|pane)\b[^>]*?/?>",
                      lambda m: _rewrite_tail(rm, target, sheet.name, m.group(0), moving=True), head)
    tail = _rewrite_tail(rm, target, sheet.name, data[index.data_close:], moving=moving)
    return head + data[index.data_body:index.data_close] + tail


# ---------------------------------------------------------------------- other parts
def _rels_of(book: RowBook, part: str) -> list[tuple[str, str]]:
    from govsheet.xlsx.package import read_rels

    return [(rtype, target) for _rid, rtype, target, mode in read_rels(book.package, part)
            if mode != "External" and book.package.has(target)]


def _refuse(book: RowBook, sheet: RowSheet, rm: RowMap) -> None:  # noqa: C901, PLR0912 - one check per feature
    for found in sheet.pivot_ranges:
        rng = parse_range(found)
        if rng is not None and rng[2] >= rm.lowest:
            raise UsageError(book.path, f'sheet "{sheet.name}": a pivot table at {found} sits in or below the rows '
                                        "that move; move or delete it in Excel first")
    wanted = sheet.name.casefold()
    for name in book.package.names:
        if "pivotCacheDefinition" not in name or not name.endswith(".xml"):
            continue
        src = re.search(rb"<" + _P + rb"worksheetSource\b([^>]*)", book.package.read_xml_bytes(name))
        if src is None:
            continue
        a = attrs_of(src.group(1))
        if unescape_text(a.get(b"sheet", b"").decode()).casefold() == wanted:
            rng = parse_range(a.get(b"ref", b"").decode())
            if rng is None or rng[2] >= rm.lowest:
                raise UsageError(book.path, f'sheet "{sheet.name}": a pivot table draws on '
                                            f'{a.get(b"ref", b"").decode()}, which the rows moved would change; '
                                            "change its source in Excel first")
    if rm.inserted and sheet.max_row + rm.growth > MAX_ROWS:
        raise UsageError(book.path, f'sheet "{sheet.name}": inserting {rm.growth} rows would push cells past row '
                                    f"{MAX_ROWS:,}; delete rows at the bottom first")
    arrays = re.finditer(rb"<" + _P + rb"f\b[^>]*?\bt\s*=\s*\"array\"[^>]*?\bref\s*=\s*\"([^\"]+)\"",
                         sheet.data) if b'"array"' in sheet.data else ()
    for m in arrays:
        rng = parse_range(m.group(1).decode())
        if rng is not None and rm.cuts(rng[0], rng[2]):
            raise UsageError(book.path, f'sheet "{sheet.name}": the array formula over {m.group(1).decode()} would be '
                                        "cut; rows cannot be deleted or inserted inside it")
    if rm.moved is not None:
        _refuse_move(book, sheet, rm)
    for rtype, target in _rels_of(book, sheet.part):
        if rtype == REL + "table":
            root = re.search(rb"<" + _P + rb"table\b([^>]*)>", book.package.read_xml_bytes(target))
            a = attrs_of(root.group(1)) if root else {}
            rng = parse_range(a.get(b"ref", b"").decode())
            header = a.get(b"headerRowCount", b"1") != b"0"
            if rng is not None and rm.deleted and (rm.span(rng[0], rng[2]) is None or
                                                   (header and rm.row(rng[0]) is None)):
                raise UsageError(book.path, f'sheet "{sheet.name}": the rows deleted would remove the header of the '
                                            f'table {a.get(b"displayName", b"").decode()} ({a[b"ref"].decode()}); '
                                            "convert it to a range or delete the table in Excel first")


def _refuse_move(book: RowBook, sheet: RowSheet, rm: RowMap) -> None:
    """Excel refuses to cut through merged cells; a table, link or formatted range split by the move is refused too."""
    first, last, to = rm.moved or (0, 0, 0)
    what = f'sheet "{sheet.name}": moving rows {first}:{last} before row {to}'
    tail = sheet.data[sheet.index.data_close:]
    for m in re.finditer(rb"<" + _P + rb"(mergeCell|hyperlink)\b[^>]*?\bref\s*=\s*\"([^\"]+)\"", tail):
        rng = parse_range(m.group(2).decode())
        if rng is not None and rm.cuts(rng[0], rng[2]):
            kind = "merged cells" if m.group(1) == b"mergeCell" else "the hyperlink"
            raise UsageError(book.path, f"{what} would cut {kind} {m.group(2).decode()}; move whole merged or "
                                        "linked rows, or unmerge them in Excel first")
    for m in _BLOCK.finditer(tail):
        inner = m.group(4) or b""
        xm = _XM_SQREF.search(inner)
        sqref = attrs_of(m.group(3)).get(b"sqref") or (xm.group(2) if xm else b"")
        if not _counts_rows(inner):
            continue
        for token in sqref.decode().split():
            rng = parse_range(token)
            if rng is not None and len(rm.pieces(rng[0], rng[2])) > 1:
                kind = "conditional format" if m.group(2) == b"conditionalFormatting" else "validation"
                raise UsageError(book.path, f"{what} would split the {kind} on {token}, whose formula counts rows "
                                            "from its first cell; move rows within it or outside it")
    _refuse_moved_table(book, sheet, rm, what)


def _refuse_moved_table(book: RowBook, sheet: RowSheet, rm: RowMap, what: str) -> None:
    for rtype, target in _rels_of(book, sheet.part):
        if rtype != REL + "table":
            continue
        root = re.search(rb"<" + _P + rb"table\b([^>]*)>", book.package.read_xml_bytes(target))
        a = attrs_of(root.group(1)) if root else {}
        rng = parse_range(a.get(b"ref", b"").decode())
        if rng is None:
            continue
        pieces = rm.pieces(rng[0], rng[2])
        header = a.get(b"headerRowCount", b"1") != b"0"
        if len(pieces) > 1 or (header and rm.row(rng[0]) != pieces[0][0]):
            raise UsageError(book.path, f"{what} would move rows into, out of or above the header of the table "
                                        f'{a.get(b"displayName", b"").decode()} ({a[b"ref"].decode()}); move '
                                        "rows within its data, or convert it to a range in Excel first")


def _counts_rows(inner: bytes) -> bool:
    """Whether a rule's formulas hold a reference whose row is relative (read from the rule's first cell)."""
    found: list[bool] = []

    def note(_sheet: str | None, ref: str) -> str:
        found.extend(row is not None and not row_abs for _ca, _c, row_abs, row in corners(ref))
        return ref

    for m in re.finditer(rb"<(" + _P + rb")(?:formula[12]?|f)>([^<]*)</", inner):
        rewrite_refs(html.unescape(m.group(2).decode("utf-8")), None, note)
    return any(found)


def _comments(book: RowBook, rm: RowMap, part: str) -> None:
    data = book.package.read_xml_bytes(part)

    pattern = re.compile(rb"(<(" + _P + rb")(?:comment|threadedComment)\b([^>]*)>).*?</\2(?:comment|threadedComment)>",
                         re.DOTALL)

    def move2(m: re.Match[bytes]) -> bytes:
        a = attrs_of(m.group(3))
        new = shift_ref(rm, a.get(b"ref", b"").decode())
        if new is None:
            return b""
        return set_attr(m.group(1), b"ref", new.encode()) + m.group(0)[len(m.group(1)):]

    new_data = pattern.sub(move2, data)
    if new_data != data:
        book.package.write(part, new_data)


def _vml(book: RowBook, rm: RowMap, part: str) -> None:
    data = book.package.read(part)
    shape = re.compile(rb"<v:shape\b.*?</v:shape>", re.DOTALL)

    def move(m: re.Match[bytes]) -> bytes:
        text = m.group(0)
        row_m = re.search(rb"(<x:Row>)\s*([0-9]+)\s*(</x:Row>)", text)
        if row_m is None:
            return text
        old = int(row_m.group(2)) + 1
        new = rm.row(old)
        if new is None:
            return b""
        delta = new - old
        text = text[:row_m.start(2)] + str(new - 1).encode() + text[row_m.end(2):]

        def anchor(a: re.Match[bytes]) -> bytes:
            nums = [s.strip() for s in a.group(2).split(b",")]
            if len(nums) == 8:  # noqa: PLR2004 - col, dx, row, dy twice
                for i in (2, 6):
                    if nums[i].isdigit():
                        nums[i] = str(max(0, int(nums[i]) + delta)).encode()
                return a.group(1) + b", ".join(nums) + a.group(3)
            return a.group(0)

        return re.sub(rb"(<x:Anchor>)([^<]*)(</x:Anchor>)", anchor, text)

    new_data = shape.sub(move, data)
    if new_data != data:
        book.package.write(part, new_data)


def _drawing(book: RowBook, rm: RowMap, part: str) -> None:  # noqa: C901 - both anchor kinds, delete and insert
    data = book.package.read_xml_bytes(part)
    anchor = re.compile(rb"<(" + _P + rb")(twoCellAnchor|oneCellAnchor)\b.*?</\1\2>", re.DOTALL)
    marker = re.compile(rb"(<(" + _P + rb")(from|to)>)(.*?)(</\2\3>)", re.DOTALL)
    row_el = re.compile(rb"(<" + _P + rb"row>)([0-9]+)(</" + _P + rb"row>)")
    off_el = re.compile(rb"(<" + _P + rb"rowOff>)(-?[0-9]+)(</" + _P + rb"rowOff>)")

    def move(m: re.Match[bytes]) -> bytes:
        text = m.group(0)
        if rm.moved is not None:
            return _moved_anchor(rm, text, row_el)
        rows: list[int] = []

        def fix(mk: re.Match[bytes]) -> bytes:
            inner = mk.group(4)
            rm_ = row_el.search(inner)
            if rm_ is None:
                return mk.group(0)
            old = int(rm_.group(2)) + 1
            new = rm.row(old)
            reset = False
            if new is None:
                after = rm.span(old, MAX_ROWS)
                new = after[0] if after is not None else old
                reset = True
            rows.append(new)
            inner = inner[:rm_.start(2)] + str(new - 1).encode() + inner[rm_.end(2):]
            if reset:
                inner = off_el.sub(lambda o: o.group(1) + b"0" + o.group(3), inner)
            return mk.group(1) + inner + mk.group(5)

        text = marker.sub(fix, text)
        first_old = row_el.search(m.group(0))
        if first_old is not None and rm.deleted:
            old = int(first_old.group(2)) + 1
            if m.group(2) == b"oneCellAnchor" and rm.row(old) is None:
                return b""
            if len(rows) == 2 and rows[0] == rows[1] and rm.row(old) is None:  # noqa: PLR2004
                return b""
        return text

    new_data = anchor.sub(move, data)
    if new_data != data:
        book.package.write(part, new_data)


def _moved_anchor(rm: RowMap, text: bytes, row_el: re.Pattern[bytes]) -> bytes:
    """A drawing anchor on a move: the picture goes with the row of its top-left corner, keeping its size."""
    first = row_el.search(text)
    if first is None:
        return text
    delta = (rm.row(int(first.group(2)) + 1) or 0) - int(first.group(2)) - 1
    return row_el.sub(lambda r: r.group(1) + str(int(r.group(2)) + delta).encode() + r.group(3), text)


def _table(book: RowBook, rm: RowMap, target: str, part: str) -> None:
    data = book.package.read_xml_bytes(part)

    def move(m: re.Match[bytes]) -> bytes:
        new = hull(shift_sqref(rm, m.group(2).decode()))
        return m.group(1) + (new.encode() or m.group(2)) + m.group(3)

    new_data = re.sub(rb"(<" + _P + rb"(?:table|autoFilter|sortState|sortCondition)\b[^>]*?\bref\s*=\s*\")([^\"]*)(\")",
                      move, data)
    new_data = _FORMULA_TEXT.sub(lambda m: m.group(1) + _formula_xml(rm, target, target, m.group(3)) + m.group(4),
                                 new_data)
    if new_data != data:
        book.package.write(part, new_data)


def _workbook(book: RowBook, rm: RowMap, target: str) -> None:
    data = book.workbook_xml
    names = [unescape_text(m.group(1).decode()) for m in _SHEET_NAME.finditer(data)]

    def move(m: re.Match[bytes]) -> bytes:
        local = attrs_of(m.group(2)).get(b"localSheetId", b"")
        host = names[int(local)] if local.isdigit() and int(local) < len(names) else None
        return m.group(1) + _formula_xml(rm, target, host or "", m.group(3)) + m.group(4)

    new = _DEFINED.sub(move, data)
    if new != data:
        book.workbook_xml = new


def _charts(book: RowBook, rm: RowMap, target: str) -> None:
    for name in book.package.names:
        if not (name.startswith("xl/charts/") and name.endswith(".xml")):
            continue
        data = book.package.read_xml_bytes(name)
        if not _mentions(data, target):
            continue
        new = re.sub(rb"(<" + _P + rb"f>)([^<]*)(</" + _P + rb"f>)",
                     lambda m: m.group(1) + _formula_xml(rm, target, "", m.group(2)) + m.group(3), data)
        if new != data:
            book.package.write(name, new)


def apply_row_map(book: RowBook, sheet: RowSheet, rm: RowMap) -> None:
    """Move the rows of ``sheet`` as ``rm`` says, with everything attached (see the module docstring)."""
    book.flush_edits()  # pending cell edits go in first
    _refuse(book, sheet, rm)
    target = sheet.name
    for other in book:
        if other is sheet:
            continue
        if _mentions(other.data, target):
            _store(book, other, _rewrite_sheet(other, rm, target, moving=False))
    _store(book, sheet, _rewrite_sheet(sheet, rm, target, moving=True))
    for rtype, part in _rels_of(book, sheet.part):
        if rtype.endswith(("/comments", "/threadedComment")):
            _comments(book, rm, part)
        elif rtype.endswith("/vmlDrawing"):
            _vml(book, rm, part)
        elif rtype.endswith("/drawing"):
            _drawing(book, rm, part)
        elif rtype == REL + "table":
            _table(book, rm, target, part)
    _workbook(book, rm, target)
    _charts(book, rm, target)
    book.drop_calc_chain()
    book.formulas_changed()


def _store(book: RowBook, sheet: RowSheet, data: bytes) -> None:
    if data == sheet.data:
        return
    book.package.write(sheet.part, data)
    sheet.reload(data)


__all__ = ["RowMap", "apply_row_map", "col_letters", "shift_formula", "shift_ref", "shift_sqref"]
