"""Draw the committee table as a print-ready workbook with XlsxWriter.

A4 landscape, fitted to the page width, the header row repeated on every printed page,
page numbers in the footer; each row is followed by its narrative merged across the
full width; the status is icon plus words on a coloured fill; a *Summary* sheet counts
the statuses and charts them. Every text is written with ``write_string``, so a return's
``=HYPERLINK(...)`` is printed as the text it is.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from govsheet.render.table import Column, CommitteeTable, TableRow
from govsheet.workbook.layout import CHARS_PER_WIDTH, wrapped_lines
from govsheet.workbook.write import A4, SYMBOL_FONT, write_atomic
from govsheet.xlsx.limits import MAX_CELL_CHARS

FONT = {"font_name": "Arial", "font_size": 10, "valign": "top"}
HEADER_ROW = 4  # 0-based: title, subtitle, summary line, blank, then the header
LINE_HEIGHT = 13.0  # points per line of 10-point Arial
MAX_ROW_HEIGHT = 409  # Excel's tallest row, in points; taller text is cut off on screen and in print
MAX_LINES = int((MAX_ROW_HEIGHT - 2) // LINE_HEIGHT)
SUMMARY_SHEET = "Summary"
TABLE_SHEET = "Committee table"


def _header_text(text: str) -> str:
    # In Excel header/footer codes '&' starts a code; the whole header is limited to 255 characters.
    return text.replace("&", "&&")[:120]


def _lines(text: str, width: float) -> int:
    """About how many lines a wrapped cell of this width (in characters) needs: whole words to a line."""
    return wrapped_lines(text, width * 1.15 / CHARS_PER_WIDTH) if text else 1


def split_narrative(text: str, width: float) -> list[str]:
    """A narrative in pieces short enough for one row each, split between lines only; joined by newlines
    the pieces give back the text exactly. A single line too long for one row stays whole.

    Excel cannot show a row taller than 409 points, so a long narrative in one merged row would be
    cut off in print; each piece goes in its own full-width row, in order.
    """
    if not text:
        return []
    if _lines(text, width) <= MAX_LINES:
        return [text]
    pieces: list[str] = []
    current: list[str] = []
    for line in text.split("\n"):
        if any(current) and _lines("\n".join([*current, line]), width) > MAX_LINES:
            pieces.append("\n".join(current))
            current = []
        current.append(line)
    pieces.append("\n".join(current))
    return pieces


def slice_runs(runs: tuple[tuple[str, bool, bool], ...], start: int,
               end: int) -> list[tuple[str, bool, bool]]:
    """The part of ``runs`` between characters ``start`` and ``end`` of their joined text."""
    out: list[tuple[str, bool, bool]] = []
    at = 0
    for text, italic, bold in runs:
        lo, hi = max(start, at), min(end, at + len(text))
        if lo < hi:
            out.append((text[lo - at:hi - at], italic, bold))
        at += len(text)
    return out


def _clip(text: str) -> str:
    return text if len(text) <= MAX_CELL_CHARS else text[: MAX_CELL_CHARS - 1] + "…"


class _Formats:
    def __init__(self, book: Any, table: CommitteeTable) -> None:
        cell = {**FONT, "text_wrap": True, "border": 1, "border_color": "#808080"}
        self.title = book.add_format({**FONT, "bold": True, "font_size": 14})
        self.subtitle = book.add_format({**FONT, "italic": True})
        self.plain = book.add_format(FONT)
        self.paragraph = book.add_format({**FONT, "text_wrap": True})
        self.header = book.add_format({**cell, "bold": True, "bg_color": "#1F3864", "font_color": "#FFFFFF"})
        self.cell = book.add_format(cell)
        self.key = book.add_format({**cell, "bold": True})
        self.sub_key = book.add_format({**cell, "indent": 1})
        self.sub_cell = book.add_format({**cell, "indent": 1})
        self.narrative = book.add_format({**cell, "bg_color": "#F2F2F2", "font_color": "#000000"})
        self.change = book.add_format({**cell, "left": 5, "left_color": "#1F3864"})
        self.change_label = book.add_format({"font_name": FONT["font_name"], "font_size": FONT["font_size"],
                                             "bold": True})
        self.change_words = book.add_format({"font_name": FONT["font_name"], "font_size": FONT["font_size"]})
        self.section = book.add_format({**cell, "bold": True, "font_size": 12, "bg_color": "#D9E1F2",
                                        "font_color": "#000000"})
        self.status = {
            line.label: book.add_format({**cell, "bg_color": line.colour, "font_color": line.font_colour})
            for line in table.summary
        }
        self.count = book.add_format({**cell, "align": "right"})
        narrative = {**cell, "bg_color": "#F2F2F2", "font_color": "#000000"}
        self.runs = {(i, b): book.add_format({"font_name": FONT["font_name"], "font_size": FONT["font_size"],
                                              "italic": i, "bold": b}) for i in (False, True) for b in (False, True)}
        self.whole = {(i, b): book.add_format({**narrative, "italic": i, "bold": b}) for i in (False, True)
                      for b in (False, True)}
        # Rich-text runs: each icon in the symbol font (Arial draws ◐ as a sliver), the words in Arial
        self.icons = {line.icon for line in table.summary if line.icon}
        size = FONT["font_size"]
        self.symbol: dict[str | None, Any] = {None: book.add_format({"font_name": SYMBOL_FONT, "font_size": size})}
        self.words: dict[str | None, Any] = {None: book.add_format({"font_name": FONT["font_name"], "font_size": size})}
        for line in table.summary:
            self.symbol[line.font_colour] = book.add_format({"font_name": SYMBOL_FONT, "font_size": FONT["font_size"],
                                                             "font_color": line.font_colour})
            self.words[line.font_colour] = book.add_format({"font_name": FONT["font_name"],
                                                            "font_size": FONT["font_size"],
                                                            "font_color": line.font_colour})

    def write(self, sheet: Any, r: int, c: int, text: str, style: Any, colour: str | None = None) -> None:
        """Write ``text`` with its status icons in the symbol font, so they print at full size."""
        pattern = "|".join(re.escape(i) for i in sorted(self.icons))
        parts = [p for p in re.split(f"({pattern})", text) if p] if pattern else [text]
        if len(parts) < 2:  # noqa: PLR2004 - a rich string needs two runs
            sheet.write_string(r, c, text, style)
            return
        fragments: list[Any] = []
        for part in parts:
            fragments.extend((self.symbol.get(colour, self.symbol[None]) if part in self.icons
                              else self.words.get(colour, self.words[None]), part))
        sheet.write_rich_string(r, c, *fragments, style)


def write_xlsx(table: CommitteeTable, out: Path) -> Path:
    """Write the committee table to ``out`` (replaced atomically).

    Raises:
        WorkbookError: the folder cannot be written.
    """

    def build(book: Any) -> None:
        fmt = _Formats(book, table)
        sheet = book.add_worksheet(TABLE_SHEET)
        _write_table(sheet, fmt, table)
        summary = book.add_worksheet(SUMMARY_SHEET)
        _write_summary(book, summary, fmt, table)
        book.set_properties({"title": table.title, "subject": table.subtitle, "comments": "Written by govsheet"})
        sheet.activate()

    return write_atomic(Path(out), build)


def _page_setup(sheet: Any, table: CommitteeTable) -> None:
    sheet.set_paper(A4)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.center_horizontally()
    sheet.set_margins(left=0.5, right=0.5, top=0.7, bottom=0.7)
    sheet.set_header("&L" + _header_text(table.title))
    sheet.set_footer("&L" + _header_text(table.subtitle.split(";")[0]) + "&RPage &P of &N")


def _cell_style(fmt: _Formats, row: TableRow, c: int, col: Column) -> tuple[Any, str | None]:
    """The format of a table cell, and the font colour of its status runs (None off the status column)."""
    if col.kind == "status" and row.status is not None:
        return fmt.status[row.status.label], row.status.font_colour
    if c == 0:
        return (fmt.sub_key if row.level else fmt.key), None
    return (fmt.sub_cell if row.level and c == 1 else fmt.cell), None


def _write_narrative(sheet: Any, fmt: _Formats, r: int, chunk: str, pieces: list[tuple[str, bool, bool]]) -> None:
    """One narrative row, its italics and bold as rich-text runs."""
    if len(pieces) > 1 and len(chunk) <= MAX_CELL_CHARS:
        fragments: list[Any] = []
        for text, italic, bold in pieces:
            fragments.extend((fmt.runs[italic, bold], text))
        sheet.write_rich_string(r, 0, *fragments, fmt.narrative)
    elif pieces and (pieces[0][1] or pieces[0][2]):
        sheet.write_string(r, 0, _clip(chunk), fmt.whole[pieces[0][1], pieces[0][2]])
    else:
        sheet.write_string(r, 0, _clip(chunk), fmt.narrative)


def _write_row(sheet: Any, fmt: _Formats, table: CommitteeTable, row: TableRow, r: int) -> int:
    """One action: its cells, what changed, then its narrative in full-width rows; the next free row."""
    cols = table.columns
    last_col = len(cols) - 1
    total_width = sum(col.width for col in cols)
    lines = 1
    for c, (col, text) in enumerate(zip(cols, row.cells, strict=True)):
        style, colour = _cell_style(fmt, row, c, col)
        if colour is not None:
            fmt.write(sheet, r, c, _clip(text), style, colour)
        else:
            sheet.write_string(r, c, _clip(text), style)
        lines = max(lines, _lines(text, col.width))
    sheet.set_row(r, min(LINE_HEIGHT * lines + 2, 409))
    r += 1
    if row.change:
        label = f"{table.change_title}: "
        if last_col:
            sheet.merge_range(r, 0, r, last_col, "", fmt.change)
        sheet.write_rich_string(r, 0, fmt.change_label, label, fmt.change_words, _clip(row.change), fmt.change)
        sheet.set_row(r, min(LINE_HEIGHT * _lines(label + row.change, total_width) + 2, MAX_ROW_HEIGHT))
        r += 1
    start = 0
    for chunk in split_narrative(row.narrative, total_width):
        # A merged range is written as one blank range and then its top-left cell as a string.
        if last_col:
            sheet.merge_range(r, 0, r, last_col, "", fmt.narrative)
        _write_narrative(sheet, fmt, r, chunk, slice_runs(row.narrative_runs, start, start + len(chunk)))
        start += len(chunk) + 1  # the newline between pieces
        sheet.set_row(r, min(LINE_HEIGHT * _lines(chunk, total_width) + 2, MAX_ROW_HEIGHT))
        r += 1
    return r


def _write_sections(sheet: Any, fmt: _Formats, table: CommitteeTable, r: int) -> int:
    """The grouped layout: each section's heading row with its count, then its rows (or a sentence)."""
    last_col = len(table.columns) - 1
    for i, section in enumerate(table.sections, start=1):
        if last_col:
            sheet.merge_range(r, 0, r, last_col, "", fmt.section)
        sheet.write_string(r, 0, f"{i}. {section.heading}", fmt.section)
        sheet.set_row(r, 20)
        r += 1
        for row in section.rows:
            r = _write_row(sheet, fmt, table, row, r)
        if not section.rows:
            sheet.write_string(r, 0, section.empty, fmt.plain)
            r += 1
    return r


