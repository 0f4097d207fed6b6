"""Draw the sheets of a tracker workbook with XlsxWriter (a new master is put together from them in
:mod:`govsheet.importer.master`).

The *Actions* sheet carries everything an officer needs in Excel or LibreOffice without
macros: a frozen header, an autofilter, wrapped text, the schema's widths, the status as
a dropdown, a fill per status and an icon column whose formula follows the status, so
icons change live when someone picks another status. Status is always text plus icon.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from govsheet.errors import WorkbookError
from govsheet.model.schema import FieldSpec, Schema
from govsheet.model.tracker import Action, Value
from govsheet.workbook.layout import (
    AUDIT_COLUMNS,
    AUDIT_SHEET,
    ICON_TITLE,
    LINE_HEIGHT,
    MAX_ROW_HEIGHT,
    OWNERS_COLUMNS,
    OWNERS_SHEET,
    PRINTED_COLUMNS,
    icon_formula,
    wrapped_lines,
)
from govsheet.xlsx.limits import MAX_CELL_CHARS

PRINTED_AUDIT_ROWS = 100_000  # rows of the Audit print area (a whole-column area is lost by some readers)
DATE_FORMAT = "d mmmm yyyy"
A4 = 9
# The printed page: A4 landscape less half-inch margins, in pixels of 96 dpi as Excel counts column widths
# (a width of w characters of Arial 10 is 7w + 5 pixels). Fitted to the width, the text must stay >= 8 pt,
# so a sheet wider than the page at 85 % has its wrapped columns narrowed (they wrap and print longer).
PRINT_WIDTH_PX = 1027
MIN_PRINT_SCALE = 0.85
HELPER_WIDTH = 11  # the parent link and derived copies (Part of, Target as date)
DATE_WIDTH = 16  # a date as DATE_FORMAT shows it, "30 September 2021": narrower, a spreadsheet prints ###
ICON_WIDTH = 5
# The status icons are the schema's own glyphs (○ ◐ ●), shown by a number format on the icon formula's
# value, in Segoe UI Symbol: every Windows PC has it, and LibreOffice on Debian draws it with DejaVu Sans.
# Arial (Liberation Sans) draws ◐ as a sliver, and an icon set with its value hidden is drawn by
# LibreOffice at the bottom-left of a tall cell, far from the status, so one is used only past 3 statuses.
SYMBOL_FONT = "Segoe UI Symbol"
GLYPH_STATUSES = 3  # a number format has two conditions and one rest
ICON_SIZE = 12
MIN_WRAP_WIDTH = 16
# Excel's built-in icon sets by how many statuses there are; the first icon is for the highest value.
_ICON_STYLES = {2: "3_traffic_lights", 3: "3_traffic_lights", 4: "4_traffic_lights", 5: "5_quarters"}


def columns(schema: Schema) -> list[tuple[str, FieldSpec | None]]:
    """The Actions sheet's columns: each schema field, with the icon column after the status."""
    cols: list[tuple[str, FieldSpec | None]] = []
    for f in schema.fields:
        cols.append((f.title, f))
        if f.type == "status" and schema.statuses:
            cols.append((ICON_TITLE, None))
    return cols


def sheet_widths(schema: Schema, extra: Sequence[float] = (), *, off_page: set[int] | None = None) -> list[float]:
    """The width of each column of ``columns(schema)`` and then of ``extra``, laid out for A4.

    Helper columns are narrow; when the sheet is still wider than the page at ``MIN_PRINT_SCALE``,
    the wrapped text columns give up width in proportion to what they have above ``MIN_WRAP_WIDTH``.
    """
    cols = columns(schema)
    off_page = off_page_columns(schema) if off_page is None else off_page
    widths: list[float] = []
    for _, f in cols:
        if f is None:
            widths.append(ICON_WIDTH)
        elif f.name == schema.parent or f.derived_from:
            widths.append(helper_width(f))
        else:
            widths.append(f.width)
    widths += list(extra)
    return fit_to_page(widths, [i for i, (_, f) in enumerate(cols) if f and f.wrap and f.width > MIN_WRAP_WIDTH],
                       off_page=off_page)


