"""The header row: columns renamed, moved, missing, repeated or unknown to the schema."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import openpyxl

from govsheet import api
from tests.validate.custom import custom_workbook

BEFORE_TARGETS = dt.date(2020, 6, 1)


def test_columns_reordered_missing_and_merged_across_columns(tmp_path: Path) -> None:
    header = ["Ref", "Status", "Score", "Cost", "Kind", "Code", "Due", "Notes"]  # Status moved, Owner gone
    rows: list[list[object]] = [
        ["A1", "Open", 1, 1, "Audit", "C1", dt.date(2021, 3, 31), "a"],
        ["A2", "Open", 2, 2, "Audit", "C2", dt.date(2021, 3, 31), "b"],
    ]
    path, schema = custom_workbook(tmp_path, header, rows)
    wb = openpyxl.load_workbook(path)
    wb["Actions"].merge_cells("D3:E3")
    wb.save(path)
    report = api.validate(path, schema, today=BEFORE_TARGETS)
    assert [(p.code, p.where.cell, p.field) for p in report.errors] == [
        ("column-missing", None, "owner"), ("header-reordered", "B1", "status"),
        ("merged-cells", "D3", "cost"), ("merged-hidden-cell", "E3", "kind"),
    ]
    assert report.errors[0].message == 'the required column "Owner" is missing; add a column headed "Owner"'
    assert report.errors[0].where.row == 1
    # fields are still read by title: no status or type problem from the moved column
    assert report.errors[2].message == "cells D3:E3 are merged; unmerge them so each column holds its own value"


def test_a_repeated_column_is_named_and_only_the_first_is_read(master: Callable[[str], Path]) -> None:
    path = master("ags-action-plan")
    wb = openpyxl.load_workbook(path)
    wb["Actions"]["J1"] = "Progress Status"
    wb["Actions"]["J10"] = "Nonsense"
    wb.save(path)
    report = api.validate(path, today=BEFORE_TARGETS)
    assert [(p.code, p.where.cell, p.field) for p in report.errors] == [("column-duplicate", "J1", "status")]
    assert report.errors[0].message == ('the column "Progress Status" repeats column G ("Progress status"); only '
                                        "column G is read, so move anything you need into it and delete this one")
