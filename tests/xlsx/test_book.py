"""Editing real workbooks in place: values of every type, styles, appended rows, new sheets, formulas."""

# ruff: noqa: DTZ001 - cell dates are naive, as Excel's are

from __future__ import annotations

import re
import shutil
import zipfile
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook, SheetVisibleEnum

from govsheet.errors import UsageError, WorkbookError
from govsheet.xlsx import Book
from govsheet.xlsx.refs import parse_ref
from tests.conftest import KEPT_CORPUS, corpus_file, protected_workbook

XW = KEPT_CORPUS / "xlsxwriter/xlsxwriter/test/comparison/xlsx_files"


def copy(src: Path, tmp_path: Path, name: str | None = None) -> Path:
    dst = tmp_path / (name or src.name)
    shutil.copyfile(src, dst)
    return dst


def calamine(path: Path, sheet: str, ref: str) -> object:
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python(skip_empty_area=False)
    row, col = parse_ref(ref)
    return rows[row - 1][col - 1] if row <= len(rows) and col <= len(rows[row - 1]) else ""


def part(path: Path, name: str) -> bytes:
    with zipfile.ZipFile(path) as zf:
        return zf.read(name)


def cell_xml(path: Path, sheet_part: str, ref: str) -> bytes:
    match = re.search(rb'<c r="' + ref.encode() + rb'"[^>]*?(?:/>|>.*?</c>)', part(path, sheet_part))
    assert match is not None, f"{ref} is not in {sheet_part}"
    return match.group(0)


@pytest.fixture
def tracker(master: Callable[[str], Path]) -> Path:
    return master("ags-action-plan")


def test_each_value_type_reads_back_exactly_and_keeps_the_style(tracker: Path) -> None:
    book = Book.open(tracker)
    actions = book.sheet("Actions")
    before = {ref: actions.style_of(ref) for ref in ("C2", "C3", "C4", "C5", "C6", "D2", "D3", "D4", "D5", "I2")}
    values: dict[str, object] = {"C2": "Revised action text", "C3": "=SUM(1,2)", "C4": "+44 20 7946 0000",
                                 "C5": "-1 risk", "C6": "@mention", "D2": 42, "D3": 3.25, "D4": True, "D5": False,
                                 "I2": "line one\nline two"}
    for ref, value in values.items():
        actions.set(ref, value)
    book.save()
    for ref, value in values.items():
        assert calamine(tracker, "Actions", ref) == value, ref
    reopened = Book.open(tracker).sheet("Actions")
    for ref, style in before.items():
        assert reopened.style_of(ref) == style, ref
        assert reopened.cell(ref).value == values[ref]
    assert b"<f>" not in cell_xml(tracker, "xl/worksheets/sheet1.xml", "C3"), "text is never a formula"
    assert reopened.cell("C3").type == "string"


def test_a_date_keeps_a_date_cell_style_and_gives_other_cells_a_date_format(tracker: Path) -> None:
    book = Book.open(tracker)
    actions = book.sheet("Actions")
    date_style, text_style = actions.style_of("F2"), actions.style_of("E2")
    assert book.styles.format_of(date_style).is_date
    actions.set("F2", date(2025, 3, 31))
    actions.set("E2", datetime(2025, 3, 31, 14, 30))
    book.save()
    assert calamine(tracker, "Actions", "F2") == date(2025, 3, 31)
    assert calamine(tracker, "Actions", "E2") == datetime(2025, 3, 31, 14, 30)
    reopened = Book.open(tracker)
    sheet = reopened.sheet("Actions")
    assert sheet.style_of("F2") == date_style
    new_style = sheet.style_of("E2")
    assert new_style != text_style
    assert reopened.styles.format_of(new_style).is_date
    assert sheet.cell("E2") == sheet.cell("E2").__class__("E2", datetime(2025, 3, 31, 14, 30), "date", new_style, None)
    assert b'formatCode="d mmmm yyyy hh:mm"' in part(tracker, "xl/styles.xml")


