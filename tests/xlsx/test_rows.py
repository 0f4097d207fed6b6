"""Deleting and inserting whole rows: everything on a row moves with it, as in Excel."""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import xlsxwriter
from python_calamine import CalamineWorkbook

from govsheet.errors import UsageError
from govsheet.xlsx import Book
from tests.cli.helpers import invoke
from tests.conftest import libreoffice_convert, read_csv_rows


def png(path: Path) -> Path:
    """A 4x4 red PNG."""
    raw = b"".join(b"\x00" + b"\xff\x00\x00" * 4 for _ in range(4))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 4, 4, 8, 2, 0, 0, 0))
                     + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
    return path


def decorated(tmp_path: Path) -> Path:
    """Data: rows r1..r12 with formulas, merges, CF, DV, links, comments, an image, names; Other refers to it."""
    path = tmp_path / "book.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Data")
    other = wb.add_worksheet("Other")
    tab = wb.add_worksheet("Tab")
    italic = wb.add_format({"italic": True})
    for r in range(1, 13):
        ws.write(r - 1, 0, f"r{r}")
        ws.write(r - 1, 1, r * 10)
        ws.write_formula(r - 1, 2, f"=B{r}*2", None, r * 20)
    ws.write_formula("D1", "=SUM(B1:B12)", None, 780)
    ws.write_formula("D2", '=B9&"B9"', None, "90B9")
    ws.set_row(8, 33, italic)
    ws.merge_range("E5:F8", "merged")
    ws.merge_range("E10:F10", "m2")
    ws.conditional_format("B2:B12", {"type": "cell", "criteria": ">", "value": "$B$9"})
    ws.conditional_format("B6:B6", {"type": "cell", "criteria": ">", "value": 1})
    ws.data_validation("A3:A11", {"validate": "list", "source": ["x", "y"]})
    ws.write_url("G6", "https://example.org/6")
    ws.write_url("G9", "https://example.org/9")
    ws.write_comment("A6", "note on 6")
    ws.write_comment("A9", "note on 9")
    ws.insert_image("H9", str(png(tmp_path / "red.png")))
    ws.autofilter("A1:C12")
    wb.define_name("Pick", "=Data!$B$9")
    wb.define_name("Block", "=Data!$B$5:$B$7")
    wb.define_name("Data!Local", "=Data!$A$10")
    other.write_formula("A1", "=Data!B9+SUM(Data!B5:B12)", None, 0)
    other.write_formula("A2", "=SUM('Data'!$6:$6)", None, 0)
    other.write("A3", "Data!B9 stays text")
    other.write_formula("A4", '=IF(Data!A9="Data!A9",1,2)', None, 2)
    for r in range(2, 8):
        tab.write_row(r - 1, 0, [r, r * 2])
    tab.add_table("A1:B7", {"columns": [{"header": "N"}, {"header": "Twice"}]})
    wb.close()
    return path


def part(path: Path, name: str) -> str:
    with zipfile.ZipFile(path) as zf:
        return zf.read(name).decode()


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def rows_of(path: Path, sheet: str) -> list[list[Any]]:
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python()


def edited(src: Path, tmp_path: Path, action: str, first: int, last: int, sheet: str = "Data") -> Path:
    out = tmp_path / f"{action}.xlsx"
    with Book.open(src) as book:
        getattr(book.sheet(sheet), f"{action}_rows")(first, last)
        book.save(out)
    return out


