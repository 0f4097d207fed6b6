"""An annotated copy: every problem cell highlighted, and a Problems sheet linking to each.

The copy is made with govsheet's lossless engine: only the highlighted cells' styles,
the new sheet and the package parts that list sheets are rewritten, so the officer's
own formatting, comments, charts and macros survive.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from govsheet.model.problem import Problem, Severity
from govsheet.validate.report import ValidationReport
from govsheet.xlsx.page import PageLayout, lay_out_table

if TYPE_CHECKING:
    from govsheet.xlsx import Book

FILLS: dict[Severity, str] = {"error": "#FFC7CE", "warning": "#FFEB9C"}
HEADER_FILL = "#1F3864"
PROBLEMS_SHEET = "Problems"
COLUMNS = ("Severity", "Code", "Cell", "Row", "Field", "Ref", "Value", "Message")
# the widest each column grows to (characters); the Value and Message columns wrap
MAX_WIDTHS = (10, 28, 24, 6, 20, 10, 30, 70)
WRAPPED = (6, 7)  # Value, Message
# A4 landscape less half-inch margins in characters of Arial 10 at 85 %, so the sheet fitted to the
# page width still prints at 8 pt or more (7 pixels a character and 5 a column, 1027 pixels a page)
PAGE_CHARS = (1027 / 0.85 - 5 * len(COLUMNS)) / 7


def annotate_copy(source: Path, report: ValidationReport, out: Path) -> Path:
    """Write ``out``: ``source`` with its problem cells filled by severity and a Problems sheet.

    Raises:
        WorkbookError: the source cannot be opened safely or ``out`` cannot be written.
    """
    from govsheet.xlsx import Book

    book = Book.open(source)
    try:
        _highlight(book, report.errors)
        _problems_sheet(book, report.errors)
        return Path(book.save(out))
    finally:
        book.close()


def check_target(source: Path, out: Path) -> None:
    """Refuse an annotated copy that would replace the workbook being checked.

    Raises:
        UsageError: ``out`` is ``source`` (by path or by file).
    """
    from govsheet.files import refuse_overwrite

    refuse_overwrite(out, [source], "is the workbook being checked; give --annotate another file name so the "
                                    "original is kept as it is")


def worst_by_cell(problems: tuple[Problem, ...]) -> dict[tuple[str, str], Severity]:
    """The most severe finding of each located cell, keyed by (sheet, cell)."""
    worst: dict[tuple[str, str], Severity] = {}
    for p in problems:
        if p.where.sheet and p.where.cell:
            here = (p.where.sheet, p.where.cell)
            if worst.get(here) != "error":
                worst[here] = p.severity
    return worst


def _highlight(book: Book, problems: tuple[Problem, ...]) -> None:
    made: dict[tuple[int, Severity], int] = {}
    names = set(book.sheet_names)
    for (sheet_name, cell), severity in worst_by_cell(problems).items():
        if sheet_name not in names:
            continue
        sheet = book.sheet(sheet_name)
        base = sheet.style_of(cell)
        if (base, severity) not in made:
            made[(base, severity)] = book.add_style(base, fill=FILLS[severity])
        sheet.set_style(cell, made[(base, severity)])


def _problems_sheet(book: Book, problems: tuple[Problem, ...]) -> None:
    """The Problems sheet, laid out for A4 landscape: header frozen, filtered and on every page."""
    taken = {n.lower() for n in book.sheet_names}
    name, n = PROBLEMS_SHEET, 1
    while name.lower() in taken:
        n += 1
        name = f"{PROBLEMS_SHEET} ({n})"
    sheet = book.add_sheet(name)
    header = book.add_style(0, fill=HEADER_FILL, font_colour="#FFFFFF", bold=True)
    wrap = book.add_style(0, wrap=True)  # every cell at the top of its row, the long ones wrapped
    for c, title in enumerate(COLUMNS):
        sheet.set(f"{chr(65 + c)}1", title, style=header)
    for r, p in enumerate(problems, start=2):
        sheet.set(f"A{r}", p.severity, style=wrap)
        sheet.set(f"B{r}", p.code, style=wrap)
        where = f"{p.where.sheet}!{p.where.cell}" if p.where.cell else (p.where.sheet or "")
        if p.where.sheet and p.where.cell:
            target = "'" + p.where.sheet.replace("'", "''") + "'!" + p.where.cell
            sheet.set_formula(f"C{r}", f'HYPERLINK("#{_quote(target)}","{_quote(where)}")', cached=where)
            sheet.set_style(f"C{r}", wrap)
        else:
            sheet.set(f"C{r}", where, style=wrap)
        sheet.set(f"D{r}", p.where.row, style=wrap)
        sheet.set(f"E{r}", p.field, style=wrap)
        sheet.set(f"F{r}", p.key, style=wrap)
        sheet.set(f"G{r}", p.value, style=wrap)
        sheet.set(f"H{r}", p.message, style=wrap)
    widths = content_widths(problems)
    sheet.set_column_widths(widths)
    heights = tuple(row_height(p, widths) for p in problems)
    lay_out_table(book, sheet, PageLayout(last_row=len(problems) + 1, last_col=len(COLUMNS), footer=name,
                                          fit_width=sum(widths) <= PAGE_CHARS, scale=85, heights=heights))


def content_widths(problems: tuple[Problem, ...]) -> list[float]:
    """Column widths that show each column's longest text, within ``MAX_WIDTHS``."""
    widths = [len(title) + 2 for title in COLUMNS]
    for p in problems:
        where = f"{p.where.sheet}!{p.where.cell}" if p.where.cell else (p.where.sheet or "")
        texts = (p.severity, p.code, where, str(p.where.row or ""), p.field or "", p.key or "", p.value or "",
                 p.message)
        widths = [max(w, len(t) + 2) for w, t in zip(widths, texts, strict=True)]
    return [float(min(w, most)) for w, most in zip(widths, MAX_WIDTHS, strict=True)]



def row_height(problem: Problem, widths: list[float]) -> float:
    """The height (points) that shows the row's wrapped value and message."""
    from govsheet.workbook.layout import LINE_HEIGHT, MAX_ROW_HEIGHT, wrapped_lines

    lines = max(wrapped_lines(text, widths[c]) for c, text in zip(WRAPPED, (problem.value or "", problem.message),
                                                                   strict=True))
    return min(MAX_ROW_HEIGHT, lines * LINE_HEIGHT + 3)


def _quote(text: str) -> str:
    """Text inside a formula's string literal: double quotes doubled."""
    return text.replace('"', '""')
