"""Reading stored cells of every kind, unsaved edits, inherited styles and the less common shapes."""

# ruff: noqa: DTZ001 - cell dates are naive, as Excel's are

from __future__ import annotations

import re
import shutil
import zipfile
from datetime import datetime
from pathlib import Path

import pytest

from govsheet.errors import UsageError, WorkbookError
from govsheet.xlsx import Book, Cell
from tests.conftest import corpus_file

SIMPLE = corpus_file("xlsxwriter/xlsxwriter/test/comparison/xlsx_files/autofit07.xlsx")
SHEET = "xl/worksheets/sheet1.xml"


def rebuilt(tmp_path: Path, replace: dict[str, bytes | None], src: Path = SIMPLE, name: str = "w.xlsx") -> Path:
    path = tmp_path / name
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            body = replace.get(info.filename, zin.read(info))
            if body is not None:
                zout.writestr(info.filename, body)
    return path


def with_rows(tmp_path: Path, rows: bytes, cols: bytes = b"") -> Path:
    xml = zipfile.ZipFile(SIMPLE).read(SHEET)
    xml = re.sub(rb"<sheetData>.*</sheetData>", lambda _: b"<sheetData>" + rows + b"</sheetData>", xml)
    xml = re.sub(rb"<cols>.*</cols>", lambda _: cols, xml)
    return rebuilt(tmp_path, {SHEET: xml})


def test_stored_cells_of_every_kind_are_decoded(tmp_path: Path) -> None:
    path = with_rows(tmp_path, b'<row r="1"><c r="A1" t="e"><v>#N/A</v></c><c r="B1" t="d"><v>2024-03-31T10:00:00'
                               b'</v></c><c r="C1" t="d"><v>soon</v></c><c r="D1" t="str"><f>"a"&amp;"b"</f><v>ab</v>'
                               b'</c><c r="E1"><v>not a number</v></c><c r="F1" t="b"><v>1</v></c><c r="G1" s="0"/>'
                               b'<c r="H1" t="inlineStr"><is><r><t>rich </t></r><r><t>text</t></r>'
                               b"<rPh><t>hint</t></rPh></is></c></row>")
    sheet = Book.open(path).sheet("Sheet1")
    assert sheet.cell("A1") == Cell("A1", "#N/A", "error", 0, None)
    assert sheet.cell("B1") == Cell("B1", datetime(2024, 3, 31, 10), "date", 0, None)
    assert sheet.cell("C1") == Cell("C1", "soon", "string", 0, None)
    assert sheet.cell("D1") == Cell("D1", "ab", "string", 0, '"a"&"b"')
    assert sheet.cell("E1") == Cell("E1", "not a number", "string", 0, None)
    assert sheet.cell("F1") == Cell("F1", value=True, type="boolean", style=0, formula=None)
    assert sheet.cell("G1") == Cell("G1", None, "empty", 0, None)
    assert sheet.cell("H1").value == "rich text"


def test_unsaved_edits_are_read_back(tmp_path: Path) -> None:
    book = Book.open(shutil.copy(SIMPLE, tmp_path / "a.xlsx"))
    sheet = book.sheet("Sheet1")
    sheet.set("B2", 5)
    assert sheet.cell("B2") == Cell("B2", 5, "number", 0, None)
    xf = book.add_style(0, bold=True)
    sheet.set_style("B2", xf)
    sheet.set_style("A1", xf)
    assert sheet.style_of("B2") == xf
    assert sheet.cell("A1") == Cell("A1", "http://a.b/", "string", xf, None)
    sheet.set_formula("C5", "1+1", cached=2)
    assert sheet.cell("C5") == Cell("C5", 2, "number", 0, "1+1")
    with pytest.raises(UsageError, match="an empty formula for C6"):
        sheet.set_formula("C6", "=")
    book.save()
    assert re.search(rb'<c r="C5"><f>1\+1</f><v>2</v></c>', zipfile.ZipFile(tmp_path / "a.xlsx").read(SHEET))
    assert Book.open(tmp_path / "a.xlsx").sheet("Sheet1").cell("A1").style == xf