def fit_to_page(widths: list[float], wide: Sequence[int], *, off_page: set[int] | None = None) -> list[float]:
    """``widths`` with the ``wide`` (wrapping) columns narrowed, in proportion to what they have above
    ``MIN_WRAP_WIDTH``, until the printed columns (all but ``off_page``) fit the page at ``MIN_PRINT_SCALE``
    (or they are that narrow)."""
    off_page = off_page or set()
    widths = list(widths)
    printed = [w for i, w in enumerate(widths) if i not in off_page]
    over = sum(printed) - page_chars(len(printed))
    wide = [i for i in wide if i not in off_page]
    room = sum(widths[i] - MIN_WRAP_WIDTH for i in wide)
    if over > 0 and room > 0:
        keep = max(0.0, 1 - over / room)
        for i in wide:
            widths[i] = math.floor(MIN_WRAP_WIDTH + (widths[i] - MIN_WRAP_WIDTH) * keep)
    return widths


def off_page_columns(schema: Schema) -> set[int]:
    """The columns from the first extension-request or target-history column on: shown on screen at their
    own widths, left out of the printed page so the tracker itself still prints at a readable size."""
    cols = columns(schema)
    first = next((i for i, (_, f) in enumerate(cols) if f and f.name in schema.managed_fields), None)
    return set() if first is None else set(range(first, len(cols) + 8))  # and what a caller adds after them


def hidden_in_returns(schema: Schema) -> set[int]:
    """The columns a return hides: the two target-history columns (the master shows them)."""
    ext = schema.extensions
    history = {ext.original, ext.revisions} - {None} if ext else set()
    return {i for i, (_, f) in enumerate(columns(schema)) if f and f.name in history}


def helper_width(field: FieldSpec) -> float:
    """The width of a helper column: narrow, but a date whole."""
    return float(max(min(field.width, HELPER_WIDTH), DATE_WIDTH if field.type == "date" else 0))


def page_chars(count: int) -> float:
    """How many characters of width ``count`` columns may share and still print at ``MIN_PRINT_SCALE``."""
    return (PRINT_WIDTH_PX / MIN_PRINT_SCALE - 5 * count) / 7


def print_setup(sheet: Any, widths: Sequence[float], footer: str, *, printed: int | None = None,
                rows: int = PRINTED_AUDIT_ROWS) -> None:
    """A4 landscape, the header row on every page, fitted to the width when the text stays >= 8 pt.

    ``printed``: only the first so many columns are printed (the print area), when the sheet has more.
    """
    sheet.set_paper(A4)
    sheet.set_landscape()
    if printed is not None and printed < len(widths):
        widths = widths[:printed]
        sheet.print_area(0, 0, rows, printed - 1)
    if sum(widths) <= page_chars(len(widths)):
        sheet.fit_to_pages(1, 0)
    else:
        sheet.set_print_scale(round(MIN_PRINT_SCALE * 100))
    sheet.repeat_rows(0)
    sheet.set_footer("&L" + footer.replace("&", "&&") + "&RPage &P of &N")
    sheet.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)


def glyph_format(schema: Schema) -> str | None:
    """The number format that shows the icon formula's 1, 2 or 3 as the status's icon (None past 3)."""
    icons = [s.icon.replace('"', "") for s in schema.statuses]
    if not 1 <= len(icons) <= GLYPH_STATUSES or not all(icons):
        return None
    *conditional, rest = [f'"{icon}"' for icon in icons]
    return ";".join([*(f"[={i}]{text}" for i, text in enumerate(conditional, start=1)), rest])


