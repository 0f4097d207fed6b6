"""Sheet XML surgery on hand-written sheets: only the edited rows change, whatever shape the XML has."""

from __future__ import annotations

import pytest

from govsheet.xlsx.patch import (
    RowEdit,
    SheetXmlError,
    check_well_formed,
    extend_ranges,
    extend_sqref,
    grow_dimension,
    index_cells,
    index_sheet,
    patch_rows,
    set_attr,
)

HEAD = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:B3"/>'


def sheet(rows: bytes, tail: bytes = b"") -> bytes:
    return HEAD + b"<sheetData>" + rows + b"</sheetData>" + tail + b"</worksheet>"


ROWS = (b'<row r="1" spans="1:2"><c r="A1" s="1"><v>1</v></c><c r="B1"><v>2</v></c></row>'
        b'<row r="3"><c r="A3"><v>3</v></c></row>')


def edit(cells: dict[int, bytes | None], attrs: bytes = b"") -> RowEdit:
    return RowEdit(cells=cells, attrs=attrs)


def test_set_attr_replaces_adds_and_removes() -> None:
    assert set_attr(b'<c r="A1" s="1">', b"s", b"5") == b'<c r="A1" s="5">'
    assert set_attr(b'<c r="A1"/>', b"s", b"5") == b'<c r="A1" s="5"/>'
    assert set_attr(b'<c r="A1" s="1">', b"s", None) == b'<c r="A1">'
    assert set_attr(b'<c r="A1">', b"s", None) == b'<c r="A1">'


def test_an_edited_cell_is_the_only_change() -> None:
    data = sheet(ROWS)
    out = patch_rows(data, index_sheet(data), {1: edit({2: b'<c r="B1"><v>9</v></c>'})})
    assert out == data.replace(b'<c r="B1"><v>2</v></c>', b'<c r="B1"><v>9</v></c>')


def test_cells_and_rows_are_inserted_in_order() -> None:
    data = sheet(ROWS)
    out = patch_rows(data, index_sheet(data), {
        1: edit({3: b'<c r="C1"><v>4</v></c>'}),
        2: edit({1: b'<c r="A2"><v>5</v></c>'}, b' ht="30"'),
        3: edit({2: b'<c r="B3"><v>6</v></c>'}),
        5: edit({1: b'<c r="A5"><v>7</v></c>'}),
    })
    assert out == sheet(
        b'<row r="1" spans="1:2"><c r="A1" s="1"><v>1</v></c><c r="B1"><v>2</v></c><c r="C1"><v>4</v></c></row>'
        b'<row r="2" ht="30"><c r="A2"><v>5</v></c></row>'
        b'<row r="3"><c r="A3"><v>3</v></c><c r="B3"><v>6</v></c></row>'
        b'<row r="5"><c r="A5"><v>7</v></c></row>')


def test_removing_the_last_cell_of_a_plain_row_removes_the_row() -> None:
    data = sheet(ROWS)
    out = patch_rows(data, index_sheet(data), {3: edit({1: None}), 4: edit({1: None})})
    assert out == sheet(ROWS.split(b'<row r="3">')[0])
    styled = sheet(b'<row r="1" ht="30" customHeight="1"><c r="A1"><v>1</v></c></row>')
    assert patch_rows(styled, index_sheet(styled), {1: edit({1: None})}) == \
        sheet(b'<row r="1" ht="30" customHeight="1"></row>')


def test_a_self_closing_row_and_sheet_data_are_opened() -> None:
    data = sheet(b'<row r="1"/><row r="2" ht="20"/>')
    out = patch_rows(data, index_sheet(data), {2: edit({1: b'<c r="A2"><v>1</v></c>'})})
    assert out == sheet(b'<row r="1"/><row r="2" ht="20"><c r="A2"><v>1</v></c></row>')
    empty = HEAD + b"<sheetData/></worksheet>"
    out = patch_rows(empty, index_sheet(empty), {1: edit({1: b'<c r="A1"><v>1</v></c>'})})
    assert out == sheet(b'<row r="1"><c r="A1"><v>1</v></c></row>')
    assert patch_rows(empty, index_sheet(empty), {}) == empty


