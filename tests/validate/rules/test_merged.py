"""Merged cells in the data rows: reported where they hide a value, not where they hide none."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import openpyxl

from govsheet import api

TODAY = dt.date(2020, 6, 1)


def test_merges_that_hide_no_tracker_value_are_not_reported(master: Callable[[str], Path]) -> None:
    path = master("ags-action-plan")
    wb = openpyxl.load_workbook(path)
    wb["Actions"].merge_cells("N1:O1")  # beside the header
    wb["Actions"].merge_cells("M5:N5")  # one tracker column and an empty one
    wb.save(path)
    assert api.validate(path, today=TODAY).errors == ()