def write_atomic(path: Path, build: Any) -> Path:
    """Build an XlsxWriter workbook into a temporary file beside ``path`` and rename it into place."""
    import xlsxwriter

    from govsheet.files import atomic_output

    with atomic_output(Path(path), what="workbook") as tmp:
        # Arial 10 as the workbook's own font: column widths are counted in its digits, and LibreOffice
        # has Liberation Sans with Arial's widths where it lacks Calibri, so a sheet prints as wide everywhere
        book = xlsxwriter.Workbook(str(tmp), {"strings_to_formulas": False, "strings_to_urls": False,
                                              "default_format_properties": {"font_name": "Arial", "font_size": 10}})
        build(book)
        book.close()
    return Path(path)


class Formats:
    """The cell formats of a tracker workbook, made once per workbook."""

    def __init__(self, book: Any, schema: Schema) -> None:
        base = {"valign": "top", "font_name": "Arial", "font_size": 10}
        self.header = book.add_format(
            {**base, "bold": True, "bg_color": "#1F3864", "font_color": "#FFFFFF", "text_wrap": True, "border": 1}
        )
        text = {**base, "border": 1, "border_color": "#BFBFBF"}
        wrap = {**text, "text_wrap": True}
        self.text = book.add_format(text)
        self.wrap = book.add_format(wrap)
        self.date = book.add_format(
            {**base, "num_format": DATE_FORMAT, "border": 1, "border_color": "#BFBFBF", "align": "left"}
        )
        # Icons and status words are both vertically centred, so each icon sits beside its status in a tall row
        self.icon = book.add_format({**base, "align": "center", "valign": "vcenter", "font_name": SYMBOL_FONT,
                                     "font_size": ICON_SIZE, "border": 1, "border_color": "#BFBFBF",
                                     **({"num_format": glyph_format(schema)} if glyph_format(schema) else {})})
        self.symbol = book.add_format({"font_name": SYMBOL_FONT, "font_size": base["font_size"]})
        self.status = book.add_format({**wrap, "valign": "vcenter"})
        self._book = book
        self._props: dict[int, dict[str, Any]] = {id(self.text): text, id(self.wrap): wrap}
        self._whole: dict[tuple[int, bool, bool], Any] = {}
        # Rich-text runs carry their own font in Excel; without one a run falls back to Calibri 11.
        font = {"font_name": base["font_name"], "font_size": base["font_size"]}
        self.runs = {(i, b): book.add_format({**font, "italic": i, "bold": b}) for i in (False, True)
                     for b in (False, True)}
        self.status_fill = {
            s.code: book.add_format({"bg_color": s.colour, "font_color": s.font_colour}) for s in schema.statuses
        }

    def add(self, props: dict[str, Any]) -> Any:
        """Add a cell format, remembering its properties so whole_run() can derive from it."""
        made = self._book.add_format(props)
        self._props[id(made)] = props
        return made

    def whole_run(self, cell_fmt: Any, *, italic: bool, bold: bool) -> Any:
        """The cell's format made italic or bold, for a cell whose whole text is one such run."""
        key = (id(cell_fmt), italic, bold)
        if key not in self._whole:
            props = self._props.get(id(cell_fmt), {})
            self._whole[key] = self._book.add_format({**props, "italic": italic, "bold": bold})
        return self._whole[key]

    def for_field(self, field: FieldSpec) -> Any:
        if field.type == "date":
            return self.date
        if field.type == "status":
            return self.status
        return self.wrap if field.wrap else self.text