def test_delete_rows_takes_everything_on_them_and_moves_the_rest_up(tmp_path: Path) -> None:
    out = edited(decorated(tmp_path), tmp_path, "delete", 5, 7)
    sheet = part(out, "xl/worksheets/sheet1.xml")
    assert [row[0] for row in rows_of(out, "Data")] == ["r1", "r2", "r3", "r4", "r8", "r9", "r10", "r11", "r12"]
    assert '<dimension ref="A1:G9"/>' in sheet
    assert "<f>B6*2</f><v>180</v>" in sheet  # old row 9's formula, now on row 6
    assert "<f>SUM(B1:B9)</f>" in sheet
    assert '<f>B6&amp;"B9"</f>' in sheet  # the text in quotes is not a reference
    assert re.search(r'<row r="6" [^>]*ht="33"', sheet)  # the height went with its row
    assert '<mergeCells count="2"><mergeCell ref="E5:F5"/><mergeCell ref="E7:F7"/></mergeCells>' in sheet
    assert '<conditionalFormatting sqref="B2:B9">' in sheet
    assert "<formula>$B$6</formula>" in sheet
    assert 'sqref="B6"' not in sheet.split("B2:B9")[1].split("</conditionalFormatting>")[1]  # the B6 rule went
    assert 'sqref="A3:A8"' in sheet
    assert '<hyperlinks><hyperlink ref="G6" r:id="rId2"/></hyperlinks>' in sheet
    assert '<autoFilter ref="A1:C9"/>' in sheet
    comments = part(out, "xl/comments1.xml")
    assert comments.count("<comment ") == 1
    assert 'ref="A6"' in comments
    assert "note on 9" in comments
    vml = part(out, "xl/drawings/vmlDrawing1.vml")
    assert vml.count("<v:shape ") == 1
    assert "<x:Row>5</x:Row>" in vml
    drawing = part(out, "xl/drawings/drawing1.xml")
    assert "<xdr:from><xdr:col>7</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>5</xdr:row>" in drawing
    other = part(out, "xl/worksheets/sheet2.xml")
    assert "<f>Data!B6+SUM(Data!B5:B9)</f>" in other
    assert "<f>SUM('Data'!#REF!)</f>" in other
    assert '<f>IF(Data!A6="Data!A9",1,2)</f>' in other
    workbook = part(out, "xl/workbook.xml")
    assert '<definedName name="Block">Data!#REF!</definedName>' in workbook
    assert '<definedName name="Pick">Data!$B$6</definedName>' in workbook
    assert 'localSheetId="0">Data!$A$7</definedName>' in workbook
    assert "Data!$A$1:$C$9" in workbook
    assert 'fullCalcOnLoad="1"' in workbook


def test_insert_rows_opens_blank_rows_and_grows_ranges_across_them(tmp_path: Path) -> None:
    out = edited(decorated(tmp_path), tmp_path, "insert", 5, 7)
    sheet = part(out, "xl/worksheets/sheet1.xml")
    values = [row[0] for row in CalamineWorkbook.from_path(str(out)).get_sheet_by_name("Data").to_python(
        skip_empty_area=False)]
    assert values == ["r1", "r2", "r3", "r4", "", "", "", "r5", "r6", "r7", "r8", "r9", "r10", "r11", "r12"]
    assert '<dimension ref="A1:G15"/>' in sheet
    assert "<f>SUM(B1:B15)</f>" in sheet
    assert "<f>B12*2</f>" in sheet
    assert '<mergeCell ref="E8:F11"/><mergeCell ref="E13:F13"/>' in sheet
    assert '<conditionalFormatting sqref="B2:B15">' in sheet
    assert 'sqref="A3:A14"' in sheet
    assert '<hyperlink ref="G9" r:id="rId1"/><hyperlink ref="G12" r:id="rId2"/>' in sheet
    assert re.search(r'<row r="12" [^>]*ht="33"', sheet)
    assert 'ref="A9"' in part(out, "xl/comments1.xml")
    assert 'ref="A12"' in part(out, "xl/comments1.xml")
    assert "<f>SUM('Data'!$9:$9)</f>" in part(out, "xl/worksheets/sheet2.xml")
    assert '<definedName name="Block">Data!$B$8:$B$10</definedName>' in part(out, "xl/workbook.xml")
    loaded = openpyxl.load_workbook(out)
    assert sorted(str(r) for r in loaded["Data"].merged_cells.ranges) == ["E13:F13", "E8:F11"]
    assert loaded["Data"]["A12"].comment.text == "note on 9"
    assert loaded["Data"]["G12"].hyperlink.target == "https://example.org/9"


