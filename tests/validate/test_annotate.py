"""``--annotate``: a lossless copy with problem cells filled by severity and a linked Problems sheet."""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from govsheet import api
from tests.conftest import libreoffice_convert, read_csv_rows

TODAY = dt.date(2020, 6, 1)


@pytest.fixture
def edited(master: Callable[[str], Path], tmp_path: Path) -> Path:
    """The seed master with four errors and one warning planted by the lossless engine."""
    from govsheet.xlsx import Book

    out = tmp_path / "edited.xlsx"
    book = Book.open(master("ags-action-plan"))
    sheet = book.sheet("Actions")
    sheet.set("G10", "In progrss")
    sheet.set("I9", None)
    sheet.set("A14", "7")
    sheet.set_formula("C17", "SUM(1,2)", cached=3)
    sheet.set("G11", "Done")
    book.save(out)
    return out


def test_problem_cells_are_filled_by_severity(edited: Path, tmp_path: Path) -> None:
    out = tmp_path / "annotated.xlsx"
    report = api.validate(edited, today=TODAY, annotate=out)
    assert [(p.code, p.where.cell) for p in report.errors] == [
        ("completed-without-progress", "I9"), ("status-unknown", "G10"), ("status-synonym", "G11"),
        ("key-duplicate", "A14"), ("formula-in-cell", "C17")]
    ws = openpyxl.load_workbook(out)["Actions"]
    fills = {ref: ws[ref].fill.fgColor.rgb for ref in ("I9", "G10", "G11", "A14", "C17", "A2", "G12")}
    assert fills == {"I9": "FFFFC7CE", "G10": "FFFFC7CE", "G11": "FFFFEB9C", "A14": "FFFFC7CE",
                     "C17": "FFFFC7CE", "A2": "00000000", "G12": "00000000"}
    # the officer's own formatting of a highlighted cell is kept: font and border
    assert (ws["G10"].font.name, ws["G10"].border.left.style) == ("Arial", "thin")
    assert ws["G10"].value == "In progrss"


def test_problems_sheet_lists_each_finding_with_a_link(edited: Path, tmp_path: Path) -> None:
    out = tmp_path / "annotated.xlsx"
    api.validate(edited, today=TODAY, annotate=out)
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Actions", "Audit", "Owners", "_govsheet", "Problems"]
    rows = list(wb["Problems"].iter_rows(values_only=True))
    assert rows[0] == ("Severity", "Code", "Cell", "Row", "Field", "Ref", "Value", "Message")
    assert rows[2] == ("error", "status-unknown", '=HYPERLINK("#\'Actions\'!G10","Actions!G10")', 10, "status", "4",
                       "In progrss", 'status "In progrss" is not one of "Yet to start", "In progress", '
                       '"Completed"; did you mean "In progress"?')
    assert len(rows) == 6


def test_annotated_copy_changes_only_what_it_must(edited: Path, tmp_path: Path) -> None:
    out = tmp_path / "annotated.xlsx"
    api.validate(edited, today=TODAY, annotate=out)
    with zipfile.ZipFile(edited) as before, zipfile.ZipFile(out) as after:
        old = {i.filename: before.read(i.filename) for i in before.infolist()}
        changed = sorted(n for n in after.namelist() if old.get(n) != after.read(n))
    assert set(changed) <= {"xl/worksheets/sheet1.xml", "xl/styles.xml", "xl/workbook.xml",
                            "xl/_rels/workbook.xml.rels", "[Content_Types].xml", "xl/sharedStrings.xml",
                            "xl/worksheets/sheet5.xml", "docProps/app.xml"}
    assert "xl/worksheets/sheet2.xml" not in changed  # the Audit sheet is copied byte for byte
    assert "xl/worksheets/sheet3.xml" not in changed  # and so is the Owners sheet


def test_annotated_copy_validates_as_the_original(edited: Path, tmp_path: Path) -> None:
    out = tmp_path / "annotated.xlsx"
    first = api.validate(edited, today=TODAY, annotate=out)
    again = api.validate(out, today=TODAY)
    assert [str(p).replace(str(out), "X") for p in again.errors] == [
        str(p).replace(str(edited), "X") for p in first.errors]


@pytest.mark.libreoffice
def test_libreoffice_opens_the_copy_and_follows_the_links(edited: Path, tmp_path: Path) -> None:
    out = tmp_path / "annotated.xlsx"
    api.validate(edited, today=TODAY, annotate=out)
    csv = libreoffice_convert(out, "csv", tmp_path / "lo", sheet=5)
    rows = read_csv_rows(csv)
    assert rows[0] == ["Severity", "Code", "Cell", "Row", "Field", "Ref", "Value", "Message"]
    assert rows[1][:4] == ["error", "completed-without-progress", "Actions!I9", "9"]


def test_annotating_an_openpyxl_saved_workbook(master: Callable[[str], Path], tmp_path: Path) -> None:
    """openpyxl declares the relationships namespace on each <sheet>, not on <workbook>."""
    saved = tmp_path / "openpyxl.xlsx"
    wb = openpyxl.load_workbook(master("ags-action-plan"))
    wb["Actions"]["G10"] = "In progrss"
    wb.save(saved)
    out = tmp_path / "annotated.xlsx"
    api.validate(saved, today=TODAY, annotate=out)
    assert [(p.code, p.where.cell) for p in api.validate(out, today=TODAY).errors] == [("status-unknown", "G10")]
