"""Edge cases an officer's workbook brings: blank rows, stray formulas, odd dates, names already taken."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from govsheet import api
from govsheet.errors import WorkbookError
from govsheet.validate.dates import as_date, from_serial
from govsheet.validate.table import table_from_rows

TODAY = dt.date(2020, 6, 1)


def test_a_formula_alone_in_a_row_is_still_found(master: Callable[[str], Path]) -> None:
    """openpyxl stores no cached value, so calamine sees the row as blank; the XML scan does not."""
    path = master("ags-action-plan")
    wb = openpyxl.load_workbook(path)
    wb["Actions"]["C32"] = "=A2"
    wb.save(path)
    report = api.validate(path, today=TODAY)
    assert [(p.code, p.where.cell, p.key, p.value) for p in report.errors] == [
        ("formula-in-cell", "C32", None, "=A2")]


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


def test_short_rows_are_padded_and_rows_built_on_demand(tmp_path: Path) -> None:
    from govsheet.schemas import load_schema

    grid: list[list[object]] = [["Ref", "Planned Action", "Progress status"], ["1", "Do it"], ["", "", ""],
                                ["2", "Then this", "Completed"]]
    rows, table = table_from_rows(tmp_path / "x.xlsx", "Actions", grid, load_schema("ags-action-plan"))
    assert rows.numbers == [2, 4]
    assert rows[0].values == {"ref": "1", "action": "Do it", "status": ""}
    assert [r.number for r in rows[0:2]] == [2, 4]
    assert rows.at(4) is not None
    assert rows.at(3) is None
    assert table.header_row == 1


@pytest.mark.parametrize(("value", "expected"), [
    (dt.datetime(2021, 3, 31, 12, 0), (dt.date(2021, 3, 31), "date")),  # noqa: DTZ001 - a naive Excel datetime
    (True, (None, "none")),
    (None, (None, "none")),
    (10_000_000, (None, "none")),
    (44286.0, (dt.date(2021, 3, 31), "serial")),
    ("March 2021", (dt.date(2021, 3, 31), "text")),
    ("Ongoing", (None, "none")),
])
def test_dates_as_they_arrive(value: object, expected: tuple[dt.date | None, str]) -> None:
    assert as_date(value, date1904=False) == expected  # type: ignore[arg-type]


def test_serials_in_both_date_systems() -> None:
    assert from_serial(44286, date1904=False) == dt.date(2021, 3, 31)
    assert from_serial(42824, date1904=True) == dt.date(2021, 3, 31)
    assert from_serial(0, date1904=False) is None


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


def test_merges_that_hide_no_tracker_value_are_not_reported(master: Callable[[str], Path]) -> None:
    path = master("ags-action-plan")
    wb = openpyxl.load_workbook(path)
    wb["Actions"].merge_cells("N1:O1")  # beside the header
    wb["Actions"].merge_cells("M5:N5")  # one tracker column and an empty one
    wb.save(path)
    assert api.validate(path, today=TODAY).errors == ()


@pytest.mark.parametrize(("value", "integer", "number"), [
    (3, True, True), (3.0, True, True), (2.5, False, True), ("1,200", True, True), (" 7 ", True, True),
    ("2.5", False, True), ("three", False, False), (True, False, False), (None, False, False),
    (dt.date(2021, 1, 1), False, False),
])
def test_what_counts_as_a_number(value: object, integer: bool, number: bool) -> None:
    from govsheet.validate.rules.values import _is_integer, _is_number

    assert (_is_integer(value), _is_number(value)) == (integer, number)  # type: ignore[arg-type]


def test_a_loaded_schema_can_be_passed_in(master: Callable[[str], Path]) -> None:
    from govsheet.schemas import load_schema

    report = api.validate(master("ags-action-plan"), load_schema("ags-action-plan"), today=TODAY)
    assert (report.valid, report.schema_name) == (True, "ags-action-plan")


def test_macros_and_external_links_are_flagged(master: Callable[[str], Path], tmp_path: Path) -> None:
    import zipfile

    source = master("ags-action-plan")
    macro = tmp_path / "with-macros.xlsm"
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(macro, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info, zin.read(info.filename))
        zout.writestr("xl/vbaProject.bin", b"\0" * 64)
    report = api.validate(macro, today=TODAY)
    assert report.valid
    assert [(p.code, p.severity, p.where.sheet, p.where.cell) for p in report.errors] == [
        ("macros-present", "warning", None, None)]
    assert report.errors[0].message == ("the workbook contains macros (VBA); govsheet keeps them unchanged and "
                                        "never runs them")
    assert report.to_text().splitlines()[1:] == [
        "workbook:",
        "  warning the workbook contains macros (VBA); govsheet keeps them unchanged and never runs them "
        "[macros-present]",
    ]


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