def test_insert_then_delete_the_same_rows_gives_back_the_same_parts(tmp_path: Path) -> None:
    src = decorated(tmp_path)
    grown = edited(src, tmp_path, "insert", 3, 8)
    back = edited(grown, tmp_path, "delete", 3, 8)
    before, after = parts(src), parts(back)
    assert before.keys() == after.keys()
    changed = sorted(n for n in before if before[n] != after[n])
    assert 'fullCalcOnLoad="1"' in part(src, "xl/workbook.xml")  # XlsxWriter already asks for a recalculation
    assert changed == []


def test_table_rows_deleted_shrink_the_table_and_its_header_is_refused(tmp_path: Path) -> None:
    src = decorated(tmp_path)
    out = edited(src, tmp_path, "delete", 3, 4, sheet="Tab")
    table = part(out, "xl/tables/table1.xml")
    assert 'ref="A1:B5"' in table
    assert '<autoFilter ref="A1:B5"/>' in table
    with Book.open(src) as book, pytest.raises(UsageError, match='sheet "Tab": the rows deleted would remove the '
                                                                 "header of the table Table1"):
        book.sheet("Tab").delete_rows(1, 2)


def test_a_cut_array_formula_is_refused_before_anything_changes(tmp_path: Path) -> None:
    path = tmp_path / "array.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    wb.add_worksheet("S").write_array_formula("D2:D4", "{=A2:A4*2}")
    wb.close()
    with Book.open(path) as book:
        with pytest.raises(UsageError, match=r'sheet "S": the array formula over D2:D4 would be cut'):
            book.sheet("S").delete_rows(3, 3)
        assert book.package.changed == []
        book.sheet("S").delete_rows(1, 1)
        book.save(tmp_path / "moved.xlsx")
    assert '<f t="array" ref="D1:D3">A1:A3*2</f>' in part(tmp_path / "moved.xlsx", "xl/worksheets/sheet1.xml")


def recalculating(outdir: Path) -> None:
    """A LibreOffice profile (the one libreoffice_convert uses there) that recalculates xlsx files on load."""
    user = outdir / ".lo-profile" / "user"
    user.mkdir(parents=True)
    (user / "registrymodifications.xcu").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
        'xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        '<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" '
        'oor:op="fuse"><value>0</value></prop></item></oor:items>\n', encoding="utf-8")


@pytest.mark.libreoffice
def test_libreoffice_recalculates_the_moved_formulas(tmp_path: Path) -> None:
    out = edited(decorated(tmp_path), tmp_path, "delete", 5, 7)
    for folder in ("lo", "lo2"):
        recalculating(tmp_path / folder)
    rows = read_csv_rows(libreoffice_convert(out, "csv", tmp_path / "lo", sheet=1))
    assert [row[:4] for row in rows[:6]] == [["r1", "10", "20", "600"], ["r2", "20", "40", "90B9"],
                                             ["r3", "30", "60", ""], ["r4", "40", "80", ""],
                                             ["r8", "80", "160", ""], ["r9", "90", "180", ""]]
    other = read_csv_rows(libreoffice_convert(out, "csv", tmp_path / "lo2", sheet=2))
    assert other[0][0] == str(90 + 80 + 90 + 100 + 110 + 120)
    # Excel writes a reference into deleted rows of another sheet as 'Data'!#REF!; LibreOffice shows
    # that as its own error code rather than #REF!, which is LibreOffice's deviation, not the file's
    assert other[1][0] in ("#REF!", "Err:508")


