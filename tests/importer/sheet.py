"""Read a written master back with python-calamine, keyed by reference, for cell-by-cell checks."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from python_calamine import CalamineWorkbook


def actions_grid(path: Path) -> list[list[Any]]:
    """The Actions sheet of a workbook as calamine reads it, header row first."""
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Actions").to_python()


def rows_by_key(path: Path) -> dict[str, dict[str, Any]]:
    """Each data row of the Actions sheet as {column title: value}, keyed by its Ref cell."""
    grid = actions_grid(path)
    header = [str(c) for c in grid[0]]
    rows: dict[str, dict[str, Any]] = {}
    for cells in grid[1:]:
        row = dict(zip(header, cells, strict=False))
        rows[str(row["Ref"])] = row
    return rows


def shown(value: Any) -> str:
    """A calamine cell as LibreOffice shows it in CSV: dates as "31 March 2021", 2.0 as "2"."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return f"{value.day} {value:%B %Y}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)