def header_row(table: CommitteeTable) -> int:
    """The 0-based row of the column headers: one lower when the section counts are printed above."""
    return HEADER_ROW + 1 if table.sections else HEADER_ROW


def _write_table(sheet: Any, fmt: _Formats, table: CommitteeTable) -> None:
    cols = table.columns
    last_col = len(cols) - 1
    for c, col in enumerate(cols):
        sheet.set_column(c, c, col.width)
    sheet.write_string(0, 0, table.title, fmt.title)
    sheet.write_string(1, 0, table.subtitle, fmt.subtitle)
    counts = "; ".join(f"{line.icon} {line.label}: {line.count}" for line in table.summary)
    fmt.write(sheet, 2, 0, f"Status summary: {counts}", fmt.plain)
    if table.sections:  # wrapped across the table's width, so the longest list stays on the page
        sections = "Actions by section: " + "; ".join(f"{s.title}: {s.count}" for s in table.sections)
        if last_col > 0:
            sheet.merge_range(3, 0, 3, last_col, sections, fmt.paragraph)
        else:
            sheet.write_string(3, 0, sections, fmt.paragraph)
        sheet.set_row(3, LINE_HEIGHT * wrapped_lines(sections, sum(col.width for col in cols)) + 2)
    head = header_row(table)
    sheet.set_row(head, 28)
    for c, col in enumerate(cols):
        sheet.write_string(head, c, col.title, fmt.header)
    r = head + 1
    if table.sections:
        r = _write_sections(sheet, fmt, table, r)
    else:
        for row in table.rows:
            r = _write_row(sheet, fmt, table, row, r)
        if not table.rows:
            sheet.write_string(r, 0, "No actions match the filter.", fmt.plain)
    sheet.repeat_rows(head)
    sheet.freeze_panes(head + 1, 0)
    sheet.print_area(0, 0, max(r - 1, head), last_col)
    _page_setup(sheet, table)


