"""Edge cases an officer's workbook brings: blank rows, stray formulas, odd dates, names already taken."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from govsheet import api
from govsheet.errors import WorkbookError
from govsheet.validate.table import table_from_rows

TODAY = dt.date(2020, 6, 1)


def test_blank_rows_between_actions_are_skipped(master: Callable[[str], Path]) -> None:
    path = master("ags-action-plan")
    wb = openpyxl.load_workbook(path)
    wb["Actions"].insert_rows(5, amount=2)
    wb.save(path)
    report = api.validate(path, today=TODAY)
    assert report.rows == 28
    assert report.errors == ()


def test_a_sheet_without_a_header_row_cannot_be_validated(tmp_path: Path) -> None:
    from govsheet.schemas import load_schema

    with pytest.raises(WorkbookError, match="has no header row naming the schema's columns"):
        table_from_rows(tmp_path / "x.xlsx", "Actions", [["a", "b"], [1, 2]], load_schema("ags-action-plan"))


def test_annotating_a_workbook_that_already_has_a_problems_sheet(master: Callable[[str], Path],
                                                                  tmp_path: Path) -> None:
    path = master("ags-action-plan")
    wb = openpyxl.load_workbook(path)
    wb.create_sheet("Problems")
    wb["Actions"].delete_cols(4)  # Officer responsible: a required column
    wb.save(path)
    out = tmp_path / "annotated.xlsx"
    report = api.validate(path, today=TODAY, annotate=out)
    assert [(p.code, p.where.cell) for p in report.errors] == [("column-missing", None)]
    annotated = openpyxl.load_workbook(out)
    assert annotated.sheetnames[-2:] == ["Problems", "Problems (2)"]
    assert [c.value for c in annotated["Problems (2)"][2]][:3] == ["error", "column-missing", "Actions"]


def test_a_loaded_schema_can_be_passed_in(master: Callable[[str], Path]) -> None:
    from govsheet.schemas import load_schema

    report = api.validate(master("ags-action-plan"), load_schema("ags-action-plan"), today=TODAY)
    assert (report.valid, report.schema_name) == (True, "ags-action-plan")


def test_annotating_over_the_workbook_itself_is_refused(master: Callable[[str], Path],
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    from govsheet.cli import main

    path = master("ags-action-plan")
    before = path.read_bytes()
    with pytest.raises(SystemExit) as exited:
        main(["validate", str(path), "--annotate", str(path)])
    assert exited.value.code == 2
    assert capsys.readouterr().err == (f"govsheet: {path}: is the workbook being checked; give --annotate another "
                                       "file name so the original is kept as it is\n")
    assert path.read_bytes() == before