def test_a_new_cell_takes_its_row_or_column_style(tmp_path: Path) -> None:
    path = with_rows(tmp_path, b'<row r="1" s="1" customFormat="1"><c r="A1" s="1"><v>1</v></c></row>',
                     cols=b'<cols><col min="2" max="4" width="9" style="1"/></cols>')
    book = Book.open(path)
    sheet = book.sheet("Sheet1")
    assert sheet.style_of("E1") == 1
    assert sheet.style_of("C7") == 1
    assert sheet.style_of("F7") == 0
    sheet.set("E1", "x")
    sheet.set("C7", "y")
    book.save()
    xml = zipfile.ZipFile(path).read(SHEET)
    assert b'<c r="E1" s="1" t="inlineStr"><is><t>x</t></is></c>' in xml
    assert b'<c r="C7" s="1" t="inlineStr"><is><t>y</t></is></c>' in xml


def test_appending_with_a_missing_template_row_writes_plain_rows(tmp_path: Path) -> None:
    book = Book.open(shutil.copy(SIMPLE, tmp_path / "a.xlsx"))
    sheet = book.sheet("Sheet1")
    assert sheet.append_rows([["x"]], template_row=99) == [2]
    book.save()
    assert b'<row r="2"><c r="A2" t="inlineStr"><is><t>x</t></is></c></row>' in zipfile.ZipFile(
        tmp_path / "a.xlsx").read(SHEET)


def test_appended_rows_take_the_formats_given_column_by_column(tmp_path: Path) -> None:
    book = Book.open(shutil.copy(SIMPLE, tmp_path / "a.xlsx"))
    sheet = book.sheet("Sheet1")
    wrapped = book.add_style(0, wrap=True)
    assert sheet.append_rows([["x"], ["y", 2]], styles=[wrapped, wrapped, wrapped]) == [2, 3]
    book.save()
    xml = zipfile.ZipFile(tmp_path / "a.xlsx").read(SHEET)
    assert (f'<row r="2"><c r="A2" s="{wrapped}" t="inlineStr"><is><t>x</t></is></c><c r="B2" s="{wrapped}"/>'
            f'<c r="C2" s="{wrapped}"/></row>').encode() in xml
    assert (f'<c r="A3" s="{wrapped}" t="inlineStr"><is><t>y</t></is></c><c r="B3" s="{wrapped}"><v>2</v></c>'
            f'<c r="C3" s="{wrapped}"/>').encode() in xml


def test_a_table_with_a_totals_row_is_not_extended(tmp_path: Path) -> None:
    src = corpus_file("calamine/tests/temperature-table.xlsx")
    table = next(n for n in zipfile.ZipFile(src).namelist() if n.startswith("xl/tables/"))
    xml = zipfile.ZipFile(src).read(table)
    totals = re.sub(rb"<table\b", b'<table totalsRowCount="1"', xml, count=1)
    path = rebuilt(tmp_path, {table: totals}, src=src)
    book = Book.open(path)
    book.sheet(book.sheet_names[0]).append_rows([["x"]])
    book.save()
    assert zipfile.ZipFile(path).read(table) == totals


def test_formulas_make_a_missing_calc_pr_appear(tmp_path: Path) -> None:
    workbook = zipfile.ZipFile(SIMPLE).read("xl/workbook.xml")
    path = rebuilt(tmp_path, {"xl/workbook.xml": re.sub(rb"<calcPr[^>]*/>", b"", workbook)})
    book = Book.open(path)
    book.sheet("Sheet1").set_formula("B1", "1+1")
    book.save()
    assert b'</sheets><calcPr fullCalcOnLoad="1"/>' in zipfile.ZipFile(path).read("xl/workbook.xml")


def test_external_links_are_listed() -> None:
    assert Book.open(corpus_file("poi/test-data/spreadsheet/bug67784.xlsx")).external_links == [
        "../Downloads/SX3QSVA3QSFSXYVX76NVMRJLLRXPZNRP.xlsx"]
    assert Book.open(SIMPLE).external_links == []