def test_clearing_keeps_the_formatting_and_removes_the_value(tracker: Path) -> None:
    book = Book.open(tracker)
    style = book.sheet("Actions").style_of("C2")
    book.sheet("Actions").set("C2", None)
    book.sheet("Actions").set("A2", "")
    book.save()
    assert cell_xml(tracker, "xl/worksheets/sheet1.xml", "C2") == f'<c r="C2" s="{style}"/>'.encode()
    assert calamine(tracker, "Actions", "C2") == ""
    assert Book.open(tracker).sheet("Actions").cell("A2").type == "empty"


def test_formulas_stay_and_excel_is_told_to_recalculate(tracker: Path) -> None:
    formula_before = cell_xml(tracker, "xl/worksheets/sheet1.xml", "H2")
    book = Book.open(tracker)
    assert book.sheet("Actions").cell("H2").formula is not None
    book.sheet("Actions").set("G2", "Completed")
    book.save()
    assert cell_xml(tracker, "xl/worksheets/sheet1.xml", "H2") == formula_before
    assert re.search(rb'<calcPr[^>]*fullCalcOnLoad="1"', part(tracker, "xl/workbook.xml"))


def test_a_formula_can_be_written(tmp_path: Path) -> None:
    path = copy(XW / "autofit07.xlsx", tmp_path)
    book = Book.open(path)
    book.sheet("Sheet1").set("B5", 20)
    book.sheet("Sheet1").set_formula("C5", '=B5*2&"x"', cached="40x")
    book.save()
    assert cell_xml(path, "xl/worksheets/sheet1.xml", "C5") == \
        b'<c r="C5" t="str"><f>B5*2&amp;"x"</f><v>40x</v></c>'
    cell = Book.open(path).sheet("Sheet1").cell("C5")
    assert (cell.formula, cell.value) == ('B5*2&"x"', "40x")
    assert calamine(path, "Sheet1", "C5") == "40x"


def test_overwriting_a_formula_drops_the_calculation_chain(tmp_path: Path) -> None:
    path = copy(XW / "tutorial02.xlsx", tmp_path)
    book = Book.open(path)
    sheet = book.sheet(book.sheet_names[0])
    ref = next(f"{c}{r}" for r in range(1, 12) for c in "ABCD" if sheet.cell(f"{c}{r}").formula)
    sheet.set(ref, 1)
    book.save()
    with zipfile.ZipFile(path) as zf:
        assert not any("calcChain" in n for n in zf.namelist())
        assert b"calcChain" not in zf.read("[Content_Types].xml")
        assert b"calcChain" not in zf.read("xl/_rels/workbook.xml.rels")
    assert calamine(path, sheet.name, ref) == 1


def test_a_highlight_style_is_added_without_moving_existing_ones(tracker: Path) -> None:
    styles_before = part(tracker, "xl/styles.xml")
    book = Book.open(tracker)
    actions = book.sheet("Actions")
    base = actions.style_of("G2")
    count = len(book.styles.xfs)
    xf = book.add_style(base, fill="#FFC7CE", font_colour="#9C0006", bold=True)
    assert xf == count
    assert book.add_style(base, fill="#FFC7CE", font_colour="#9C0006", bold=True) == xf, "reused, not duplicated"
    actions.set_style("G2", xf)
    book.save()
    import openpyxl

    cell = openpyxl.load_workbook(tracker)["Actions"]["G2"]
    assert cell.fill.fgColor.rgb == "FFFFC7CE"
    assert cell.font.color.rgb == "FF9C0006"
    assert cell.font.b is True
    assert cell.value == "In progress"
    old_xfs = re.search(rb"<cellXfs[^>]*>(.*?)</cellXfs>", styles_before, re.DOTALL)
    new_xfs = re.search(rb"<cellXfs[^>]*>(.*?)</cellXfs>", part(tracker, "xl/styles.xml"), re.DOTALL)
    assert old_xfs is not None
    assert new_xfs is not None
    assert new_xfs.group(1).startswith(old_xfs.group(1))
    with pytest.raises(UsageError, match='"red" is not a colour'):
        book.add_style(0, fill="red")