def _write_summary(book: Any, sheet: Any, fmt: _Formats, table: CommitteeTable) -> None:
    sheet.set_column(0, 0, 28)
    sheet.set_column(1, 1, 10)
    sheet.write_string(0, 0, f"Status summary: {table.title}", fmt.title)
    sheet.write_string(1, 0, table.subtitle, fmt.subtitle)
    top = 3
    sheet.write_string(top, 0, "Status", fmt.header)
    sheet.write_string(top, 1, "Actions", fmt.header)
    for i, line in enumerate(table.summary, start=1):
        fmt.write(sheet, top + i, 0, f"{line.icon} {line.label}", fmt.status[line.label], line.font_colour)
        sheet.write_number(top + i, 1, line.count, fmt.count)
    total_row = top + len(table.summary) + 1
    sheet.write_string(total_row, 0, "Total", fmt.key)
    sheet.write_number(total_row, 1, sum(line.count for line in table.summary), fmt.count)
    sheet.repeat_rows(top)
    _page_setup(sheet, table)
    if table.sections:
        sheet.set_column(3, 3, 44)
        sheet.set_column(4, 4, 10)
        sheet.write_string(top, 3, "Section", fmt.header)
        sheet.write_string(top, 4, "Actions", fmt.header)
        for i, section in enumerate(table.sections, start=1):
            sheet.write_string(top + i, 3, section.title, fmt.cell)
            sheet.write_number(top + i, 4, section.count, fmt.count)
    if not table.summary:
        return
    chart = book.add_chart({"type": "bar"})
    quoted = SUMMARY_SHEET
    chart.add_series({
        "name": "Actions by status",
        "categories": [quoted, top + 1, 0, top + len(table.summary), 0],
        "values": [quoted, top + 1, 1, top + len(table.summary), 1],
        # Labels carry the numbers, so the chart reads without its colours.
        "data_labels": {"value": True},
        "points": [{"fill": {"color": line.colour}, "border": {"color": "#404040"}} for line in table.summary],
    })
    chart.set_title({"name": "Actions by status"})
    chart.set_legend({"none": True})
    chart.set_y_axis({"reverse": True})
    chart.set_x_axis({"name": "Number of actions", "min": 0, "major_gridlines": {"visible": True}})
    sheet.insert_chart(total_row + 2, 0, chart, {"x_scale": 1.3, "y_scale": 1.0})
