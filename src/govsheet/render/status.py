"""Draw the round's status as a one-page A4 table: a workbook (XlsxWriter) or a self-contained HTML page.

One row per owner: rows, due date, the state as an icon beside its words (the fill colour only
adds to them), changes applied and what waits for a decision; the totals below. As in the
committee papers, nothing is said by colour alone, every text is written as text (an owner
called ``=HYPERLINK(...)`` prints as typed), and the HTML fetches nothing.
"""

from __future__ import annotations

import datetime as dt
import math
from html import escape
from pathlib import Path
from typing import Any

from govsheet.files import atomic_output
from govsheet.status import STATES, OwnerStatus, StatusReport
from govsheet.workbook.write import A4, SYMBOL_FONT, write_atomic

# (title, width in characters): one portrait A4 page wide at about 100 %
COLUMNS: tuple[tuple[str, float], ...] = (
    ("Owner", 34), ("Rows", 6), ("Due", 13), ("Status", 22), ("Changes applied", 9), ("Waiting for a decision", 20))
SHEET = "Round status"
FONT = {"font_name": "Arial", "font_size": 10, "valign": "top"}
LINE = 13.0  # points per line of 10-point Arial
HEADER_ROW = 3  # title, subtitle, totals, then the header


def _day(iso: str) -> str:
    if not iso:
        return "not set"
    day = dt.date.fromisoformat(iso)
    return f"{day.day} {day:%b %Y}"


def waiting_text(owner: OwnerStatus) -> str:
    """What waits for a decision, in words ("" when nothing)."""
    parts = [f"{n} {word}" for n, word in ((owner.conflicts, "conflict" + "s" * (owner.conflicts != 1)),
                                           (owner.rejected, "rejected"),
                                           (owner.requests, "request" + "s" * (owner.requests != 1))) if n]
    return ", ".join(parts)


def cells(owner: OwnerStatus) -> list[str]:
    """The row of one owner as text, the status with its icon."""
    return [owner.owner, str(owner.rows), _day(owner.due) if owner.issued else "", f"{owner.icon} {owner.label}",
            str(owner.changes_applied) if owner.issued else "", waiting_text(owner)]


def title(report: StatusReport) -> str:
    return f"Round status: {report.round}" if report.round else "Round status"


def subtitle(report: StatusReport) -> str:
    day = dt.date.fromisoformat(report.today)
    return f"Position at {day.day} {day:%B %Y}; {Path(report.master).name}"


def _lines(text: str, width: float) -> int:
    per_line = max(int(width * 1.1), 1)
    return max(1, math.ceil(len(text) / per_line))


def _formats(book: Any) -> dict[str, Any]:
    cell = {**FONT, "text_wrap": True, "border": 1, "border_color": "#808080"}
    fmt: dict[str, Any] = {
        "title": book.add_format({**FONT, "bold": True, "font_size": 14}),
        "plain": book.add_format({**FONT, "text_wrap": True}),
        "italic": book.add_format({**FONT, "italic": True}),
        "header": book.add_format({**cell, "bold": True, "bg_color": "#1F3864", "font_color": "#FFFFFF"}),
        "cell": book.add_format(cell),
        "number": book.add_format({**cell, "align": "right", "indent": 1}),  # clear of the next column's text
        "total": book.add_format({**cell, "bold": True}),
        "total_number": book.add_format({**cell, "bold": True, "align": "right", "indent": 1}),
    }
    for state, (_, _, fill, colour) in STATES.items():
        fmt[f"state-{state}"] = book.add_format({**cell, "bg_color": fill, "font_color": colour})
        fmt[f"icon-{state}"] = book.add_format({"font_name": SYMBOL_FONT, "font_size": 10, "font_color": colour})
        fmt[f"words-{state}"] = book.add_format({"font_name": "Arial", "font_size": 10, "font_color": colour})
    return fmt


def _write_owner(sheet: Any, fmt: dict[str, Any], r: int, owner: OwnerStatus) -> None:
    row = cells(owner)
    for c, text in enumerate(row):
        if c == 3:  # noqa: PLR2004 - the status: its icon in the symbol font, then the words
            sheet.write_rich_string(r, c, fmt[f"icon-{owner.state}"], owner.icon, fmt[f"words-{owner.state}"],
                                    f" {owner.label}", fmt[f"state-{owner.state}"])
        else:
            sheet.write_string(r, c, text, fmt["number"] if c in {1, 4} else fmt["cell"])
    sheet.set_row(r, LINE * max(_lines(text, COLUMNS[c][1]) for c, text in enumerate(row)) + 3)


def _write_line(sheet: Any, fmt: dict[str, Any], r: int, text: str) -> None:
    """A line of text across the table's width, as tall as it wraps."""
    sheet.merge_range(r, 0, r, len(COLUMNS) - 1, "", fmt["plain"])
    sheet.write_string(r, 0, text, fmt["plain"])
    sheet.set_row(r, LINE * _lines(text, sum(w for _, w in COLUMNS)) + 3)


