"""Moving whole rows as Excel's cut and "Insert Cut Cells": everything on a row goes with it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import xlsxwriter

from govsheet.errors import UsageError
from govsheet.xlsx import Book
from tests.cli.helpers import invoke
from tests.xlsx.test_rows import decorated, part, parts, rows_of, shared_formulas


def moved(src: Path, tmp_path: Path, first: int, last: int, to: int, sheet: str = "Data") -> Path:
    out = tmp_path / f"moved-{first}-{last}-{to}.xlsx"
    with Book.open(src) as book:
        book.sheet(sheet).move_rows(first, last, to)
        book.save(out)
    return out


def test_a_row_moved_up_takes_everything_on_it(tmp_path: Path) -> None:
    out = moved(decorated(tmp_path), tmp_path, 9, 9, 3)
    assert [row[0] for row in rows_of(out, "Data")] == ["r1", "r2", "r9", "r3", "r4", "r5", "r6", "r7", "r8",
                                                       "r10", "r11", "r12"]
    sheet = part(out, "xl/worksheets/sheet1.xml")
    numbers = [int(n) for n in re.findall(r'<row r="([0-9]+)"', sheet)]
    assert numbers == sorted(numbers)  # rows stay in ascending order, as Excel requires
    assert re.search(r'<row r="3" [^>]*ht="33"', sheet)
    assert "<f>B3*2</f><v>180</v>" in sheet  # old row 9's formula follows its own row
    assert "<f>B4*2</f><v>60</v>" in sheet  # old row 3's, one row down
    assert "<f>SUM(B1:B12)</f>" in sheet  # a total over the whole table keeps every row
    assert '<f>B3&amp;"B9"</f>' in sheet
    assert '<mergeCells count="2"><mergeCell ref="E6:F9"/><mergeCell ref="E10:F10"/></mergeCells>' in sheet
    assert '<conditionalFormatting sqref="B2:B12">' in sheet
    assert "<formula>$B$3</formula>" in sheet
    assert '<conditionalFormatting sqref="B7">' in sheet
    assert 'sqref="A3:A11"' in sheet
    assert re.search(r'<hyperlink ref="G7" r:id="rId1"/><hyperlink ref="G3" r:id="rId2"/>', sheet)
    assert '<autoFilter ref="A1:C12"/>' in sheet
    comments = part(out, "xl/comments1.xml")
    assert re.findall(r'<comment ref="(A[0-9]+)"', comments) == ["A7", "A3"]
    assert re.findall(r"<x:Row>([0-9]+)</x:Row>", part(out, "xl/drawings/vmlDrawing1.vml")) == ["6", "2"]
    drawing = part(out, "xl/drawings/drawing1.xml")
    assert re.findall(r"<xdr:row>([0-9]+)</xdr:row>", drawing) == ["2", "2"]  # both corners go with the row
    other = part(out, "xl/worksheets/sheet2.xml")
    assert "<f>Data!B3+SUM(Data!B6:B12)</f>" in other  # row 9 left the summed range; rows 5..8 went down
    assert "<f>SUM('Data'!$7:$7)</f>" in other
    workbook = part(out, "xl/workbook.xml")
    assert '<definedName name="Pick">Data!$B$3</definedName>' in workbook
    assert '<definedName name="Block">Data!$B$6:$B$8</definedName>' in workbook
    assert 'localSheetId="0">Data!$A$10</definedName>' in workbook


def test_rows_moved_down_land_above_the_row_named(tmp_path: Path) -> None:
    out = moved(decorated(tmp_path), tmp_path, 2, 3, 12)
    assert [row[0] for row in rows_of(out, "Data")] == ["r1", "r4", "r5", "r6", "r7", "r8", "r9", "r10", "r11",
                                                       "r2", "r3", "r12"]
    sheet = part(out, "xl/worksheets/sheet1.xml")
    assert '<mergeCell ref="E3:F6"/><mergeCell ref="E8:F8"/>' in sheet
    assert "<f>B10*2</f><v>40</v>" in sheet
    assert '<f>B7&amp;"B9"</f>' in sheet
    assert 'sqref="A2:A9"' not in sheet  # the validation went with its cells: A3 moved to A11
    assert 'sqref="A2:A9 A11"' in sheet


def test_a_move_onto_itself_changes_nothing(tmp_path: Path) -> None:
    src = decorated(tmp_path)
    before = parts(src)
    for to in (5, 6, 8):
        out = moved(src, tmp_path, 5, 7, to)
        assert parts(out) == before


def test_moving_away_and_back_gives_back_the_same_parts(tmp_path: Path) -> None:
    src = decorated(tmp_path)
    there = moved(src, tmp_path, 10, 11, 2)
    back = moved(there, tmp_path, 2, 3, 12)
    before, after = parts(src), parts(back)
    assert sorted(n for n in before if before[n] != after[n]) == []


def test_shared_formulas_are_expanded_before_a_move(tmp_path: Path) -> None:
    out = moved(shared_formulas(tmp_path), tmp_path, 7, 8, 1, sheet="S")
    with Book.open(out) as book:
        formulas = [book.sheet("S").cell(f"B{r}").formula for r in range(1, 9)]
    assert formulas == ["A1*10+$A$2", "A2*10+$A$2", "A3*10+$A$2", "A4*10+$A$2", "A5*10+$A$2", "A6*10+$A$2",
                        "A7*10+$A$2", "A8*10+$A$2"]


@pytest.mark.parametrize(("sheet", "first", "last", "to", "message"), [
    ("Data", 6, 6, 2, 'sheet "Data": moving rows 6:6 before row 2 would cut merged cells E5:F8; move whole merged '
                      "or linked rows, or unmerge them in Excel first"),
    ("Data", 1, 1, 7, 'sheet "Data": moving rows 1:1 before row 7 would cut merged cells E5:F8; move whole merged '
                      "or linked rows, or unmerge them in Excel first"),
    ("Tab", 4, 4, 1, 'sheet "Tab": moving rows 4:4 before row 1 would move rows into, out of or above the header of '
                     "the table Table1 (A1:B7); move rows within its data, or convert it to a range in Excel first"),
])
def test_a_move_that_would_cut_something_is_refused(tmp_path: Path, sheet: str, first: int, last: int, to: int,
                                                   message: str) -> None:
    with Book.open(decorated(tmp_path)) as book:
        with pytest.raises(UsageError) as err:
            book.sheet(sheet).move_rows(first, last, to)
        assert str(err.value).endswith(message)
        assert book.package.changed == []


def test_a_move_that_would_split_a_rule_reading_its_rows_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "rule.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("S")
    ws.write_column("A1", [1, 2, 3, 4, 5, 6])
    ws.conditional_format("B2:B5", {"type": "formula", "criteria": "=$A2>2"})
    ws.conditional_format("C2:C5", {"type": "formula", "criteria": "=$A$2>2"})
    wb.close()
    with Book.open(path) as book:
        with pytest.raises(UsageError) as err:
            book.sheet("S").move_rows(1, 2, 7)
        assert str(err.value).endswith('sheet "S": moving rows 1:2 before row 7 would split the conditional format '
                                       "on B2:B5, whose formula counts rows from its first cell; move rows within it "
                                       "or outside it")
        book.sheet("S").move_rows(2, 2, 6)  # within the range: each cell keeps its own rule, read from B2
        book.save(tmp_path / "moved.xlsx")
    sheet = part(tmp_path / "moved.xlsx", "xl/worksheets/sheet1.xml")
    assert re.findall(r'sqref="([^"]+)"', sheet) == ["B2:B5", "C2:C5"]
    assert re.findall(r"<formula>([^<]+)</formula>", sheet) == ["$A2&gt;2", "$A$5&gt;2"]  # old A2 is now A5
    with Book.open(path) as book:
        book.sheet("S").move_rows(1, 6, 9)  # the whole rule goes with the rows: so does the row it reads
        book.save(tmp_path / "whole.xlsx")
    sheet = part(tmp_path / "whole.xlsx", "xl/worksheets/sheet1.xml")
    assert re.findall(r'sqref="([^"]+)"', sheet) == ["B4:B7", "C4:C7"]
    assert re.findall(r"<formula>([^<]+)</formula>", sheet) == ["$A4&gt;2", "$A$4&gt;2"]


def test_rows_moved_within_a_table_stay_in_it(tmp_path: Path) -> None:
    out = moved(decorated(tmp_path), tmp_path, 6, 7, 2, sheet="Tab")
    assert rows_of(out, "Tab")[1:] == [[6.0, 12.0], [7.0, 14.0], [2.0, 4.0], [3.0, 6.0], [4.0, 8.0], [5.0, 10.0]]
    assert 'ref="A1:B7"' in part(out, "xl/tables/table1.xml")


def test_cli_moves_rows_in_order_with_other_edits(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = decorated(tmp_path)
    code, out, err = invoke(["edit", str(src), "--move-rows", "Data!11:12>1", "--set", "Data!A1=top",
                             "--delete-rows", "Data!3"], capsys)
    assert (code, err) == (0, "")
    assert out.splitlines()[:3] == ["Data!11:12: rows moved before row 1", 'Data!A1: "r11" -> "top"',
                                    "Data!3:3: rows deleted"]
    assert [row[0] for row in rows_of(src, "Data")][:4] == ["top", "r12", "r2", "r3"]


@pytest.mark.parametrize(("arg", "message"), [
    ("Data!5:7", 'govsheet: --move-rows "Data!5:7" does not say where the rows go; write it like '
                 '"Actions!5:7>12" (rows 5 to 7 go before row 12)'),
    ("Data!5:7>0", 'govsheet: --move-rows "Data!5:7>0": the row to move before must be 1 to 1,048,576'),
])
def test_cli_refuses_a_move_without_a_place(tmp_path: Path, capsys: pytest.CaptureFixture[str], arg: str,
                                            message: str) -> None:
    src = decorated(tmp_path)
    before = src.read_bytes()
    code, _out, err = invoke(["edit", str(src), "--move-rows", arg], capsys)
    assert (code, err.strip()) == (2, message)
    assert src.read_bytes() == before