def test_appended_rows_take_the_template_styles_and_extend_filter_formats_and_validation(tracker: Path) -> None:
    book = Book.open(tracker)
    actions = book.sheet("Actions")
    assert actions.max_row == 29
    template = {c: actions.style_of(f"{c}29") for c in "ABCDEFGHI"}
    numbers = actions.append_rows([["99", None, "New action", "Officer", "March 2026", date(2026, 3, 31),
                                    "Yet to start"], ["100", None, "Another"]])
    assert numbers == [30, 31]
    assert actions.max_row == 31
    book.save()
    sheet_xml = part(tracker, "xl/worksheets/sheet1.xml")
    assert b'<autoFilter ref="A1:M31"/>' in sheet_xml  # the tracker's columns, then the request and history
    assert b'<conditionalFormatting sqref="G2:G31">' in sheet_xml
    assert b'<conditionalFormatting sqref="H2:H31">' not in sheet_xml  # the icons are a number format now
    assert b'sqref="G2:G31"><formula1>' in sheet_xml
    assert b'<dimension ref="A1:M31"/>' in sheet_xml
    assert b'localSheetId="0" hidden="1">Actions!$A$1:$M$31</definedName>' in part(tracker, "xl/workbook.xml")
    reopened = Book.open(tracker).sheet("Actions")
    for c in "ABCDEGHI":
        assert reopened.style_of(f"{c}30") == template[c], c
    assert calamine(tracker, "Actions", "C31") == "Another"
    assert calamine(tracker, "Actions", "F30") == date(2026, 3, 31)


def test_appending_extends_a_table_ending_at_the_last_row(tmp_path: Path) -> None:
    path = copy(corpus_file("calamine/tests/temperature-table.xlsx"), tmp_path)
    book = Book.open(path)
    sheet = book.sheet(book.sheet_names[0])
    last = sheet.max_row
    table_part = next(n for n in zipfile.ZipFile(path).namelist() if n.startswith("xl/tables/"))
    ref = re.search(rb'<table[^>]*\bref="([^"]+)"', part(path, table_part))
    assert ref is not None
    top_left = ref.group(1).split(b":")[0]
    assert ref.group(1).endswith(str(last).encode())
    sheet.append_rows([["x", 1, 2]])
    book.save()
    table = part(path, table_part)
    right = ref.group(1).split(b":")[1].rstrip(b"0123456789")
    assert b'ref="' + top_left + b":" + right + str(last + 1).encode() + b'"' in table


def test_appending_extends_x14_data_validations(tmp_path: Path) -> None:
    path = copy(corpus_file("phpspreadsheet/tests/data/Reader/XLSX/dataValidation2Test.xlsx"), tmp_path)
    book = Book.open(path)
    sheet = book.sheet(book.sheet_names[0])
    before = part(path, sheet.part)
    last = sheet.max_row
    ranges = re.findall(rb"<xm:sqref>([^<]*)</xm:sqref>", before)
    sheet.append_rows([["new"]])
    book.save()
    after = re.findall(rb"<xm:sqref>([^<]*)</xm:sqref>", part(path, sheet.part))
    assert len(after) == len(ranges)
    assert any(r.endswith(str(last).encode()) for r in ranges)
    for old, new in zip(ranges, after, strict=True):
        if old.endswith(str(last).encode()):  # "B14" or "B2:B14" at the old last row 14
            top = old.split(b":")[0]
            assert new == top + b":" + top.rstrip(b"0123456789") + str(last + 1).encode()
        else:
            assert new == old


def test_a_very_hidden_sheet_is_added_and_found_by_name(tracker: Path) -> None:
    book = Book.open(tracker)
    problems = book.add_sheet("Problems", state="veryHidden")
    problems.set("A1", "code")
    problems.set("B2", 3)
    with pytest.raises(UsageError, match='already has a sheet named "problems"'):
        book.add_sheet("problems")
    with pytest.raises(UsageError, match="is not a valid sheet name"):
        book.add_sheet("a/b")
    book.save()
    workbook = CalamineWorkbook.from_path(str(tracker))
    assert [(s.name, s.visible) for s in workbook.sheets_metadata][-1] == ("Problems", SheetVisibleEnum.VeryHidden)
    assert calamine(tracker, "Problems", "B2") == 3
    reopened = Book.open(tracker)
    assert reopened.sheet_names == ["Actions", "Audit", "Owners", "_govsheet", "Problems"]
    assert reopened.sheet("Problems").state == "veryHidden"
    assert reopened.sheet("Problems").cell("A1").value == "code"
    content_type = b"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
    assert b'/xl/worksheets/sheet5.xml" ContentType="' + content_type in part(tracker, "[Content_Types].xml")