def test_rows_and_cells_without_r_are_numbered_when_their_places_could_shift() -> None:
    data = sheet(b"<row><c><v>1</v></c><c><v>2</v></c></row><row><c><v>3</v></c></row>")
    index = index_sheet(data)
    assert index.row(2) is not None
    assert [r.number for r in index.rows] == [1, 2]
    assert [c.col for c in index_cells(data, index.rows[0], b"")] == [1, 2]
    out = patch_rows(data, index_sheet(data), {1: edit({1: b'<c r="A1"><v>9</v></c>'})})
    assert out == sheet(b'<row r="1"><c r="A1"><v>9</v></c><c r="B1"><v>2</v></c></row><row><c><v>3</v></c></row>')
    out = patch_rows(data, index_sheet(data), {1: edit({1: None})})
    assert out == sheet(b'<row r="1"><c r="B1"><v>2</v></c></row><row><c><v>3</v></c></row>')


def test_a_prefixed_sheet_keeps_its_prefix() -> None:
    data = (b'<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>'
            b'<x:row r="2"><x:c r="A2"><x:v>1</x:v></x:c></x:row></x:sheetData></x:worksheet>')
    index = index_sheet(data)
    assert index.prefix == b"x:"
    out = patch_rows(data, index, {1: edit({1: b'<x:c r="A1"><x:v>0</x:v></x:c>'})})
    assert b'<x:sheetData><x:row r="1"><x:c r="A1"><x:v>0</x:v></x:c></x:row><x:row r="2">' in out


def test_row_lookup_finds_rows_without_scanning_and_falls_back_when_r_is_not_first() -> None:
    data = sheet(b'<row r="1"><c r="A1"><v>1</v></c></row><rowx/><row r="2"><c r="A2"><v>1</v></c></row>'
                 b'<row r="4"><c r="A4"><v>1</v></c></row>')
    index = index_sheet(data)
    last = index.last()
    assert last is not None
    assert last.number == 4
    found = index.row(2)
    assert found is not None
    assert found.number == 2
    assert index.row(3) is None
    assert index.row(9) is None
    assert not index.scanned or index.row(1) is not None
    before = index.before(last)
    assert before is not None
    assert before.number == 2
    shuffled = sheet(b'<row spans="1:1" r="1"><c r="A1"/></row><row spans="1:1" r="2"><c r="A2"/></row>'
                     b'<row r="3"><c r="A3"/></row>')
    index = index_sheet(shuffled)
    one = index.row(1)
    assert one is not None
    assert index.scanned, "r= not first: the rows were scanned"
    two = index.row(2)
    assert two is not None
    assert index.before(two) == one
    assert index.before(one) is None


def test_before_and_last_on_rows_without_r() -> None:
    data = sheet(b'<row r="1"><c r="A1"/></row><row><c r="A2"/></row>')
    index = index_sheet(data)
    last = index.last()
    assert last is not None
    assert last.number == 2
    assert index.scanned
    data = sheet(b'<row><c r="A1"/></row><row r="2"><c r="A2"/></row>')
    index = index_sheet(data)
    last = index.last()
    assert last is not None
    before = index.before(last)
    assert before is not None
    assert before.number == 1
    assert index_sheet(sheet(b"")).last() is None


@pytest.mark.parametrize(("data", "message"), [
    (b"<worksheet/>", "no <sheetData> element"),
    (HEAD + b"<sheetData><row r='1'>", "<sheetData> is not closed"),
    (sheet(b'<row r="1"><c r="A1"><v>1</v></row>'), "a cell of row 1 is not closed"),
])
def test_shapes_that_cannot_be_patched_are_refused(data: bytes, message: str) -> None:
    def cells_of_first_row() -> None:
        index = index_sheet(data)
        index_cells(data, index.rows[0], b"")

    with pytest.raises(SheetXmlError, match=message):
        cells_of_first_row()


def test_unclosed_rows_are_refused() -> None:
    with pytest.raises(SheetXmlError, match="row 1 is not closed"):
        _ = index_sheet(sheet(b'<row r="1"><c r="A1"/>')).rows
    with pytest.raises(SheetXmlError, match="row 1 is not closed"):
        index_sheet(sheet(b'<row r="1"><c r="A1"/>')).last()
    with pytest.raises(SheetXmlError, match="is not closed"):
        _ = index_sheet(sheet(b'<row r="1"><c r="A1"/><row r="2"></row>')).rows


def test_well_formedness_is_checked() -> None:
    check_well_formed(sheet(ROWS))
    with pytest.raises(SheetXmlError, match="XML that is not well-formed"):
        check_well_formed(b'<?xml version="1.0"?>foo' + sheet(ROWS))