def write_status_xlsx(report: StatusReport, out: Path) -> Path:
    """Write the status table as a workbook that prints on one A4 page (replaced atomically).

    Raises:
        WorkbookError: the folder cannot be written.
    """

    def build(book: Any) -> None:
        fmt = _formats(book)
        sheet = book.add_worksheet(SHEET)
        for c, (_, width) in enumerate(COLUMNS):
            sheet.set_column(c, c, width)
        sheet.write_string(0, 0, title(report), fmt["title"])
        sheet.write_string(1, 0, subtitle(report), fmt["italic"])
        _write_line(sheet, fmt, 2, "Totals: " + report.totals.to_text())
        sheet.set_row(HEADER_ROW, 28)
        for c, (name, _) in enumerate(COLUMNS):
            sheet.write_string(HEADER_ROW, c, name, fmt["header"])
        r = HEADER_ROW + 1
        for owner in report.owners:
            _write_owner(sheet, fmt, r, owner)
            r += 1
        t = report.totals
        for c, text in enumerate(["Total", str(t.rows), "", f"{t.merged} merged, {t.outstanding} outstanding",
                                  str(t.changes_applied), f"{t.waiting} waiting"]):
            sheet.write_string(r, c, text, fmt["total_number"] if c in {1, 4} else fmt["total"])
        sheet.set_row(r, LINE * 2 + 3)
        for i, note in enumerate(report.notes, start=2):
            _write_line(sheet, fmt, r + i, "Note: " + note)
        sheet.repeat_rows(HEADER_ROW)
        sheet.freeze_panes(HEADER_ROW + 1, 0)
        sheet.print_area(0, 0, r + 1 + len(report.notes), len(COLUMNS) - 1)
        sheet.set_paper(A4)
        sheet.set_portrait()
        sheet.fit_to_pages(1, 0)
        sheet.set_margins(left=0.5, right=0.5, top=0.7, bottom=0.7)
        sheet.set_footer("&L" + title(report).replace("&", "&&")[:100] + "&RPage &P of &N")
        book.set_properties({"title": title(report), "subject": subtitle(report), "comments": "Written by govsheet"})

    return write_atomic(Path(out), build)


CSS = """
:root { color-scheme: light; }
body { font-family: Arial, Helvetica, sans-serif; font-size: 11pt; line-height: 1.4; color: #1A1A1A;
  background-color: #FFFFFF; margin: 1.5rem; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
p.subtitle { margin: 0 0 .5rem; color: #404040; }
table { border-collapse: collapse; width: 100%; }
caption { text-align: left; font-weight: bold; padding: .25rem 0; }
th, td { border: 1px solid #595959; padding: .25rem .4rem; vertical-align: top; text-align: left; }
thead th { color: #FFFFFF; background-color: #1F3864; }
tbody th { font-weight: normal; }
td.number { text-align: right; }
tfoot th, tfoot td { font-weight: bold; }
.icon { display: inline-block; min-width: 1.1em;
  font-family: "Segoe UI Symbol", "DejaVu Sans", "Noto Sans Symbols 2", Arial, sans-serif; }
@media print {
  @page { size: A4 portrait; margin: 12mm; }
  body { margin: 0; font-size: 9pt; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; page-break-inside: avoid; }
}
"""


def render_status_html(report: StatusReport) -> str:
    """The status table as one accessible HTML document."""
    css = CSS + "\n".join(f"td.state-{state} {{ color: {colour}; background-color: {fill}; }}"
                          for state, (_, _, fill, colour) in STATES.items())
    widths = sum(w for _, w in COLUMNS)
    cols = "".join(f'<col style="width: {100 * w / widths:.1f}%">' for _, w in COLUMNS)
    head = "".join(f'<th scope="col">{escape(name)}</th>' for name, _ in COLUMNS)
    parts = ["<!DOCTYPE html>", '<html lang="en-GB">', "<head>", '<meta charset="utf-8">',
             '<meta name="viewport" content="width=device-width, initial-scale=1">',
             '<meta name="generator" content="govsheet">', f"<title>{escape(title(report))}</title>",
             f"<style>{css}\n</style>", "</head>", "<body>", "<main>", f"<h1>{escape(title(report))}</h1>",
             f'<p class="subtitle">{escape(subtitle(report))}</p>',
             f"<p>Totals: {escape(report.totals.to_text())}</p>", '<table class="status">',
             f"<caption>{escape(title(report))}, one row per owner</caption>", f"<colgroup>{cols}</colgroup>",
             f"<thead><tr>{head}</tr></thead>", "<tbody>"]
    for owner in report.owners:
        row = cells(owner)
        parts.append(
            f'<tr><th scope="row">{escape(row[0])}</th><td class="number">{escape(row[1])}</td>'
            f'<td>{escape(row[2])}</td><td class="state state-{owner.state}"><span class="icon" aria-hidden="true">'
            f"{escape(owner.icon)}</span> {escape(owner.label)}</td>"
            f'<td class="number">{escape(row[4])}</td><td>{escape(row[5])}</td></tr>')
    if not report.owners:
        parts.append(f'<tr><td colspan="{len(COLUMNS)}">No owner has rows in this master.</td></tr>')
    t = report.totals
    parts += ["</tbody>", (f'<tfoot><tr><th scope="row">Total</th><td class="number">{t.rows}</td><td></td>'
                           f'<td>{t.merged} merged, {t.outstanding} outstanding</td><td class="number">'
                           f"{t.changes_applied}</td><td>{t.waiting} waiting</td></tr></tfoot>"), "</table>"]
    parts += [f"<p>Note: {escape(n)}</p>" for n in report.notes]
    parts += ["</main>", "</body>", "</html>", ""]
    return "\n".join(parts)


def write_status_html(report: StatusReport, out: Path) -> Path:
    """Write the status table as HTML (replaced atomically).

    Raises:
        WorkbookError: the file cannot be written.
    """
    with atomic_output(Path(out), what="HTML file") as tmp:
        tmp.write_text(render_status_html(report), encoding="utf-8")
    return Path(out)