def write_actions(sheet: Any, fmt: Formats, schema: Schema, actions: Sequence[Action],
                  extra_widths: Sequence[float] = (), *, return_sheet: bool = False) -> None:
    """Fill an Actions sheet: header, one row per action, dropdown, fills, icons, print set-up.

    ``extra_widths`` are the columns a caller adds after the schema's (a return's Check column);
    ``return_sheet``: the sheet of a return, whose target-history columns are hidden.
    """
    cols = columns(schema)
    # a return prints as the master does: the tracker's own columns, at a readable size; the request
    # columns (and a return's Check column after them) are filled in on screen
    off_page = off_page_columns(schema)
    widths = sheet_widths(schema, extra_widths, off_page=off_page)
    hidden_columns = hidden_in_returns(schema) if return_sheet else set()
    for c, (title, field) in enumerate(cols):
        sheet.write_string(0, c, title, fmt.header)
        hidden = {"hidden": True} if c in hidden_columns else {}
        sheet.set_column(c, c, widths[c], fmt.for_field(field) if field else fmt.icon, hidden)
    status_col = next((c for c, (_, f) in enumerate(cols) if f and f.type == "status"), None)
    for r, action in enumerate(actions, start=1):
        for c, (_, field) in enumerate(cols):
            if field is None:
                write_icon(sheet, r, c, status_col=status_col, action=action, schema=schema, fmt=fmt)
            else:
                write_value(
                    sheet,
                    r,
                    c,
                    action.get(field.name),
                    cell_fmt=fmt.for_field(field),
                    fmt=fmt,
                    runs=action.rich.get(field.name) if field.rich else None,
                )
        sheet.set_row(r, row_height(action, schema, widths))
    last = max(len(actions), 1)
    sheet.set_row(0, 30)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, last, len(cols) - 1)
    if status_col is not None:
        add_status_features(sheet, fmt, schema, status_col, last)
    print_setup(sheet, widths, schema.title, printed=min(off_page) if off_page else None)


def row_height(action: Action, schema: Schema, widths: Sequence[float] | None = None) -> float:
    """A row height (points) that shows the row's wrapped text.

    Neither XlsxWriter nor LibreOffice's import sizes rows to wrapped text, so without a
    height every row would be one line tall and the narrative would spill over the next row.
    """
    lines = 1
    shown = {f.name: widths[c] for c, (_, f) in enumerate(columns(schema)) if f and widths is not None}
    for field in schema.fields:
        text = action.text(field.name)
        if not field.wrap or not text:
            continue
        lines = max(lines, wrapped_lines(text, shown.get(field.name, field.width)))
    return min(MAX_ROW_HEIGHT, lines * LINE_HEIGHT + 3)


def write_value(
    sheet: Any, r: int, c: int, value: Value, *, cell_fmt: Any, fmt: Formats, runs: Sequence[Any] | None = None
) -> None:
    """Write one value by its type; text is always text, never a formula."""
    if value is None or value == "":
        sheet.write_blank(r, c, None, cell_fmt)
    elif isinstance(value, bool):
        sheet.write_boolean(r, c, value, cell_fmt)
    elif isinstance(value, int | float):
        sheet.write_number(r, c, value, cell_fmt)
    elif isinstance(value, dt.datetime | dt.date):
        day = value if isinstance(value, dt.datetime) else dt.datetime.combine(value, dt.time())
        sheet.write_datetime(r, c, day, fmt.date)
    else:
        text = str(value)
        if len(text) > MAX_CELL_CHARS:
            raise WorkbookError(
                None,
                f"a cell at row {r + 1} holds {len(text):,} characters; Excel allows {MAX_CELL_CHARS:,}; shorten it",
            )
        parts = [run for run in runs or () if run.text]
        if len({(run.italic, run.bold) for run in parts}) > 1:
            fragments: list[Any] = []
            for run in parts:
                fragments.extend((fmt.runs[run.italic, run.bold], run.text))
            sheet.write_rich_string(r, c, *fragments, cell_fmt)
        elif parts and (parts[0].italic or parts[0].bold):
            # XlsxWriter's rich strings need two runs; one formatted run is the cell's own font.
            sheet.write_string(r, c, text, fmt.whole_run(cell_fmt, italic=parts[0].italic, bold=parts[0].bold))
        else:
            sheet.write_string(r, c, text, cell_fmt)


def write_icon(
    sheet: Any, r: int, c: int, *, status_col: int | None, action: Action, schema: Schema, fmt: Formats
) -> None:
    """Write the icon formula with its cached value, so readers that do not recalculate see it too."""
    from xlsxwriter.utility import xl_rowcol_to_cell

    assert status_col is not None  # noqa: S101 - columns() puts the icon column after the status
    field = schema.status_field
    found = schema.read_status(action.text(field.name)) if field else None
    cached: Any = ""
    if found and found[1] == "label":
        cached = [s.code for s in schema.statuses].index(found[0].code) + 1
    cell = xl_rowcol_to_cell(r, status_col, row_abs=False, col_abs=True)
    sheet.write_formula(r, c, icon_formula(schema, cell), fmt.icon, cached)