def test_a_missing_sheet_names_the_sheets_there_are(tracker: Path) -> None:
    with pytest.raises(UsageError, match=r'has no sheet "Action"; its sheets are "Actions", "Audit", "Owners", "_govsheet"'):
        Book.open(tracker).sheet("Action")
    assert Book.open(tracker).sheet("aCTIONS").name == "Actions", "sheet names are case-insensitive, as in Excel"


def test_values_a_cell_cannot_hold_are_refused(tracker: Path) -> None:
    actions = Book.open(tracker).sheet("Actions")
    with pytest.raises(UsageError, match="32,767-character cell limit"):
        actions.set("C2", "x" * 32_768)
    with pytest.raises(UsageError, match="a cell cannot hold a list"):
        actions.set("C2", [1])  # type: ignore[arg-type]
    with pytest.raises(UsageError, match=r"a character no workbook can store \(U\+FFFE at position 2"):
        actions.set("C2", "a\ufffeb")
    with pytest.raises(UsageError, match=r"U\+DCFF at position 5; invalid UTF-8\?\); remove it"):
        actions.set_formula("C2", "bad \udcff")
    with pytest.raises(UsageError, match="must be finite"):
        actions.set("C2", float("inf"))
    with pytest.raises(UsageError, match='sheet "Actions": "C0" is outside the sheet; the last cell is XFD1048576'):
        actions.set("C0", 1)


def test_a_macro_workbook_keeps_its_vba_project_and_stays_xlsm(tmp_path: Path) -> None:
    path = copy(corpus_file("calamine/tests/vba.xlsm"), tmp_path)
    book = Book.open(path)
    assert book.is_macro_enabled
    sheet = book.sheet(book.sheet_names[0])
    sheet.set("A20", "edited")
    with pytest.raises(UsageError, match=r"would hold a macro-enabled workbook under an \.xlsx name"):
        book.save(tmp_path / "copy.xlsx")
    book.save(tmp_path / "copy.xlsm")
    assert part(tmp_path / "copy.xlsm", "xl/vbaProject.bin") == part(path, "xl/vbaProject.bin")
    assert calamine(tmp_path / "copy.xlsm", sheet.name, "A20") == "edited"


def test_text_set_in_a_workbook_without_shared_strings_is_held_in_its_cell(tmp_path: Path) -> None:
    import xlsxwriter

    path = tmp_path / "numbers.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    wb.add_worksheet("Data").write_number("A1", 1)
    wb.close()
    assert "xl/sharedStrings.xml" not in zipfile.ZipFile(path).namelist()
    book = Book.open(path)
    book.sheet("Data").set("B1", "words")
    book.save()
    assert calamine(path, "Data", "B1") == "words"
    assert "xl/sharedStrings.xml" not in zipfile.ZipFile(path).namelist()  # no table, relationship or content type
    assert b"sharedStrings" not in part(path, "xl/_rels/workbook.xml.rels")
    assert b'<c r="B1" t="inlineStr"><is><t>words</t></is></c>' in part(path, "xl/worksheets/sheet1.xml")


def test_dates_follow_the_1904_system(tmp_path: Path) -> None:
    path = copy(corpus_file("calamine/tests/date_1904.xlsx"), tmp_path)
    book = Book.open(path)
    assert book.date1904
    sheet = book.sheet(book.sheet_names[0])
    sheet.set("D1", date(2024, 3, 31))
    book.save()
    assert calamine(path, sheet.name, "D1") == date(2024, 3, 31)
    assert cell_xml(path, sheet.part, "D1").endswith(b"<v>43920</v></c>")


