"""Read the tracker sheet for validation: the same columns as ``workbook.read``, held column by column.

A 50,000-row tracker has 400,000 cells. Slicing each field's column out of calamine's grid
with a C-level look-up a row, and building a row only when a rule reports on it, keeps
validation close to calamine's own read. Empty cells stay ``""`` here (the rules treat ""
and None alike as blank).
"""

from __future__ import annotations

import operator
from collections.abc import Sequence
from pathlib import Path
from typing import Any, overload

from govsheet.errors import WorkbookError
from govsheet.model.schema import Schema
from govsheet.model.tracker import Value
from govsheet.workbook.read import HEADER_SEARCH_ROWS, ActionsTable, Row, match_headers


def read_table(path: Path, book: Any, schema: Schema) -> tuple[Rows, ActionsTable]:
    """The tracker sheet's header and data rows, each row's values keyed by field name.

    Raises:
        WorkbookError: no such sheet, it cannot be read, or no header row names the schema's fields.
    """
    name = schema.sheet
    if name not in book.sheet_names:
        shown = ", ".join(repr(s) for s in book.sheet_names[:6])
        raise WorkbookError(path, f"has no sheet named {name!r} (sheets: {shown}); rename the tracker sheet to "
                                  f"{name!r}")
    try:
        grid = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
    except WorkbookError:
        raise
    except Exception as exc:  # noqa: BLE001 - calamine's errors all mean the sheet is unreadable
        raise WorkbookError(path, f"sheet {name!r} cannot be read ({exc}); save it again in Excel") from None
    return table_from_rows(path, name, grid, schema)


def table_from_rows(path: Path, sheet: str, grid: list[list[Any]], schema: Schema) -> tuple[Rows, ActionsTable]:
    """Find the header row (the one naming most fields) and read the non-blank rows below it."""
    best: tuple[int, dict[str, int], dict[str, str], list[tuple[int, str]]] | None = None
    for r, cells in enumerate(grid[:HEADER_SEARCH_ROWS]):
        columns, headers, unmatched = match_headers(cells, schema)
        if columns and (best is None or len(columns) > len(best[1])):
            best = (r, columns, headers, unmatched)
    if best is None:
        titles = ", ".join(repr(f.title) for f in schema.fields[:4])
        raise WorkbookError(path, f"sheet {sheet!r} has no header row naming the schema's columns ({titles}, ...); "
                                  f"check it is a {schema.title} tracker")
    head, columns, headers, unmatched = best
    table = ActionsTable(path=path, sheet=sheet, header_row=head + 1, columns=columns, headers=headers,
                         unmatched=unmatched)
    data = grid[head + 1 :]
    width = max(columns.values()) + 1
    if any(len(cells) < width for cells in data):
        data = [cells if len(cells) >= width else [*cells, *([""] * (width - len(cells)))] for cells in data]
    values = {name: list(map(operator.itemgetter(c), data)) for name, c in columns.items()}  # a column at C speed
    key = values.get(schema.primary_key)
    if key is not None and "" not in key and None not in key:
        keep = list(range(len(data)))  # every row has a reference, so none is blank
    else:
        blank = len(values)
        keep = [i for i, picked in enumerate(zip(*values.values(), strict=True))
                if picked.count("") + picked.count(None) < blank]
    if len(keep) < len(data):
        values = {name: [column[i] for i in keep] for name, column in values.items()}
    return Rows(numbers=[head + 2 + i for i in keep], values=values), table


class Rows(Sequence[Row]):
    """The data rows, held column by column; a :class:`Row` is built only when a rule asks for one."""

    def __init__(self, numbers: list[int], values: dict[str, list[Value]]) -> None:
        self.numbers = numbers  # sheet row number of each data row
        self.values = values  # field name -> one value per data row
        self._index: dict[int, int] | None = None
        self._columns = tuple(values.items())

    def __len__(self) -> int:
        return len(self.numbers)

    @overload
    def __getitem__(self, i: int) -> Row: ...

    @overload
    def __getitem__(self, i: slice) -> Sequence[Row]: ...

    def __getitem__(self, i: int | slice) -> Row | Sequence[Row]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        return Row(self.numbers[i], {name: column[i] for name, column in self._columns})

    def at(self, number: int) -> Row | None:
        """The data row at sheet row ``number``, None when that row is blank or above the data."""
        if self._index is None:
            self._index = {n: i for i, n in enumerate(self.numbers)}
        i = self._index.get(number)
        return None if i is None else self[i]
