"""Match a return's rows to its baseline and to the master by primary key.

Matching is by key alone, so a return the officer sorted, filtered, hid rows in or
re-saved in LibreOffice lines up exactly as issued. What does not line up is kept
and reported: rows added to the return, rows deleted from it, and repeated keys.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from govsheet.errors import WorkbookError
from govsheet.model.schema import Schema
from govsheet.model.tracker import display
from govsheet.workbook.read import HEADER_SEARCH_ROWS, ActionsTable, Row, clean, table_from_grid


@dataclass
class Aligned:
    """One row key seen in the baseline or the return, with where it is in each workbook."""

    key: str
    baseline: dict[str, str] | None  # None: the row is not in the baseline (added)
    theirs: Row | None  # None: the row was deleted from the return
    master: Row | None  # None: the master has no row with this key now
    duplicate: bool = False  # a second row with the same key in the return


def align(baseline: dict[str, dict[str, str]], theirs: ActionsTable, master: Mapping[str, Row],
          key_field: str) -> list[Aligned]:
    """Pair every baseline row and every return row, in baseline order then return order."""
    seen: set[str] = set()
    by_key: dict[str, Aligned] = {}
    extra: list[Aligned] = []
    for row in theirs.rows:
        key = display(row.values.get(key_field)).strip()
        if key in seen:
            extra.append(Aligned(key, baseline.get(key), row, master.get(key), duplicate=True))
            continue
        seen.add(key)
        by_key[key] = Aligned(key, baseline.get(key), row, master.get(key))
    pairs = [by_key.pop(key) if key in by_key else Aligned(key, base, None, master.get(key))
             for key, base in baseline.items()]
    return pairs + list(by_key.values()) + extra


class MasterRows(Mapping[str, Row]):
    """The master's rows by key, each built only when a return asks for it.

    A 50,000-row master merged with one return needs a few hundred rows; building the
    rest would cost more than reading the sheet.
    """

    def __init__(self, grid: list[list[Any]], header_row: int, columns: dict[str, int], key_field: str) -> None:
        self.grid = grid  # the whole sheet as calamine read it
        self._grid = grid
        self._columns = columns
        self._numbers: dict[str, int] = {}
        self._built: dict[str, Row] = {}
        kc = columns.get(key_field)
        if kc is None:
            return
        column = [cells[kc] if kc < len(cells) else None for cells in grid[header_row:]]
        keys = [v.strip() if v.__class__ is str else display(clean(v)).strip() for v in column]
        # the first row with a key wins: a dict built from the bottom up keeps the topmost row of each
        # key; the keys are then put in the order of their first row, as a scan from the top gives
        first = dict(zip(reversed(keys), range(len(grid) - 1, header_row - 1, -1), strict=True))
        order = dict.fromkeys(keys)
        order.pop("", None)
        self._numbers = dict(zip(order, map(first.__getitem__, order), strict=True))

    def __getitem__(self, key: str) -> Row:
        if key not in self._built:
            r = self._numbers[key]
            cells = self._grid[r]
            values = {name: clean(cells[c]) if c < len(cells) else None for name, c in self._columns.items()}
            self._built[key] = Row(number=r + 1, values=values)
        return self._built[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._numbers)

    def __len__(self) -> int:
        return len(self._numbers)


def read_master(path: Path, book: Any, schema: Schema) -> tuple[ActionsTable, MasterRows]:
    """The master's Actions sheet as a header-only table (columns, header row) and its rows by key.

    Raises:
        WorkbookError: the sheet is missing, unreadable or has no header row naming the fields.
    """
    if schema.sheet not in book.sheet_names:
        raise WorkbookError(path, f"has no sheet named {schema.sheet!r}; is it a govsheet master?")
    try:
        grid = book.get_sheet_by_name(schema.sheet).to_python(skip_empty_area=False)
    except WorkbookError:
        raise
    except Exception as exc:  # noqa: BLE001 - calamine's errors all mean the sheet is unreadable
        raise WorkbookError(path, f"sheet {schema.sheet!r} cannot be read ({exc}); save it again in Excel") from None
    header = table_from_grid(path, schema.sheet, grid[:HEADER_SEARCH_ROWS], schema)
    header.rows = []
    return header, MasterRows(grid, header.header_row, header.columns, schema.primary_key)