def test_sheets_can_be_walked_in_order() -> None:
    assert [s.name for s in Book.open(corpus_file("calamine/tests/date.xlsx"))] == \
        Book.open(corpus_file("calamine/tests/date.xlsx")).sheet_names


@pytest.mark.parametrize(("replace", "message"), [
    ({"[Content_Types].xml": None}, r"is not a complete workbook \(no \[Content_Types\].xml\)"),
    ({"xl/workbook.xml": b'<document xmlns="urn:x"/>'}, r"is not a spreadsheet \(a Word or PowerPoint file\?\)"),
])
def test_packages_that_are_not_workbooks_are_refused(tmp_path: Path, replace: dict[str, bytes | None],
                                                     message: str) -> None:
    with pytest.raises(WorkbookError, match=message):
        Book.open(rebuilt(tmp_path, replace))


def test_a_listed_sheet_whose_part_is_missing_is_refused(tmp_path: Path) -> None:
    book = Book.open(rebuilt(tmp_path, {SHEET: None}))
    with pytest.raises(WorkbookError, match=r'lists sheet "Sheet1" but its part xl/worksheets/sheet1.xml is missing'):
        book.sheet("Sheet1")


def test_shared_string_cells_without_a_table_are_refused(tmp_path: Path) -> None:
    book = Book.open(rebuilt(tmp_path, {"xl/sharedStrings.xml": None}))
    with pytest.raises(WorkbookError, match="has cells pointing into a shared strings table the file does not have"):
        book.sheet("Sheet1").cell("A1")


def test_over_long_text_in_the_file_is_refused(tmp_path: Path) -> None:
    path = with_rows(tmp_path, b'<row r="1"><c r="A1" t="inlineStr"><is><t>' + b"x" * 40_000 + b"</t></is></c></row>")
    with pytest.raises(WorkbookError, match=r"holds a text of 40000 characters, over Excel's 32,767-character"):
        Book.open(path).sheet("Sheet1").cell("A1")


@pytest.mark.corpus  # double_attr_drawing.xlsx (928 KB) is not kept with the tests
def test_the_anchor_of_a_shared_formula_is_not_overwritten(tmp_path: Path) -> None:
    path = shutil.copy(corpus_file("phpspreadsheet/tests/data/Reader/XLSX/double_attr_drawing.xlsx"), tmp_path / "s.xlsx")
    book = Book.open(path)
    sheet = book.sheet(book.sheet_names[0])
    with pytest.raises(UsageError, match=r"I9 holds the formula that the cells I9:I17 share; change it in Excel"):
        sheet.set("I9", 1)
    with pytest.raises(UsageError, match="I9 holds the formula"):
        sheet.set_formula("I9", "1")
    sheet.set("I10", 1)  # a cell that only copies the formula can take a value
    book.save()
    assert Book.open(path).sheet(sheet.name).cell("I10").value == 1


def test_the_anchor_of_a_made_shared_formula_is_not_overwritten(tmp_path: Path) -> None:
    rows = b"".join(b'<row r="%d"><c r="A%d"><v>%d</v></c>%s</row>' % (n, n, n, cell) for n, cell in (
        (9, b'<c r="B9"><f t="shared" ref="B9:B11" si="0">A9*2</f><v>18</v></c>'),
        (10, b'<c r="B10"><f t="shared" si="0"/><v>20</v></c>'),
        (11, b'<c r="B11"><f t="shared" si="0"/><v>22</v></c>'),
    ))
    path = with_rows(tmp_path, rows)
    book = Book.open(path)
    sheet = book.sheet("Sheet1")
    with pytest.raises(UsageError, match=r"B9 holds the formula that the cells B9:B11 share; change it in Excel"):
        sheet.set("B9", 1)
    with pytest.raises(UsageError, match="B9 holds the formula"):
        sheet.set_formula("B9", "1")
    sheet.set("B10", 1)  # a cell that only copies the formula can take a value
    book.save()
    assert Book.open(path).sheet("Sheet1").cell("B10").value == 1
    assert Book.open(path).sheet("Sheet1").cell("B9").formula is not None


