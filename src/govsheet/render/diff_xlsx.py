"""Draw a diff as a workbook: the table with its changes marked, and every changed cell listed.

Each row's *Change* column says what happened in words and a symbol (``+ Added``,
``- Removed``, ``~ Changed``), and a changed cell reads ``~ new`` with ``[was: old]``
under it, so the changes can be read without the colours (which repeat the same thing).
A removed row is struck through. All text is written with ``write_string``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from govsheet.diff import DiffReport
from govsheet.model.schema import Schema
from govsheet.workbook.write import A4, write_atomic
from govsheet.xlsx.limits import MAX_CELL_CHARS

CHANGES_SHEET = "Changes"
CELLS_SHEET = "Changed cells"
FONT = {"font_name": "Arial", "font_size": 10, "valign": "top", "text_wrap": True}
LEGEND = (
    ("added", "+ Added", "a row only in the new version (green)"),
    ("removed", "- Removed", "a row only in the old version (red, struck through)"),
    ("changed", "~ Changed", "the row has changed cells; each reads ~ new value, then [was: old value] (yellow)"),
)
FILLS = {"added": "#C6EFCE", "removed": "#FFC7CE", "changed": "#FFEB9C"}
HEADER = {"bold": True, "bg_color": "#1F3864", "font_color": "#FFFFFF", "border": 1}


def _clip(text: str) -> str:
    return text if len(text) <= MAX_CELL_CHARS else text[: MAX_CELL_CHARS - 1] + "…"


def write_diff_xlsx(report: DiffReport, schema: Schema, out: Path) -> Path:
    """Write the diff workbook to ``out`` (replaced atomically).

    Raises:
        WorkbookError: the folder cannot be written.
    """

    def build(book: Any) -> None:
        fmt = {
            "title": book.add_format({**FONT, "bold": True, "font_size": 14, "text_wrap": False}),
            "plain": book.add_format({**FONT, "text_wrap": False}),
            "header": book.add_format({**FONT, **HEADER}),
            "cell": book.add_format({**FONT, "border": 1, "border_color": "#808080"}),
            **{kind: book.add_format({**FONT, "border": 1, "bg_color": colour, "font_color": "#000000",
                                      "font_strikeout": kind == "removed"}) for kind, colour in FILLS.items()},
            "changed_cell": book.add_format({**FONT, "border": 2, "bold": True, "bg_color": FILLS["changed"],
                                             "font_color": "#000000"}),
        }
        _write_changes(book.add_worksheet(CHANGES_SHEET), fmt, report, schema)
        _write_cells(book.add_worksheet(CELLS_SHEET), fmt, report)

    return write_atomic(Path(out), build)


def _print(sheet: Any, header_row: int, title: str) -> None:
    sheet.set_paper(A4)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(header_row)
    sheet.freeze_panes(header_row + 1, 0)
    sheet.set_footer("&L" + title.replace("&", "&&")[:100] + "&RPage &P of &N")


def _write_changes(sheet: Any, fmt: dict[str, Any], report: DiffReport, schema: Schema) -> None:
    title = f"Changes from {Path(report.old).name} to {Path(report.new).name}"
    sheet.write_string(0, 0, title, fmt["title"])
    for i, (kind, label, meaning) in enumerate(LEGEND, start=1):
        sheet.write_string(i, 0, label, fmt[kind])
        sheet.write_string(i, 1, meaning, fmt["plain"])
    header_row = len(LEGEND) + 2
    # the extension-request and target-history columns only when something in them changed
    managed = set(schema.extensions.managed()) if schema.extensions else set()
    moved = {c.field for c in report.changed}
    fields = [name for name in report.fields if name not in managed or name in moved]
    sheet.set_column(0, 0, 14)
    for c, name in enumerate(fields, start=1):
        sheet.set_column(c, c, min(schema.field(name).width, 60))
    sheet.write_string(header_row, 0, "Change", fmt["header"])
    for c, name in enumerate(fields, start=1):
        sheet.write_string(header_row, c, report.titles[name], fmt["header"])
    rows = {r.key: r for r in report.added} | {r.key: r for r in report.removed}
    changes: dict[str, dict[str, tuple[str, str]]] = {}
    for change in report.changed:
        changes.setdefault(change.key, {})[change.field] = (change.old, change.new)
    new_values = report.new_values
    r = header_row
    for key, kind in report.order:
        r += 1
        if kind in {"added", "removed"}:
            sheet.write_string(r, 0, {k: label for k, label, _ in LEGEND}[kind], fmt[kind])
            for c, name in enumerate(fields, start=1):
                sheet.write_string(r, c, _clip(rows[key].values.get(name, "")), fmt[kind])
            continue
        cells = changes.get(key, {})
        label = f"~ Changed ({len(cells)})" if cells else ""
        sheet.write_string(r, 0, label, fmt["changed"] if cells else fmt["cell"])
        for c, name in enumerate(fields, start=1):
            if name in cells:
                old, new = cells[name]
                sheet.write_string(r, c, _clip(f"~ {new}\n[was: {old}]"), fmt["changed_cell"])
            else:
                sheet.write_string(r, c, _clip(new_values.get(key, {}).get(name, "")), fmt["cell"])
    sheet.autofilter(header_row, 0, max(r, header_row), len(fields))
    _print(sheet, header_row, title)


def _write_cells(sheet: Any, fmt: dict[str, Any], report: DiffReport) -> None:
    titles = ("Ref", "Field", "Old value", "New value", "Old cell", "New cell")
    widths = (10, 22, 50, 50, 10, 10)
    for c, (title, width) in enumerate(zip(titles, widths, strict=True)):
        sheet.set_column(c, c, width)
        sheet.write_string(0, c, title, fmt["header"])
    for r, change in enumerate(report.changed, start=1):
        for c, text in enumerate((change.key, change.title, change.old, change.new, change.old_cell,
                                  change.new_cell)):
            sheet.write_string(r, c, _clip(text), fmt["cell"])
    if not report.changed:
        sheet.write_string(1, 0, "No cells changed.", fmt["plain"])
    sheet.autofilter(0, 0, max(len(report.changed), 1), len(titles) - 1)
    _print(sheet, 0, "Changed cells")
