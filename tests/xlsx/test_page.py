"""Print set-up of a sheet the engine added: A4, orientation, fit, frozen header, filter, print titles."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl

from govsheet.xlsx import Book
from govsheet.xlsx.page import PageLayout, lay_out_table


def defined_names(path: Path) -> dict[str, str]:
    """The workbook's defined names as written (name -> formula)."""
    xml = zipfile.ZipFile(path).read("xl/workbook.xml").decode()
    return dict(re.findall(r'<definedName name="([^"]+)"[^>]*>([^<]*)</definedName>', xml))


def test_a_new_table_sheet_prints_on_a4_with_its_header_on_every_page(tmp_path: Path) -> None:
    path = tmp_path / "book.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "Data"
    wb.save(path)
    book = Book.open(path)
    sheet = book.add_sheet("Problems")
    for ref, value in {"A1": "Code", "B1": "Cell", "C1": "Message", "A2": "bad-status", "B2": "G5",
                       "C2": "not a status", "A3": "missing", "B3": "C9", "C3": "no value"}.items():
        sheet.set(ref, value)
    lay_out_table(book, sheet, PageLayout(last_row=3, last_col=3, footer="R&D <draft>", heights=(30.0,),
                                          header_height=20.0))
    book.save()
    ws = openpyxl.load_workbook(path)["Problems"]
    assert (ws["A2"].value, ws["C3"].value) == ("bad-status", "no value")
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:C3"
    assert defined_names(path) == {"_xlnm.Print_Titles": "'Problems'!$1:$1",
                                   "_xlnm._FilterDatabase": "'Problems'!$A$1:$C$3"}
    assert (ws.page_setup.paperSize, ws.page_setup.orientation) == (9, "landscape")
    assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    assert ws.oddFooter.left.text == "R&&D <draft>"  # && is a literal & in a footer code
    assert (ws.row_dimensions[1].height, ws.row_dimensions[2].height, ws.row_dimensions[3].height) == (20, 30, None)


def test_a_portrait_sheet_at_a_scale_with_title_columns_and_a_print_area(tmp_path: Path) -> None:
    path = tmp_path / "book.xlsx"
    openpyxl.Workbook().save(path)
    book = Book.open(path)
    sheet = book.add_sheet("Wide")
    for col in "ABCD":
        sheet.set(f"{col}1", col)
    lay_out_table(book, sheet, PageLayout(last_row=1, last_col=4, landscape=False, fit_width=False, scale=80,
                                          title_columns=1, printed_columns=3))
    book.save()
    ws = openpyxl.load_workbook(path)["Wide"]
    assert (ws.page_setup.orientation, ws.page_setup.scale) == ("portrait", 80)
    assert defined_names(path) == {"_xlnm.Print_Titles": "'Wide'!$A:$A,'Wide'!$1:$1",
                                   "_xlnm.Print_Area": "'Wide'!$A$1:$C$2",
                                   "_xlnm._FilterDatabase": "'Wide'!$A$1:$D$2"}
    assert ws.auto_filter.ref == "A1:D2"
