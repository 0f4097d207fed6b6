"""check_cells: a grid holding a text cell longer than Excel's 32,767 characters is refused, naming the cell."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from govsheet.errors import WorkbookError
from govsheet.safety import check_cells
from govsheet.xlsx.limits import MAX_CELL_CHARS

PATH = Path("tracker.xlsx")


def test_cells_up_to_the_limit_pass() -> None:
    grid = [["Ref", 1.0, None], ["x" * MAX_CELL_CHARS, dt.date(2021, 3, 31), True], []]
    check_cells(PATH, "Actions", grid)


def test_the_first_over_long_cell_is_named() -> None:
    grid = [["Ref", 2.0], [1.0, "ok", "y" * (MAX_CELL_CHARS + 1)], ["z" * (MAX_CELL_CHARS + 5)]]
    with pytest.raises(WorkbookError, match=r"Actions!C2 holds 32,768 characters, more than Excel's limit of 32,767"):
        check_cells(PATH, "Actions", grid)


def test_the_cell_is_named_from_where_the_grid_starts() -> None:
    grid = [["", "y" * (MAX_CELL_CHARS + 1)]]
    with pytest.raises(WorkbookError, match=r"Owners!E10 holds"):
        check_cells(PATH, "Owners", grid, first_row=9, first_col=3)