def add_status_features(sheet: Any, fmt: Formats, schema: Schema, status_col: int, last: int) -> None:
    """The status dropdown, a fill per status and the icon set on the icon column."""
    from xlsxwriter.utility import xl_rowcol_to_cell

    labels = [s.label for s in schema.statuses]
    sheet.data_validation(
        1,
        status_col,
        last,
        status_col,
        {
            "validate": "list",
            "source": labels,
            "input_title": "Progress status",
            "input_message": "Pick one: " + ", ".join(labels),
            "error_title": "Unknown status",
            "error_message": "Choose a status from the list: " + ", ".join(labels),
            "error_type": "warning",
        },
    )
    for s in schema.statuses:
        sheet.conditional_format(
            1,
            status_col,
            last,
            status_col,
            {
                "type": "cell",
                "criteria": "equal to",
                "value": '"' + s.label.replace('"', '""') + '"',
                "format": fmt.status_fill[s.code],
            },
        )
    n = len(schema.statuses)
    style = _ICON_STYLES.get(n)
    if style is None or glyph_format(schema):
        return
    icon_count = int(style[0])
    thresholds = [{"criteria": ">=", "type": "number", "value": v} for v in range(n, n - icon_count + 1, -1)]
    first = xl_rowcol_to_cell(1, status_col + 1)
    sheet.conditional_format(
        f"{first}:{xl_rowcol_to_cell(last, status_col + 1)}",
        {
            "type": "icon_set",
            "icon_style": style,
            "icons_only": True,
            "icons": thresholds,
        },
    )


def write_audit_sheet(book: Any, fmt: Formats) -> Any:
    """Add the empty Audit sheet: a printable table of wrapped text, header frozen, filtered, repeated."""
    sheet = book.add_worksheet(AUDIT_SHEET)
    for c, (title, width) in enumerate(AUDIT_COLUMNS):
        sheet.write_string(0, c, title, fmt.header)
        sheet.set_column(c, c, width, fmt.wrap)  # the data rows' format; govsheet appends rows in it
    sheet.set_row(0, 30)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, 0, len(AUDIT_COLUMNS) - 1)  # grows with the rows appended below
    sheet.print_area(0, 0, PRINTED_AUDIT_ROWS, PRINTED_COLUMNS - 1)  # the hash columns are not printed
    sheet.set_paper(A4)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(0)
    sheet.set_footer("&LAudit trail&RPage &P of &N")
    sheet.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    return sheet


def write_owners_sheet(book: Any, fmt: Formats, rows: Sequence[Sequence[str]]) -> Any:
    """Add the Owners sheet: one row per owner (its cells in :data:`OWNERS_COLUMNS` order), for the team to edit."""
    sheet = book.add_worksheet(OWNERS_SHEET)
    for c, (title, width) in enumerate(OWNERS_COLUMNS):
        sheet.write_string(0, c, title, fmt.header)
        sheet.set_column(c, c, width, fmt.wrap)
    for r, cells in enumerate(rows, start=1):
        for c, text in enumerate(cells):
            write_value(sheet, r, c, text, cell_fmt=fmt.wrap, fmt=fmt)
        lines = max(wrapped_lines(text, width) for text, (_, width) in zip(cells, OWNERS_COLUMNS, strict=True))
        sheet.set_row(r, min(MAX_ROW_HEIGHT, lines * LINE_HEIGHT + 3))
    sheet.set_row(0, 30)
    sheet.freeze_panes(1, 1)
    sheet.autofilter(0, 0, max(len(rows), 1), len(OWNERS_COLUMNS) - 1)
    sheet.set_paper(A4)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(0)
    return sheet