def shared_formulas(tmp_path: Path) -> Path:
    """S!B1:B8 share one formula, as Excel writes a filled-down column."""
    path = tmp_path / "shared.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("S")
    ws.write_blank(0, 0, None, wb.add_format({"bold": True}))  # a self-closing cell before the master
    for r in range(1, 9):
        if r > 1:
            ws.write(r - 1, 0, r)
        ws.write_formula(r - 1, 1, f"=A{r}*10+$A$8", None, r * 10 + 8)
    wb.close()
    with zipfile.ZipFile(path) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    sheet = members["xl/worksheets/sheet1.xml"].decode()
    sheet = sheet.replace("<f>A1*10+$A$8</f>", '<f t="shared" ref="B1:B8" si="0">A1*10+$A$8</f>')
    sheet = re.sub(r"<f>A[2-8]\*10\+\$A\$8</f>", '<f t="shared" si="0"/>', sheet)
    members["xl/worksheets/sheet1.xml"] = sheet.encode()
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def test_shared_formulas_are_expanded_cell_by_cell(tmp_path: Path) -> None:
    out = edited(shared_formulas(tmp_path), tmp_path, "delete", 2, 3, sheet="S")
    with Book.open(out) as book:
        formulas = [book.sheet("S").cell(f"B{r}").formula for r in range(1, 7)]
    assert formulas == ["A1*10+$A$6", "A2*10+$A$6", "A3*10+$A$6", "A4*10+$A$6", "A5*10+$A$6", "A6*10+$A$6"]
    assert 't="shared"' not in part(out, "xl/worksheets/sheet1.xml")


def test_formula_text_keeps_its_own_escapes(tmp_path: Path) -> None:
    path = tmp_path / "escaped.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    wb.add_worksheet("S").write_formula("A1", '=IF(B5>1,"a_x000D_b & c","")')
    wb.close()
    out = edited(path, tmp_path, "delete", 2, 2, sheet="S")
    assert '<f>IF(B4&gt;1,"a_x000D_b &amp; c","")</f>' in part(out, "xl/worksheets/sheet1.xml")


def test_cli_applies_row_edits_in_the_order_given(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = decorated(tmp_path)
    code, out, err = invoke(["edit", str(src), "--set", "Data!A5=five", "--delete-rows", "Data!5:7",
                             "--set", "Data!A5=after", "--insert-rows", "Data!2"], capsys)
    assert (code, err) == (0, "")
    assert out.splitlines()[:4] == ['Data!A5: "r5" -> "five"', "Data!5:7: rows deleted",
                                    'Data!A5: "r8" -> "after"', "Data!2:2: rows inserted"]
    assert [row[0] for row in rows_of(src, "Data")][:6] == ["r1", "", "r2", "r3", "r4", "after"]


@pytest.mark.parametrize(("arg", "message"), [
    ("Data!7:5", 'govsheet: --delete-rows "Data!7:5": rows must run from a first to a last row, 1 to '
                 "1,048,576, first <= last"),
    ("Data!B5", 'govsheet: --delete-rows "Data!B5" is not a range of rows; write it like "Actions!5:7" (or '
                '"Actions!5" for one row)'),
])
def test_cli_refuses_a_bad_row_range(tmp_path: Path, capsys: pytest.CaptureFixture[str], arg: str,
                                     message: str) -> None:
    src = decorated(tmp_path)
    before = src.read_bytes()
    code, _out, err = invoke(["edit", str(src), "--delete-rows", arg], capsys)
    assert (code, err.strip()) == (2, message)
    assert src.read_bytes() == before


def test_cli_protected_sheet_rows_need_force(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "locked.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("S")
    ws.write_column("A1", [1, 2, 3])
    ws.protect()
    wb.close()
    code, _out, err = invoke(["edit", str(path), "--delete-rows", "S!1"], capsys)
    assert code == 2
    assert err.strip().endswith('sheet "S" is protected; unprotect it in Excel, or pass --force to delete rows 1:1 '
                                "anyway")
    code, _out, _err = invoke(["edit", str(path), "--delete-rows", "S!1", "--force"], capsys)
    assert code == 0
    assert rows_of(path, "S") == [[2.0], [3.0]]