def test_a_date_into_a_workbook_without_custom_formats_adds_the_list(tmp_path: Path) -> None:
    path = shutil.copy(SIMPLE, tmp_path / "d.xlsx")
    assert b"<numFmts" not in zipfile.ZipFile(path).read("xl/styles.xml")
    book = Book.open(path)
    sheet = book.sheet("Sheet1")
    sheet.set("B2", datetime(2024, 3, 31).date())
    sheet.set("B3", datetime(2024, 4, 1).date())
    sheet.set("C2", "same text")
    sheet.set("C3", "same text")
    assert sheet.cell("C3").value == "same text"
    book.save()
    styles = zipfile.ZipFile(path).read("xl/styles.xml")
    main = b'<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    assert main + b'<numFmts count="1"><numFmt numFmtId="164" formatCode="d mmmm yyyy"/></numFmts>' in styles
    reopened = Book.open(path).sheet("Sheet1")
    assert reopened.cell("B3").value == datetime(2024, 4, 1)
    assert reopened.style_of("B2") == reopened.style_of("B3"), "one new format, reused"
    assert reopened.cell("C2").value == reopened.cell("C3").value == "same text"
    with zipfile.ZipFile(SIMPLE) as before, zipfile.ZipFile(path) as after:
        assert after.read("xl/sharedStrings.xml") == before.read("xl/sharedStrings.xml")  # the text is in the cells
        assert after.read(SHEET).count(b't="inlineStr"><is><t>same text</t></is>') == 2


def test_a_self_closing_font_is_copied_for_a_bold_style(tmp_path: Path) -> None:
    styles = zipfile.ZipFile(SIMPLE).read("xl/styles.xml")
    odd = re.sub(rb"<font>.*?</font>", b"<font/>", styles, count=1)
    path = rebuilt(tmp_path, {"xl/styles.xml": odd})
    book = Book.open(path)
    xf = book.add_style(0, bold=True, font_colour="#112233")
    book.sheet("Sheet1").set("B2", "bold", style=xf)
    book.save()
    saved = zipfile.ZipFile(path).read("xl/styles.xml")
    assert b'<fonts count="3"><font/>' in saved
    assert b'<font><b/><color rgb="FF112233"/></font></fonts>' in saved


def test_no_sheet_is_added_to_a_workbook_whose_structure_is_protected() -> None:
    locked = Book.open(corpus_file("poi/test-data/spreadsheet/workbookProtection_workbook_structure_protected.xlsx"))
    assert locked.structure_locked
    with pytest.raises(UsageError, match=r'has its structure protected \(Review > Protect Workbook\), so no sheet '
                                         r'can be added; unprotect it in Excel to add "Problems"'):
        locked.add_sheet("Problems")
    assert not Book.open(corpus_file("poi/test-data/spreadsheet/workbookProtection_workbook_windows_protected.xlsx")
                         ).structure_locked


def test_a_row_read_before_it_is_edited_is_saved_as_one_not_read(tmp_path: Path) -> None:
    """The cells indexed when a row is read are the ones its save rewrites: the same bytes either way."""
    rows = (b'<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c><c r="B1"><v>1</v></c><c r="B1"><v>2</v></c>'
            b'<c><v>3</v></c></row><row r="2"><c r="A2" s="0"/></row>')
    saved = []
    for read_first in (False, True):
        folder = tmp_path / str(read_first)
        folder.mkdir()
        book = Book.open(with_rows(folder, rows))
        sheet = book.sheet("Sheet1")
        if read_first:
            assert sheet.cell("C1").value == 3  # a cell without r= follows the one before
        sheet.set("A1", "changed")
        sheet.set("D1", 4)
        saved.append(zipfile.ZipFile(book.save(folder / "out.xlsx")).read(SHEET))
    assert saved[0] == saved[1]
    assert b'<c r="B1"><v>1</v></c><c r="B1"><v>2</v></c><c r="C1"><v>3</v></c><c r="D1"><v>4</v></c>' in saved[1]
