"""The hidden metadata of a return: altered, removed or without its baseline, each named."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from govsheet import api

BEFORE_TARGETS = dt.date(2020, 6, 1)


@pytest.fixture
def a_return(master: Callable[[str], Path], tmp_path: Path) -> Path:
    result = api.issue(master("ags-action-plan"), tmp_path / "returns", owners=["Chief Executive"])
    return result.returns[0].path


def test_altered_return_metadata_is_an_error(a_return: Path) -> None:
    wb = openpyxl.load_workbook(a_return)
    meta = wb["_govsheet"]
    for row in meta.iter_rows(min_row=2):
        if row[0].value == "owner":
            row[1].value = "Someone Else"
    wb.save(a_return)
    report = api.validate(a_return, today=BEFORE_TARGETS, expect="return")
    assert [(p.code, p.where.sheet, p.where.cell) for p in report.errors] == [("meta-altered", "_govsheet", None)]
    assert report.errors[0].message == ("the return's hidden metadata or baseline was altered (its checksum does "
                                        "not match); issue the return again")


def test_a_return_without_its_baseline_or_keys(a_return: Path) -> None:
    wb = openpyxl.load_workbook(a_return)
    del wb["_govsheet_baseline"]
    meta = wb["_govsheet"]
    for row in meta.iter_rows(min_row=2):
        if row[0].value == "return_id":
            row[0].value = None
            row[1].value = None
    wb.save(a_return)
    report = api.validate(a_return, today=BEFORE_TARGETS, expect="return")
    assert [(p.code, p.where.sheet, p.field) for p in report.errors] == [
        ("meta-key-missing", "_govsheet", "return_id"), ("baseline-missing", "_govsheet_baseline", None)]


def test_a_return_that_lost_its_metadata_is_still_recognised(a_return: Path) -> None:
    """The baseline sheet marks a return even when the caller did not say it expects one."""
    wb = openpyxl.load_workbook(a_return)
    del wb["_govsheet"]
    wb.save(a_return)
    report = api.validate(a_return, "ags-action-plan", today=BEFORE_TARGETS)
    assert [(p.code, p.where.sheet) for p in report.errors] == [("meta-missing", "_govsheet")]


def test_a_return_whose_kind_was_removed(a_return: Path) -> None:
    wb = openpyxl.load_workbook(a_return)
    for row in wb["_govsheet"].iter_rows(min_row=2):
        if row[0].value == "kind":
            row[0].value = row[1].value = None
    wb.save(a_return)
    report = api.validate(a_return, today=BEFORE_TARGETS)
    assert [(p.code, p.field) for p in report.errors] == [("meta-altered", None), ("meta-key-missing", "kind")]
