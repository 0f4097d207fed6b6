"""Draw a diff as a workbook: the table with its changes marked, and every changed cell listed.

Each row's *Change* column says what happened in words and a symbol (``+ Added``,
``- Removed``, ``~ Changed``), and a changed cell reads ``~ new`` with ``[was: old]`` (or
``[was blank]``) under it, so the changes can be read without the colours (which repeat the same
thing). A removed row is struck through. Text is written as text, never as a formula, with each
side's italics and bold as rich text. The Changes sheet prints on A4 landscape at 8 pt or more:
helper columns narrow, wide columns wrapping, rows as tall as their text.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from govsheet.model.diff import DiffReport
from govsheet.model.schema import Schema
from govsheet.model.tracker import Run
from govsheet.workbook.layout import LINE_HEIGHT, MAX_ROW_HEIGHT, wrapped_lines
from govsheet.workbook.write import (
    A4,
    HELPER_WIDTH,
    MIN_PRINT_SCALE,
    MIN_WRAP_WIDTH,
    fit_to_page,
    page_chars,
    write_atomic,
)
from govsheet.xlsx.limits import MAX_CELL_CHARS

CHANGES_SHEET = "Changes"
CELLS_SHEET = "Changed cells"
FONT = {"font_name": "Arial", "font_size": 10, "valign": "top", "text_wrap": True}
CHANGE_WIDTH = 13  # "~ Changed (12)"
CELLS_WIDTHS = (8, 18, 50, 50, 9, 9)  # Ref, Field, Old value, New value, Old cell, New cell
BOLD_SHARE = 0.92
CUT_NOTE = " … (cut here: the whole text is in the tracker)"
TITLE_HEIGHT = 20  # points: the 14-point title
LEGEND = (
    ("added", "+ Added", "a row only in the new version (green)"),
    ("removed", "- Removed", "a row only in the old version (red, struck through)"),
    ("changed", "~ Changed", "the row has changed cells; each reads ~ new value, then [was: old value] (yellow)"),
)
FILLS = {"added": "#C6EFCE", "removed": "#FFC7CE", "changed": "#FFEB9C"}
HEADER = {"bold": True, "bg_color": "#1F3864", "font_color": "#FFFFFF", "border": 1}
Piece = tuple[str, bool, bool]  # text, italic, bold


def _clip(text: str) -> str:
    return text if len(text) <= MAX_CELL_CHARS else text[: MAX_CELL_CHARS - 1] + "…"


def shown_fields(report: DiffReport, schema: Schema) -> list[str]:
    """The fields the Changes sheet shows: the extension-request and target-history columns only when
    something in them changed."""
    managed = schema.managed_fields
    moved = {c.field for c in report.changed}
    return [name for name in report.fields if name not in managed or name in moved]


def diff_widths(report: DiffReport, schema: Schema) -> list[float]:
    """The Changes sheet's widths: the Change column, then each field's, laid out for A4 landscape.

    Helper fields (the parent link, derived copies) are narrow; when the sheet is still wider than
    the page at ``MIN_PRINT_SCALE``, the wide columns (all wrap here) give up width in proportion
    to what they have above ``MIN_WRAP_WIDTH``, so the page keeps its text at 8 pt or more.
    """
    widths = [float(CHANGE_WIDTH)]
    for name in shown_fields(report, schema):
        spec = schema.field(name)
        helper = name == schema.parent or spec.derived_from
        widths.append(float(min(spec.width, HELPER_WIDTH) if helper else spec.width))
    return fit_to_page(widths, [i for i in range(1, len(widths)) if widths[i] > MIN_WRAP_WIDTH])


def text_height(texts: Sequence[str], widths: Sequence[float]) -> float:
    """A row height (points) that shows every cell's text wrapped in its column (bold in changed
    cells takes about a tenth more width, hence the narrower measure)."""
    lines = max((wrapped_lines(text, width * BOLD_SHARE) for text, width in zip(texts, widths, strict=True)),
                default=1)
    return min(MAX_ROW_HEIGHT, lines * LINE_HEIGHT + 3)


class _Formats:
    """The diff workbook's cell formats, and the run formats of its rich text, made once."""

    def __init__(self, book: Any) -> None:
        self._book = book
        self.cell = {
            "title": book.add_format({**FONT, "bold": True, "font_size": 14, "text_wrap": False}),
            "plain": book.add_format({**FONT, "text_wrap": False}),
            "header": book.add_format({**FONT, **HEADER}),
            "cell": book.add_format({**FONT, "border": 1, "border_color": "#808080"}),
            **{kind: book.add_format({**FONT, "border": 1, "bg_color": colour, "font_color": "#000000",
                                      "font_strikeout": kind == "removed"}) for kind, colour in FILLS.items()},
            "changed_cell": book.add_format({**FONT, "border": 2, "bold": True, "bg_color": FILLS["changed"],
                                             "font_color": "#000000"}),
        }
        self._runs: dict[tuple[bool, bool, bool], Any] = {}

    def run(self, *, italic: bool, bold: bool, strike: bool) -> Any:
        """A rich-text run's font (a run without one falls back to Calibri 11 in Excel)."""
        key = (italic, bold, strike)
        if key not in self._runs:
            self._runs[key] = self._book.add_format({"font_name": FONT["font_name"], "font_size": FONT["font_size"],
                                                     "italic": italic, "bold": bold, "font_strikeout": strike})
        return self._runs[key]


