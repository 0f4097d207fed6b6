"""A return against the baseline it was issued with: rows added or removed, locked cells changed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from govsheet import api
from govsheet.validate.report import ValidationReport

BEFORE_TARGETS = dt.date(2020, 6, 1)


def found(report: ValidationReport) -> list[tuple[str, str | None]]:
    return [(p.code, p.where.cell) for p in report.errors]


@pytest.fixture
def a_return(master: Callable[[str], Path], tmp_path: Path) -> Path:
    result = api.issue(master("ags-action-plan"), tmp_path / "returns", owners=["Chief Executive"])
    return result.returns[0].path


def test_an_issued_return_is_valid(a_return: Path) -> None:
    report = api.validate(a_return, today=BEFORE_TARGETS, expect="return")
    assert report.errors == ()


def test_a_master_or_plain_workbook_given_as_a_return(master: Callable[[str], Path], tmp_path: Path) -> None:
    path = master("ags-action-plan")
    report = api.validate(path, today=BEFORE_TARGETS, expect="return")
    assert found(report) == [("meta-not-return", None)]
    assert report.errors[0].message == ('the workbook is a govsheet "master", not a return; merge only files made '
                                        "by 'govsheet issue'")
    wb = openpyxl.load_workbook(path)
    del wb["_govsheet"]
    plain = tmp_path / "plain.xlsx"
    wb.save(plain)
    report = api.validate(plain, "ags-action-plan", today=BEFORE_TARGETS, expect="return")
    assert found(report) == [("meta-missing", None)]
    assert api.validate(plain, "ags-action-plan", today=BEFORE_TARGETS).errors == ()


def test_a_return_with_rows_added_removed_and_a_locked_cell_changed(master: Callable[[str], Path],
                                                                     tmp_path: Path) -> None:
    issued = api.issue(master("ags-action-plan"), tmp_path / "returns", owners=["Group Manager Assurance"])
    path = issued.returns[0].path
    wb = openpyxl.load_workbook(path)
    ws = wb["Actions"]
    assert [ws[f"A{r}"].value for r in range(2, 18)] == ["1", "1a", "1b", "1c", "1d", "1e", "3", "8", "9", "10",
                                                         "11", "13", "14", "15", "15a", "15b"]
    ws["D9"] = "Someone Else"  # the officer is locked in returns
    ws.delete_rows(10)  # ref 9
    ws.append(["99", None, "A new action", "Group Manager Assurance", "March 2021", dt.date(2021, 3, 31),
               "In progress", None, "Started"])
    wb.save(path)
    report = api.validate(path, today=BEFORE_TARGETS, expect="return")
    assert [(p.code, p.where.cell, p.key) for p in report.errors] == [
        ("row-missing", None, "9"), ("locked-cell-edited", "D9", "8"), ("row-not-issued", "A17", "99")]
    assert report.errors[1].message == ('"Officer responsible" was "Group Manager – Assurance" when issued and may '
                                        "not be changed in a return; put it back and ask the governance team to "
                                        "change it")
