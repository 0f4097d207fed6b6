"""Read a tracker's Actions sheet quickly with python-calamine, keeping every cell's location.

Columns are matched to schema fields by their header text (title or alias, ignoring
case, stray and non-breaking spaces), so a reordered or lightly renamed sheet still
reads; what did not match is recorded for the validator to report.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from govsheet.errors import WorkbookError
from govsheet.model.schema import Schema, fold
from govsheet.model.tracker import Action, Tracker, Value
from govsheet.workbook.layout import ICON_TITLE
from govsheet.xlsx.refs import col_letters

HEADER_SEARCH_ROWS = 10


@dataclass
class Row:
    """One data row: its 1-based sheet row number and the value of each matched field."""

    number: int
    values: dict[str, Value]


@dataclass
class ActionsTable:
    """What the Actions sheet holds, with where each field sits."""

    path: Path
    sheet: str
    header_row: int  # 1-based
    columns: dict[str, int]  # field name -> 0-based column index
    headers: dict[str, str]  # field name -> the header text as found
    unmatched: list[tuple[int, str]] = field(default_factory=list)  # (column, header) matching no field
    rows: list[Row] = field(default_factory=list)

    @property
    def fields_by_column(self) -> dict[int, str]:
        """0-based column index -> the field name it holds."""
        return {c: name for name, c in self.columns.items()}

    def cell(self, field_name: str, row_number: int) -> str:
        """The A1 reference of a field in a sheet row, e.g. ``D14``."""
        return f"{column_letter(self.columns[field_name])}{row_number}"

    def to_tracker(self, schema: Schema, round_label: str | None = None) -> Tracker:
        """The rows as a :class:`Tracker` (plain values, no rich text)."""
        return Tracker(
            schema_name=schema.name,
            round=round_label,
            actions=[Action(values={f.name: r.values.get(f.name) for f in schema.fields}) for r in self.rows],
        )


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA (a 0-based column, as calamine's grids count them)."""
    return col_letters(index + 1)


def open_calamine(path: Path) -> Any:
    """Open a workbook with calamine, turning every failure into one clear WorkbookError.

    The file first passes :func:`govsheet.safety.preflight` (size and ratio limits, encrypted,
    legacy and non-xlsx files, XML entity declarations); the book returned refuses over-long
    cells and turns calamine's errors on every sheet read into a WorkbookError too.
    """
    from python_calamine import CalamineWorkbook

    from govsheet.safety import GuardedBook, calamine_guard, preflight

    path = Path(path)
    preflight(path)
    with calamine_guard(path, "the workbook"):
        book = CalamineWorkbook.from_path(str(path))
    return GuardedBook(path, book)


def read_actions(path: Path, schema: Schema, *, sheet: str | None = None, book: Any = None) -> ActionsTable:
    """Read the Actions sheet of a tracker or return.

    Raises:
        WorkbookError: the file cannot be read, has no such sheet, or no header row names the fields.
    """
    path = Path(path)
    book = book or open_calamine(path)
    name = sheet or schema.sheet
    if name not in book.sheet_names:
        shown = ", ".join(repr(s) for s in book.sheet_names[:6])
        raise WorkbookError(
            path, f"has no sheet named {name!r} (sheets: {shown}); rename the tracker sheet to {name!r}"
        )
    try:
        grid = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
    except WorkbookError:
        raise  # already one clear line (an over-long cell, a damaged sheet)
    except Exception as exc:  # noqa: BLE001 - calamine's errors all mean the sheet is unreadable
        raise WorkbookError(path, f"sheet {name!r} cannot be read ({exc}); save it again in Excel") from None
    return table_from_grid(path, name, grid, schema)


def match_headers(cells: list[Any], schema: Schema) -> tuple[dict[str, int], dict[str, str], list[tuple[int, str]]]:
    """Match header cells to fields by title or alias; the rest are returned as unmatched."""
    by_title = schema.by_title
    icon = fold(ICON_TITLE)
    columns: dict[str, int] = {}
    headers: dict[str, str] = {}
    unmatched: list[tuple[int, str]] = []
    for c, cell in enumerate(cells):
        text = "" if cell is None else str(cell)
        if not text.strip():
            continue
        folded = fold(text)
        name = by_title.get(folded)
        if name and name not in columns:
            columns[name] = c
            headers[name] = text
        elif folded != icon:
            unmatched.append((c, text))
    return columns, headers, unmatched


def table_from_grid(path: Path, sheet: str, grid: list[list[Any]], schema: Schema) -> ActionsTable:
    """Find the header row in a sheet's grid and read the data rows below it."""
    best: tuple[int, dict[str, int], dict[str, str], list[tuple[int, str]]] | None = None
    for r, cells in enumerate(grid[:HEADER_SEARCH_ROWS]):
        columns, headers, unmatched = match_headers(cells, schema)
        if columns and (best is None or len(columns) > len(best[1])):
            best = (r, columns, headers, unmatched)
    if best is None:
        titles = ", ".join(repr(f.title) for f in schema.fields[:4])
        raise WorkbookError(
            path,
            f"sheet {sheet!r} has no header row naming the schema's columns ({titles}, ...); "
            f"check it is a {schema.title} tracker",
        )
    header_r, columns, headers, unmatched = best
    table = ActionsTable(
        path=path, sheet=sheet, header_row=header_r + 1, columns=columns, headers=headers, unmatched=unmatched
    )
    # column by column (C-level look-ups; a text cell is its own value), then one dict a row
    names = list(columns)
    body = grid[header_r + 1:]
    width = min(map(len, body), default=0)
    cols = [cleaned(list(grid_column(body, columns[name], width))) for name in names]
    for number, values in enumerate(zip(*cols, strict=True), start=header_r + 2):
        if values.count(None) != len(names):  # a row with nothing in the schema's columns is skipped
            table.rows.append(Row(number=number, values=dict(zip(names, values, strict=True))))
    return table


def grid_column(rows: Sequence[Sequence[Any]], c: int, width: int) -> Iterable[Any]:
    """Cell ``c`` of each row, None past the end of a short row; ``width``: the shortest row's length.

    calamine's grid is rectangular, so the cells are usually taken by a C-level look-up a row.
    """
    if c < width:
        return map(operator.itemgetter(c), rows)
    return (row[c] if c < len(row) else None for row in rows)


_BLANK_IS_NONE = {"": None}


def cleaned(column: list[Any]) -> list[Value]:
    """:func:`clean` of each cell of a column; a column of text only at C speed ("" looked up as None)."""
    if set(map(type, column)) == {str}:
        return list(map(_BLANK_IS_NONE.get, column, column))
    return [v if type(v) is str and v else clean(v) for v in column]


def clean(value: Any) -> Value:
    """A calamine value as govsheet holds it: '' becomes None, whole floats stay floats."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.time | dt.timedelta):
        return str(value)
    if isinstance(value, str | int | float | bool | dt.date):
        return value
    return str(value)