@pytest.mark.corpus  # 57181.xlsm (335 KB) is not kept with the tests
def test_protected_sheets_and_locked_cells_are_reported(tmp_path: Path) -> None:
    book = Book.open(corpus_file("poi/test-data/spreadsheet/57181.xlsm"))
    sheet = book.sheet("CCSInfo")
    assert sheet.is_protected
    assert sheet.is_locked("A200")
    assert not Book.open(XW / "autofit07.xlsx").sheet("Sheet1").is_protected


def test_protection_of_a_made_workbook_is_reported_cell_by_cell(tmp_path: Path) -> None:
    book = Book.open(protected_workbook(tmp_path / "protected.xlsx"))
    sheet = book.sheet("Locked")
    assert sheet.is_protected
    assert sheet.is_locked("A1")
    assert sheet.is_locked("C5")  # a cell with no style is locked on a protected sheet
    assert not sheet.is_locked("B1")
    assert not book.sheet("Open").is_protected


def test_rows_and_cells_without_r_keep_their_places(tmp_path: Path) -> None:
    src = XW / "autofit07.xlsx"
    xml = part(src, "xl/worksheets/sheet1.xml")
    data = re.search(rb"<sheetData>.*</sheetData>", xml)
    assert data is not None
    implicit = (b'<sheetData><row><c t="inlineStr"><is><t>a1</t></is></c><c><v>2</v></c></row>'
                b'<row r="3"><c><v>1</v></c><c r="C3"><v>3</v></c></row></sheetData>')
    path = tmp_path / "implicit.xlsx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            body = zin.read(info)
            zout.writestr(info.filename, body.replace(data.group(0), implicit) if info.filename.endswith("sheet1.xml")
                          else body)
    book = Book.open(path)
    sheet = book.sheet("Sheet1")
    assert [sheet.cell(r).value for r in ("A1", "B1", "A3", "C3")] == ["a1", 2, 1, 3]
    sheet.set("B3", "between")
    sheet.set("A2", "new row")
    book.save()
    for ref, value in {"A1": "a1", "B1": 2, "A2": "new row", "A3": 1, "B3": "between", "C3": 3}.items():
        assert calamine(path, "Sheet1", ref) == value, ref


def test_prefixed_spreadsheetml_is_edited_with_its_own_prefix(tmp_path: Path) -> None:
    src = corpus_file("bad/calamine-nonstandard-xml-ns-prefix.xlsx")
    xml = part(src, "xl/worksheets/sheet1.xml").decode()
    xml = re.sub(r"<(/?)(?!\?)([a-zA-Z]+)", r"<\1x:\2", xml)
    xml = xml.replace('xmlns="http://schemas', 'xmlns:x="http://schemas')
    path = tmp_path / "prefixed.xlsx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            body = xml.encode() if info.filename == "xl/worksheets/sheet1.xml" else zin.read(info)
            zout.writestr(info.filename, body)
    book = Book.open(path)
    sheet = book.sheet("Sheet1")
    assert sheet.cell("B3").value == 4
    sheet.set("B3", 5)
    sheet.append_rows([[7, "eight"]])
    book.save()
    out = part(path, "xl/worksheets/sheet1.xml")
    assert b'<x:c r="B3"><x:v>5</x:v></x:c>' in out
    assert b'<x:row r="4"' in out
    assert b"<c " not in out
    reopened = Book.open(path).sheet("Sheet1")
    assert [reopened.cell(r).value for r in ("A2", "B3", "A4", "B4")] == [1, 5, 7, "eight"]


def test_setting_then_clearing_below_the_data_leaves_only_the_dimension_changed(tmp_path: Path) -> None:
    path = copy(XW / "autofit07.xlsx", tmp_path)
    before = part(path, "xl/worksheets/sheet1.xml")
    book = Book.open(path)
    book.sheet("Sheet1").set("A9", "probe")
    book.save()
    book = Book.open(path)
    book.sheet("Sheet1").set("A9", None)
    book.save()
    after = part(path, "xl/worksheets/sheet1.xml")
    assert after == before.replace(b'<dimension ref="A1"/>', b'<dimension ref="A1:A9"/>')