def _pieces(text: str, runs: Sequence[Run] | None) -> list[Piece]:
    """The text as runs: the stored ones when they spell it, else one plain run."""
    if runs and "".join(r.text for r in runs) == text:
        return [(r.text, r.italic, r.bold) for r in runs if r.text]
    return [(text, False, False)] if text else []


def fit_row(pieces: list[Piece], width: float) -> list[Piece]:
    """The text cut, with a note, where it would run past Excel's tallest row in a column ``width`` wide
    (a cell cannot print more; the tracker keeps the whole text)."""
    text = "".join(t for t, _, _ in pieces)
    lines = int((MAX_ROW_HEIGHT - 3) // LINE_HEIGHT)
    if wrapped_lines(text, width * BOLD_SHARE) <= lines:
        return pieces
    low, high = 0, len(text)  # the longest start of the text that fits with the note after it
    while low < high:
        middle = (low + high + 1) // 2
        if wrapped_lines(text[:middle] + CUT_NOTE, width * BOLD_SHARE) <= lines:
            low = middle
        else:
            high = middle - 1
    keep = text.rfind(" ", 0, low + 1) if " " in text[:low] else low
    cut: list[Piece] = []
    for part, italic, bold in pieces:
        if keep <= 0:
            break
        cut.append((part[:keep], italic, bold))
        keep -= len(part)
    return [*cut, (CUT_NOTE, False, False)]


def _write(sheet: Any, fmt: _Formats, r: int, c: int, pieces: list[Piece], style: str) -> None:
    """Write a cell's text, as a rich string when some of it is italic or bold beyond its cell's own font."""
    text = "".join(t for t, _, _ in pieces)
    cell_bold, strike = style == "changed_cell", style == "removed"
    if len(text) > MAX_CELL_CHARS or len(text) < 2 or not any(i or (b and not cell_bold) for _, i, b in pieces):  # noqa: PLR2004
        sheet.write_string(r, c, _clip(text), fmt.cell[style])
        return
    if len(pieces) == 1:  # XlsxWriter's rich strings need two runs: the one is split in two alike
        part, italic, bold = pieces[0]
        pieces = [(part[:1], italic, bold), (part[1:], italic, bold)]
    fragments: list[Any] = []
    for part, italic, bold in pieces:
        fragments.extend((fmt.run(italic=italic, bold=bold or cell_bold, strike=strike), part))
    sheet.write_rich_string(r, c, *fragments, fmt.cell[style])


def write_diff_xlsx(report: DiffReport, schema: Schema, out: Path) -> Path:
    """Write the diff workbook to ``out`` (replaced atomically).

    Raises:
        WorkbookError: the folder cannot be written.
    """

    def build(book: Any) -> None:
        fmt = _Formats(book)
        _write_changes(book.add_worksheet(CHANGES_SHEET), fmt, report, schema)
        _write_cells(book.add_worksheet(CELLS_SHEET), fmt, report)

    return write_atomic(Path(out), build)


def _print(sheet: Any, header_row: int, title: str, widths: Sequence[float]) -> None:
    """A4 landscape, the header on every page, fitted to the width only when the text stays >= 8 pt."""
    sheet.set_paper(A4)
    sheet.set_landscape()
    sheet.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
    if sum(widths) <= page_chars(len(widths)):
        sheet.fit_to_pages(1, 0)
    else:
        sheet.set_print_scale(round(MIN_PRINT_SCALE * 100))
    sheet.repeat_rows(header_row)
    sheet.freeze_panes(header_row + 1, 0)
    sheet.set_footer("&L" + title.replace("&", "&&")[:100] + "&RPage &P of &N")


def _write_changes(sheet: Any, fmt: _Formats, report: DiffReport, schema: Schema) -> None:
    title = f"Changes from {Path(report.old).name} to {Path(report.new).name}"
    sheet.write_string(0, 0, title, fmt.cell["title"])
    sheet.set_row(0, TITLE_HEIGHT)
    for i, (kind, label, meaning) in enumerate(LEGEND, start=1):
        sheet.write_string(i, 0, label, fmt.cell[kind])
        sheet.write_string(i, 1, meaning, fmt.cell["plain"])
    header_row = len(LEGEND) + 2
    fields = shown_fields(report, schema)
    widths = diff_widths(report, schema)
    for c, width in enumerate(widths):
        sheet.set_column(c, c, width)
    sheet.write_string(header_row, 0, "Change", fmt.cell["header"])
    for c, name in enumerate(fields, start=1):
        sheet.write_string(header_row, c, report.titles[name], fmt.cell["header"])
    sheet.set_row(header_row, text_height([report.titles[n] for n in fields], widths[1:]))
    rows = {r.key: r for r in report.added} | {r.key: r for r in report.removed}
    changes: dict[str, dict[str, tuple[str, str]]] = {}
    for change in report.changed:
        changes.setdefault(change.key, {})[change.field] = (change.old, change.new)
    labels = {k: label for k, label, _ in LEGEND}
    r = header_row
    for key, kind in report.order:
        r += 1
        cells = changes.get(key, {})
        row: list[tuple[list[Piece], str]] = []  # each field's text and cell style
        if kind in {"added", "removed"}:
            side = report.new_runs if kind == "added" else report.old_runs
            sheet.write_string(r, 0, labels[kind], fmt.cell[kind])
            row = [(_pieces(rows[key].values.get(name, ""), side.get(key, {}).get(name)), kind) for name in fields]
        else:
            label = f"~ Changed ({len(cells)})" if cells else ""
            sheet.write_string(r, 0, label, fmt.cell["changed"] if cells else fmt.cell["cell"])
            for name in fields:
                new_runs = report.new_runs.get(key, {}).get(name)
                if name in cells:
                    old, new = cells[name]
                    was = ([("\n[was: ", False, False), *_pieces(old, report.old_runs.get(key, {}).get(name)),
                            ("]", False, False)] if old else [("\n[was blank]", False, False)])
                    row.append(([("~ ", False, False), *_pieces(new, new_runs), *was], "changed_cell"))
                else:
                    row.append((_pieces(report.new_values.get(key, {}).get(name, ""), new_runs), "cell"))
        texts = []
        for c, (pieces, style) in enumerate(row, start=1):
            shown = fit_row(pieces, widths[c])
            _write(sheet, fmt, r, c, shown, style)
            texts.append("".join(t for t, _, _ in shown))
        sheet.set_row(r, text_height(texts, widths[1:]))
    sheet.autofilter(header_row, 0, max(r, header_row), len(fields))
    _print(sheet, header_row, title, widths)


def _write_cells(sheet: Any, fmt: _Formats, report: DiffReport) -> None:
    titles = ("Ref", "Field", "Old value", "New value", "Old cell", "New cell")
    for c, (title, width) in enumerate(zip(titles, CELLS_WIDTHS, strict=True)):
        sheet.set_column(c, c, width)
        sheet.write_string(0, c, title, fmt.cell["header"])
    for r, change in enumerate(report.changed, start=1):
        old = _pieces(change.old, report.old_runs.get(change.key, {}).get(change.field))
        new = _pieces(change.new, report.new_runs.get(change.key, {}).get(change.field))
        texts = []
        for c, text in enumerate((change.key, change.title, change.old, change.new, change.old_cell,
                                  change.new_cell)):
            shown = fit_row({2: old, 3: new}.get(c, [(text, False, False)]), CELLS_WIDTHS[c])
            _write(sheet, fmt, r, c, shown, "cell")
            texts.append("".join(t for t, _, _ in shown))
        sheet.set_row(r, text_height(texts, CELLS_WIDTHS))
    if not report.changed:
        sheet.write_string(1, 0, "No cells changed.", fmt.cell["plain"])
    sheet.autofilter(0, 0, max(len(report.changed), 1), len(titles) - 1)
    _print(sheet, 0, "Changed cells", CELLS_WIDTHS)
