"""How much of a sheet the engine checks well-formed before it edits: the outline and every row it touches.

A sheet without comments, CDATA or processing instructions has each row checked when it is
first looked up (a few edits of a 50,000-row sheet do not parse every row); a sheet with any of
them, and every row operation, checks the whole sheet.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from govsheet.errors import WorkbookError
from govsheet.xlsx import Book
from tests.xlsx.handmade import sheet_xml, workbook

GOOD = '<row r="1"><c r="A1" t="inlineStr"><is><t>one</t></is></c></row>'
BROKEN = '<row r="2"><c r="A2" t="inlineStr"><is><t>two</is></c></row>'  # <t> never closed
LAST = '<row r="3"><c r="A3"><v>3</v></c></row>'
DAMAGED = r'is damaged: sheet "S" \(xl/worksheets/sheet1.xml\) has XML that is not well-formed'


def _book(tmp_path: Path, rows: str, **parts: str) -> Book:
    return Book.open(workbook(tmp_path, {"S": sheet_xml(rows, **parts)}))


def _sheet_bytes(path: Path) -> bytes:
    return zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml")


def test_an_edit_away_from_a_broken_row_keeps_that_row_as_it_came(tmp_path: Path) -> None:
    book = _book(tmp_path, GOOD + BROKEN + LAST)
    book.sheet("S").set("A1", "changed")
    out = tmp_path / "out.xlsx"
    book.save(out)
    data = _sheet_bytes(out)
    assert BROKEN.encode() in data  # copied byte for byte, not parsed, not "repaired"
    assert b"<t>changed</t>" in data


def test_an_edit_of_a_broken_row_is_refused(tmp_path: Path) -> None:
    book = _book(tmp_path, GOOD + BROKEN + LAST)
    with pytest.raises(WorkbookError, match=DAMAGED):
        book.sheet("S").set("B2", "x")


def test_reading_a_broken_row_is_refused(tmp_path: Path) -> None:
    book = _book(tmp_path, GOOD + BROKEN + LAST)
    with pytest.raises(WorkbookError, match=DAMAGED):
        book.sheet("S").cell("A2")


def test_a_broken_outline_is_refused_before_any_row(tmp_path: Path) -> None:
    book = _book(tmp_path, GOOD + LAST, head="<sheetViews><sheetView workbookViewId='0'></sheetViews>")
    with pytest.raises(WorkbookError, match=DAMAGED):
        book.sheet("S").set("A1", "x")


def test_a_sheet_with_a_comment_is_checked_whole(tmp_path: Path) -> None:
    # a comment could hide a "<row" from the byte scans, so nothing short of the whole sheet will do
    book = _book(tmp_path, GOOD + BROKEN + LAST, head="<!-- a note -->")
    with pytest.raises(WorkbookError, match=DAMAGED):
        book.sheet("S").set("A1", "x")


def test_a_comment_outside_the_rows_is_kept_and_the_sheet_edited(tmp_path: Path) -> None:
    book = _book(tmp_path, GOOD + LAST, head="<!-- a note -->", tail="<?app keep?>")
    book.sheet("S").set("A3", 4)
    out = book.save(tmp_path / "out.xlsx")
    data = _sheet_bytes(out)
    assert b"<!-- a note --><sheetData>" in data
    assert b"</sheetData><?app keep?>" in data
    assert Book.open(out).sheet("S").cell("A3").value == 4


@pytest.mark.parametrize("hidden", [
    '<!-- <row r="3"><c r="A3"><v>99</v></c></row> -->',  # a row inside a comment, before the real one
    '<?app <row r="3"><c r="A3"><v>99</v></c></row> ?>',
])
def test_a_comment_among_the_rows_is_refused_not_edited_into(tmp_path: Path, hidden: str) -> None:
    path = workbook(tmp_path, {"S": sheet_xml(GOOD + hidden + LAST)})
    before = path.read_bytes()
    for use in (lambda s: s.cell("A3"), lambda s: s.set("A3", 4), lambda s: s.insert_rows(2)):
        with pytest.raises(WorkbookError) as err:
            use(Book.open(path).sheet("S"))
        assert str(err.value) == (f'{path}: is damaged: sheet "S" (xl/worksheets/sheet1.xml) has an XML comment, '
                                  "CDATA section or processing instruction among its rows, which govsheet does not "
                                  "edit around; open it in Excel and save it again")
    assert path.read_bytes() == before


def test_a_cdata_section_inside_a_cell_is_refused(tmp_path: Path) -> None:
    rows = '<row r="1"><c r="A1" t="inlineStr"><is><t><![CDATA[a<b]]></t></is></c></row>' + LAST
    with pytest.raises(WorkbookError, match="CDATA section or processing instruction among its rows"):
        _book(tmp_path, rows).sheet("S").set("A3", 4)


def test_a_row_operation_checks_the_whole_sheet(tmp_path: Path) -> None:
    book = _book(tmp_path, GOOD + BROKEN + LAST)
    sheet = book.sheet("S")
    sheet.set("A3", 4)  # row 3 alone is well-formed
    with pytest.raises(WorkbookError, match=DAMAGED):
        sheet.delete_rows(1)


def test_the_last_row_is_checked_when_rows_are_appended(tmp_path: Path) -> None:
    broken_last = '<row r="3"><c r="A3"><v>3</c></row>'
    book = _book(tmp_path, GOOD + broken_last)
    with pytest.raises(WorkbookError, match=DAMAGED):
        book.sheet("S").append_rows([["appended"]])


def test_a_row_never_closed_is_named_by_the_whole_sheets_check(tmp_path: Path) -> None:
    book = _book(tmp_path, GOOD + '<row r="2"><c r="A2"><v>2</v></c>')
    with pytest.raises(WorkbookError, match=DAMAGED):
        book.sheet("S").set("A2", 5)