def test_an_unreadable_damaged_package_is_refused(tmp_path: Path) -> None:
    with pytest.raises(WorkbookError, match="has no workbook part; it is damaged, open it in Excel and save it again"):
        _broken_workbook(tmp_path)


def _broken_workbook(tmp_path: Path) -> Book:
    src = XW / "autofit07.xlsx"
    path = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(path, "w") as zout:
        for info in zin.infolist():
            if info.filename != "xl/workbook.xml":
                zout.writestr(info.filename, zin.read(info))
    return Book.open(path)


def test_max_row_follows_unsaved_values_and_clears(tracker: Path) -> None:
    actions = Book.open(tracker).sheet("Actions")
    assert actions.max_row == 29
    for col in "ABCDEFGHI":
        actions.set(f"{col}29", None)
    assert actions.max_row == 28, "a cleared last row no longer counts"
    actions.set("B40", "far below")
    assert actions.max_row == 40


def test_a_sheet_is_added_to_a_workbook_openpyxl_saved(tracker: Path, tmp_path: Path) -> None:
    """openpyxl declares xmlns:r on each <sheet>, not on <workbook>; the new sheet must declare its own."""
    import openpyxl

    path = tmp_path / "openpyxl.xlsx"
    openpyxl.load_workbook(tracker).save(path)
    book = Book.open(path)
    book.add_sheet("Problems").set("A1", "x")
    book.save()
    assert calamine(path, "Problems", "A1") == "x"
    assert openpyxl.load_workbook(path)["Problems"]["A1"].value == "x"


def test_a_binary_xlsb_workbook_is_refused_by_name(tmp_path: Path) -> None:
    src = XW / "autofit07.xlsx"
    path = tmp_path / "binary.xlsx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(path, "w") as zout:
        for info in zin.infolist():
            body = zin.read(info)
            if info.filename == "_rels/.rels":
                body = body.replace(b"xl/workbook.xml", b"xl/workbook.bin")
            zout.writestr(info.filename.replace("workbook.xml", "workbook.bin"), body)
    with pytest.raises(WorkbookError, match=r"is a binary workbook \(\.xlsb\), which govsheet does not edit"):
        Book.open(path)


def test_a_book_can_be_saved_again_after_more_edits(tmp_path: Path) -> None:
    path = copy(XW / "autofit07.xlsx", tmp_path)
    book = Book.open(path)
    sheet = book.sheet("Sheet1")
    sheet.set("B2", 1)
    book.save()
    sheet.set("B3", "two")
    book.save(tmp_path / "second.xlsx")
    book.sheet("Sheet1").set("B4", value=True)
    book.save()
    for name, expected in (("autofit07.xlsx", [1, "two", True]), ("second.xlsx", [1, "two", ""])):
        assert [calamine(tmp_path / name, "Sheet1", ref) for ref in ("B2", "B3", "B4")] == expected, name
        with zipfile.ZipFile(tmp_path / name) as zf:
            assert zf.testzip() is None


def test_a_defined_name_goes_into_an_empty_defined_names_element_not_a_second_one(tmp_path: Path) -> None:
    """openpyxl writes ``<definedNames/>``; a second block beside it would hide the name from readers."""
    import openpyxl

    path = tmp_path / "openpyxl.xlsx"
    made = openpyxl.Workbook()
    made.active.title = "Sheet"
    made.active["A1"] = "Ref"
    made.save(path)
    with Book.open(path) as book:
        book.add_defined_name("_xlnm.Print_Titles", 0, "Sheet!$1:$1")
        book.save()
    xml = zipfile.ZipFile(path).read("xl/workbook.xml")
    assert xml.count(b"definedNames") == 2  # one opening and one closing tag
    block = b'<definedNames><definedName name="_xlnm.Print_Titles" localSheetId="0">Sheet!$1:$1</definedName>'
    assert block + b"</definedNames><calcPr" in xml
    assert openpyxl.load_workbook(path)["Sheet"].print_title_rows == "$1:$1"