def test_the_dimension_grows_but_never_shrinks() -> None:
    data = sheet(ROWS)
    assert grow_dimension(data, (2, 5), (1, 3)) == data.replace(b'ref="A1:B3"', b'ref="A1:C5"')
    assert grow_dimension(data, (1, 2), (1, 1)) == data
    assert grow_dimension(b"<worksheet><sheetData/></worksheet>", (1, 2), (1, 1)) == \
        b"<worksheet><sheetData/></worksheet>"
    odd = data.replace(b'ref="A1:B3"', b'ref="A:B"')
    assert grow_dimension(odd, (1, 9), (1, 1)) == odd


def test_appends_extend_filter_formats_and_validations_at_the_last_row() -> None:
    tail = (b'<autoFilter ref="A1:B3"/><conditionalFormatting sqref="A2:A3 B1"><cfRule/></conditionalFormatting>'
            b'<dataValidations count="1"><dataValidation sqref="B2:B3"/></dataValidations>'
            b"<extLst><x14:dataValidation><xm:sqref>A2:A3</xm:sqref></x14:dataValidation></extLst>")
    out = extend_ranges(sheet(ROWS, tail), 3, 5)
    assert out == sheet(ROWS, tail.replace(b"A1:B3", b"A1:B5").replace(b"A2:A3 B1", b"A2:A5 B1")
                        .replace(b"B2:B3", b"B2:B5").replace(b">A2:A3<", b">A2:A5<"))


def test_a_row_inserted_before_rows_without_r_numbers_them() -> None:
    data = sheet(b'<row r="1"><c r="A1"/></row><row r="3"><c r="A3"/></row><row><c r="A4"/></row>')
    out = patch_rows(data, index_sheet(data), {2: edit({1: b'<c r="A2"><v>2</v></c>'})})
    assert out == sheet(b'<row r="1"><c r="A1"/></row><row r="2"><c r="A2"><v>2</v></c></row><row r="3"><c r="A3"/>'
                        b'</row><row r="4"><c r="A4"/></row>')
    explicit = sheet(ROWS)
    out = patch_rows(explicit, index_sheet(explicit), {2: edit({1: b'<c r="A2"><v>2</v></c>'}), 3: edit({1: None})})
    assert out == sheet(ROWS.split(b'<row r="3">')[0] + b'<row r="2"><c r="A2"><v>2</v></c></row>')


def test_lookups_step_over_odd_tags_and_scanned_sheets_answer_the_same() -> None:
    data = sheet(b'<row r="1"><c r="A1"/></row><rowx/><row r="2"/><row r="3"><c r="B3"/></row>')
    index = index_sheet(data)
    two = index.row(2)
    assert two is not None
    assert two.self_closing
    one = index.before(two)
    assert one is not None
    assert one.number == 1
    assert index.before(one) is None
    assert [r.number for r in index.rows] == [1, 2, 3]
    last = index.last()
    assert last is not None
    assert last.number == 3
    out = patch_rows(data, index_sheet(data), {3: edit({1: None})})
    assert out == data, "clearing a cell that is not there changes nothing"


def test_rows_out_of_order_are_patched_by_a_full_scan() -> None:
    data = sheet(b'<row r="3"><c r="A3"/></row><row r="1"><c r="A1"/></row><row r="4"><c r="A4"/></row>')
    out = patch_rows(data, index_sheet(data), {1: edit({2: b'<c r="B1"/>'}), 3: edit({2: b'<c r="B3"/>'})})
    assert out == sheet(b'<row r="3"><c r="A3"/><c r="B3"/></row><row r="1"><c r="A1"/><c r="B1"/></row>'
                        b'<row r="4"><c r="A4"/></row>')


def test_an_autofilter_over_a_header_alone_grows_with_the_first_rows() -> None:
    tail = b'<autoFilter ref="A1:C1"/><conditionalFormatting sqref="A1:C1"><cfRule/></conditionalFormatting>'
    data = sheet(b'<row r="1"><c r="A1"/></row>', tail)
    assert extend_ranges(data, 1, 3) == sheet(b'<row r="1"><c r="A1"/></row>',
                                              tail.replace(b'<autoFilter ref="A1:C1"/>', b'<autoFilter ref="A1:C3"/>'))


def test_sqref_ranges_ending_at_the_old_last_row_grow() -> None:
    assert extend_sqref("D2:D10 F2:F9 A1:H1", 10, 12) == "D2:D12 F2:F9 A1:H1"
    assert extend_sqref("B10", 10, 15) == "B10:B15"
    assert extend_sqref("A1", 1, 5) == "A1", "a header-only range is not a column of data"
