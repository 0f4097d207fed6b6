"""The merge's fast paths: the master's key index and the paused cycle collector."""

from __future__ import annotations

import datetime as dt
import gc
from typing import Any

import pytest

from govsheet import api
from govsheet.errors import WorkbookError
from govsheet.merge.align import MasterRows
from tests.merge.conftest import Cycle

COLUMNS = {"ref": 0, "action": 1}


def test_the_first_row_with_a_key_wins_and_blank_keys_are_left_out() -> None:
    grid: list[list[Any]] = [["Ref", "Action"], [" 1 ", "first"], ["", "no key"], [None, "none"], ["1", "second"],
                             [2.0, "a number"], [dt.date(2024, 3, 31), "a date"], ["3"], []]
    rows = MasterRows(grid, 1, COLUMNS, "ref")
    assert list(rows) == ["1", "2", "2024-03-31", "3"]
    assert len(rows) == 4
    assert rows["1"].number == 2  # sheet row 2, the first with key 1
    assert rows["1"].values == {"ref": " 1 ", "action": "first"}
    assert rows["2"].number == 6
    assert rows["3"].values == {"ref": "3", "action": None}
    assert "" not in rows


def test_no_key_column_means_no_rows() -> None:
    rows = MasterRows([["Ref"], ["1"]], 1, {"action": 1}, "ref")
    assert len(rows) == 0


def test_a_header_only_sheet_has_no_rows() -> None:
    assert len(MasterRows([["Ref", "Action"]], 1, COLUMNS, "ref")) == 0


@pytest.mark.parametrize("enabled", [True, False])
def test_the_cycle_collector_is_left_as_it_was(cycle: Cycle, enabled: bool) -> None:
    was = gc.isenabled()
    try:
        if not enabled:
            gc.disable()
        api.merge(cycle.master, list(cycle.returns.values()))
        assert gc.isenabled() is enabled
        api.merge(cycle.master, list(cycle.returns.values()), dry_run=True)
        assert gc.isenabled() is enabled
        with pytest.raises(WorkbookError):
            api.merge(cycle.master.with_name("missing.xlsx"), [])
        assert gc.isenabled() is enabled
    finally:
        if was:
            gc.enable()
