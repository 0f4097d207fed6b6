"""The row engine on hand-written parts: each odd shape of XML a row operation meets, with the exact XML it leaves."""

from __future__ import annotations

from pathlib import Path

import pytest

from govsheet.errors import UsageError
from govsheet.xlsx import Book
from govsheet.xlsx.limits import MAX_ROWS
from govsheet.xlsx.rowmap import RowMap, hull, shift_ref, shift_sqref
from tests.xlsx.handmade import head_part, read, rels, rows_part, sheet_xml, tail_part, workbook

SHEET = "xl/worksheets/sheet1.xml"
SHEET_RELS = "xl/worksheets/_rels/sheet1.xml.rels"
X14 = "http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"
XM = "http://schemas.microsoft.com/office/excel/2006/main"
XDR = "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"


def values(*rows: int) -> str:
    """Rows holding their own number in column A."""
    return "".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>' for r in rows)


# ---------------------------------------------------------------------- the sheet's rows
def test_a_row_without_its_number_takes_the_cell_by_cell_path(tmp_path: Path) -> None:
    """A row with no r= (allowed: it follows the row before) is numbered as it moves; each kind of formula is kept."""
    rows = ('<row r="1" ht="20" customHeight="1"/>'
            '<row><c r="A2"><f>A1+1</f><v>2</v></c></row>'
            '<row r="3"><c r="A3"><v>3</v></c></row>'
            '<row r="4"><c r="B4"><f t="array" ref="B4">A3*2</f><v>6</v></c><c r="C4"><f ca="1"/><v>0</v></c>'
            '<c r="D4"><f>A1&amp;"A3"</f><v>1A3</v></c></row>')
    with Book.open(workbook(tmp_path, {"S": sheet_xml(rows)})) as book:
        book.sheet("S").delete_rows(2)
        assert rows_part(read(book, SHEET)) == (
            '<row r="1" ht="20" customHeight="1"/>'
            '<row r="2"><c r="A2"><v>3</v></c></row>'
            '<row r="3"><c r="B3"><f t="array" ref="B3">A2*2</f><v>6</v></c><c r="C3"><f ca="1"/><v>0</v></c>'
            '<c r="D3"><f>A1&amp;"A3"</f><v>1A3</v></c></row>')
        assert book.needs_recalc


def test_a_plain_formula_beside_shared_ones_is_shifted_as_it_stands(tmp_path: Path) -> None:
    rows = ('<row r="1"><c r="A1"><f t="shared" ref="A1:A2" si="0">B1</f><v>0</v></c></row>'
            '<row r="2"><c r="A2"><f t="shared" si="0"/><v>0</v></c></row>'
            '<row r="3"><c r="A3"><f>B1</f><v>0</v></c></row>')
    with Book.open(workbook(tmp_path, {"S": sheet_xml(rows)})) as book:
        book.sheet("S").insert_rows(1)
        assert rows_part(read(book, SHEET)) == (
            '<row r="2"><c r="A2"><f>B2</f><v>0</v></c></row>'
            '<row r="3"><c r="A3"><f>B3</f><v>0</v></c></row>'
            '<row r="4"><c r="A4"><f>B2</f><v>0</v></c></row>')


def test_the_same_range_in_many_plain_formulas_is_shifted_once_for_all(tmp_path: Path) -> None:
    rows = ('<row r="1"><c r="B1"><f>SUM(A3:A9)</f></c><c r="C1"><f/><v>1</v></c></row>'
            '<row r="2"><c r="B2"><f>SUM(A3:A9)</f></c></row>' + values(5, 9))
    with Book.open(workbook(tmp_path, {"S": sheet_xml(rows)})) as book:
        book.sheet("S").delete_rows(5)
        assert rows_part(read(book, SHEET)) == (
            '<row r="1"><c r="B1"><f>SUM(A3:A8)</f></c><c r="C1"><f/><v>1</v></c></row>'
            '<row r="2"><c r="B2"><f>SUM(A3:A8)</f></c></row><row r="8"><c r="A8"><v>9</v></c></row>')


# ---------------------------------------------------------------------- the rest of the sheet
BARE = '<x14:dataValidation type="list"><x14:formula1><xm:f>$A$1:$A$3</xm:f></x14:formula1></x14:dataValidation>'


def test_x14_rules_follow_their_rows_and_go_with_them(tmp_path: Path) -> None:
    """Rules in extLst name their cells in <xm:sqref>; a self-closing validation keeps its form."""
    def rule(sqref: str, formula: str) -> str:
        return (f'<x14:conditionalFormatting xmlns:xm="{XM}"><x14:cfRule type="expression" priority="1" id="x">'
                f"<xm:f>{formula}</xm:f></x14:cfRule><xm:sqref>{sqref}</xm:sqref></x14:conditionalFormatting>")

    tail = ('<dataValidations count="1"><dataValidation type="whole" sqref="A5:A9"/></dataValidations>'
            f'<extLst><ext uri="{{78C0D931-6437-407d-A8EE-F0AAD7539E65}}" xmlns:x14="{X14}">'
            f'<x14:conditionalFormattings>{rule("A5:A9", "A10&gt;1")}{rule("A5:A6", "$A$1")}'
            f"</x14:conditionalFormattings>{BARE}</ext></extLst>")
    with Book.open(workbook(tmp_path, {"S": sheet_xml(values(1, 10), tail=tail)})) as book:
        book.sheet("S").delete_rows(5, 6)
        assert tail_part(read(book, SHEET)) == (
            '<dataValidations count="1"><dataValidation type="whole" sqref="A5:A7"/></dataValidations>'
            f'<extLst><ext uri="{{78C0D931-6437-407d-A8EE-F0AAD7539E65}}" xmlns:x14="{X14}">'
            f'<x14:conditionalFormattings>{rule("A5:A7", "A8&gt;1")}'
            f"</x14:conditionalFormattings>{BARE}</ext></extLst>")


def test_page_breaks_merges_and_ignored_errors_follow_their_rows(tmp_path: Path) -> None:
    tail = ('<mergeCells count="2"><mergeCell ref="A4:A5"/><mergeCell ref="B2:C3"/></mergeCells>'
            '<ignoredErrors><ignoredError numberStoredAsText="1"/></ignoredErrors>'
            '<rowBreaks count="3" manualBreakCount="3"><brk id="5" max="16383" man="1"/><brk id="x" man="1"/>'
            '<brk id="10" max="16383" man="1"/></rowBreaks>')
    with Book.open(workbook(tmp_path, {"S": sheet_xml(values(1, 10), tail=tail)})) as book:
        book.sheet("S").delete_rows(5)
        assert tail_part(read(book, SHEET)) == (
            '<mergeCells count="1"><mergeCell ref="B2:C3"/></mergeCells>'
            '<ignoredErrors><ignoredError numberStoredAsText="1"/></ignoredErrors>'
            '<rowBreaks count="2" manualBreakCount="2"><brk id="x" man="1"/>'
            '<brk id="9" max="16383" man="1"/></rowBreaks>')


def test_merged_cells_all_on_deleted_rows_take_their_list_with_them(tmp_path: Path) -> None:
    tail = '<mergeCells count="1"><mergeCell ref="A5:B5"/></mergeCells><pageMargins left="0.7"/>'
    with Book.open(workbook(tmp_path, {"S": sheet_xml(values(1, 10), tail=tail)})) as book:
        book.sheet("S").delete_rows(5)
        assert tail_part(read(book, SHEET)) == '<pageMargins left="0.7"/>'


def test_the_frozen_pane_and_selection_land_on_the_first_row_left(tmp_path: Path) -> None:
    head = ('<sheetViews><sheetView workbookViewId="0">'
            '<pane ySplit="4" topLeftCell="A5" activePane="bottomLeft" state="frozen"/>'
            '<selection pane="bottomLeft" activeCell="A6" sqref="A6:B7"/></sheetView>'
            '<sheetView workbookViewId="1"><pane xSplit="1"/><selection activeCell="$B$2" sqref="B9"/></sheetView>'
            '<sheetView workbookViewId="2"><pane ySplit="8" topLeftCell="A9" state="frozen"/>'
            '<selection activeCell="A9"/></sheetView></sheetViews>')
    with Book.open(workbook(tmp_path, {"S": sheet_xml(values(1, 10), head=head)})) as book:
        book.sheet("S").delete_rows(5, 7)
        assert head_part(read(book, SHEET)) == (
            '<sheetViews><sheetView workbookViewId="0">'
            '<pane ySplit="4" topLeftCell="A5" activePane="bottomLeft" state="frozen"/>'
            '<selection pane="bottomLeft" activeCell="A5" sqref="A5"/></sheetView>'
            '<sheetView workbookViewId="1"><pane xSplit="1"/><selection activeCell="$B$2" sqref="B6"/></sheetView>'
            '<sheetView workbookViewId="2"><pane ySplit="8" topLeftCell="A6" state="frozen"/>'
            '<selection activeCell="A6"/></sheetView></sheetViews>')


def test_a_selection_below_every_row_left_goes_to_the_first_row(tmp_path: Path) -> None:
    head = '<sheetViews><sheetView workbookViewId="0"><selection activeCell="A8" sqref="A8"/></sheetView></sheetViews>'
    with Book.open(workbook(tmp_path, {"S": sheet_xml(values(1, 8), head=head)})) as book:
        book.sheet("S").delete_rows(5, MAX_ROWS)
        assert head_part(read(book, SHEET)) == (
            '<sheetViews><sheetView workbookViewId="0"><selection activeCell="A1" sqref="A1"/></sheetView>'
            "</sheetViews>")
        assert rows_part(read(book, SHEET)) == values(1)


def test_a_moved_rule_keeps_its_references_to_other_sheets(tmp_path: Path) -> None:
    tail = ('<conditionalFormatting sqref="A2:A3"><cfRule type="expression" priority="1">'
            "<formula>Other!$A$1&gt;A2</formula></cfRule></conditionalFormatting>")
    sheets = {"S": sheet_xml(values(*range(1, 9)), tail=tail), "Other": sheet_xml("")}
    with Book.open(workbook(tmp_path, sheets)) as book:
        book.sheet("S").move_rows(2, 3, 7)
        assert tail_part(read(book, SHEET)) == (
            '<conditionalFormatting sqref="A5:A6"><cfRule type="expression" priority="1">'
            "<formula>Other!$A$1&gt;A5</formula></cfRule></conditionalFormatting>")


# ---------------------------------------------------------------------- what is refused
def pivot_parts(location: str) -> dict[str, str]:
    return {SHEET_RELS: rels(("pivotTable", "../pivotTables/pivotTable1.xml")),
            "xl/pivotTables/pivotTable1.xml": f'<pivotTableDefinition xmlns="{MAIN_NS}"><location {location}/>'
                                              "</pivotTableDefinition>"}


MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def test_rows_in_or_above_a_pivot_table_are_refused(tmp_path: Path) -> None:
    parts = pivot_parts('ref="A3:C10" firstHeaderRow="1" firstDataRow="1" firstDataCol="1"')
    with Book.open(workbook(tmp_path, {"S": sheet_xml(values(1, 11))}, parts=parts)) as book:
        with pytest.raises(UsageError) as info:
            book.sheet("S").delete_rows(2)
        assert str(info.value) == (f'{book.path}: sheet "S": a pivot table at A3:C10 sits in or below the rows that '
                                   "move; move or delete it in Excel first")
        book.sheet("S").insert_rows(11)
        assert rows_part(read(book, SHEET)) == values(1) + '<row r="12"><c r="A12"><v>11</v></c></row>'


def cache(source: str) -> str:
    return (f'<pivotCacheDefinition xmlns="{MAIN_NS}"><cacheSource type="worksheet">{source}</cacheSource>'
            "</pivotCacheDefinition>")


@pytest.mark.parametrize(("ref", "refused"), [("A1:B20", True), ("A1:B3", False), ("Sales", True)])
def test_rows_a_pivot_cache_reads_are_refused(tmp_path: Path, ref: str, refused: bool) -> None:
    """A cache on this sheet over the rows that move refuses them; so does one whose source is not a range."""
    parts = {"xl/pivotCache/pivotCacheDefinition1.xml": cache(f'<worksheetSource ref="{ref}" sheet="s"/>'),
             "xl/pivotCache/pivotCacheDefinition2.xml": cache('<worksheetSource ref="A1:B20" sheet="Other"/>'),
             "xl/pivotCache/pivotCacheDefinition3.xml": cache('<consolidation autoPage="0"/>'),
             "xl/pivotCache/pivotCacheRecords1.xml": "<pivotCacheRecords/>"}
    with Book.open(workbook(tmp_path, {"S": sheet_xml(values(1, 5))}, parts=parts)) as book:
        if refused:
            with pytest.raises(UsageError) as info:
                book.sheet("S").delete_rows(4)
            assert str(info.value) == (f'{book.path}: sheet "S": a pivot table draws on {ref}, which the rows moved '
                                       "would change; change its source in Excel first")
        else:
            book.sheet("S").delete_rows(4)
            assert rows_part(read(book, SHEET)) == values(1) + '<row r="4"><c r="A4"><v>5</v></c></row>'


def test_rows_pushed_past_the_last_row_are_refused(tmp_path: Path) -> None:
    with Book.open(workbook(tmp_path, {"S": sheet_xml(values(1, MAX_ROWS - 1))})) as book:
        with pytest.raises(UsageError) as info:
            book.sheet("S").insert_rows(3, 4)
        assert str(info.value) == (f'{book.path}: sheet "S": inserting 2 rows would push cells past row 1,048,576; '
                                   "delete rows at the bottom first")
        book.sheet("S").insert_rows(3)
        assert rows_part(read(book, SHEET)) == values(1) + '<row r="1048576"><c r="A1048576"><v>1048575</v></c></row>'


def test_rows_inserted_inside_an_array_formula_are_refused(tmp_path: Path) -> None:
    rows = '<row r="2"><c r="B2"><f t="array" ref="B2:B4">A2:A4*2</f><v>0</v></c></row>'
    with Book.open(workbook(tmp_path, {"S": sheet_xml(rows)})) as book:
        with pytest.raises(UsageError) as info:
            book.sheet("S").insert_rows(3)
        assert str(info.value) == (f'{book.path}: sheet "S": the array formula over B2:B4 would be cut; rows cannot '
                                   "be deleted or inserted inside it")
        book.sheet("S").insert_rows(2)
        assert rows_part(read(book, SHEET)) == (
            '<row r="3"><c r="B3"><f t="array" ref="B3:B5">A3:A5*2</f><v>0</v></c></row>')


def test_a_table_part_without_a_range_is_left_as_it_is(tmp_path: Path) -> None:
    table = f'<table xmlns="{MAIN_NS}" id="1" name="T" displayName="T"><tableColumns count="0"/></table>'
    parts = {SHEET_RELS: rels(("table", "../tables/table1.xml")), "xl/tables/table1.xml": table}
    with Book.open(workbook(tmp_path, {"S": sheet_xml(values(1, 2, 3, 4))}, parts=parts)) as book:
        book.sheet("S").move_rows(1, 1, 4)
        book.sheet("S").delete_rows(1)
        assert rows_part(read(book, SHEET)) == ('<row r="1"><c r="A1"><v>3</v></c></row>'
                                                '<row r="2"><c r="A2"><v>1</v></c></row>'
                                                '<row r="3"><c r="A3"><v>4</v></c></row>')
        assert read(book, "xl/tables/table1.xml") == table


# ---------------------------------------------------------------------- comments, drawings, charts
VML_NS = 'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:x="urn:schemas-microsoft-com:office:excel"'


def test_comment_shapes_move_with_their_rows_whatever_their_anchor_holds(tmp_path: Path) -> None:
    vml = (f"<xml {VML_NS}>"
           '<v:shape id="a"><x:ClientData ObjectType="Note"><x:Anchor>1, 15, x, 10, 3, 15, 7, 4</x:Anchor>'
           "<x:Row>4</x:Row><x:Column>0</x:Column></x:ClientData></v:shape>"
           '<v:shape id="b"><x:ClientData ObjectType="Note"><x:Anchor>1, 2, 3</x:Anchor><x:Row>6</x:Row>'
           "</x:ClientData></v:shape>"
           '<v:shape id="c"><v:textbox/></v:shape></xml>')
    parts = {SHEET_RELS: rels(("vmlDrawing", "../drawings/vmlDrawing1.vml"),
                              ("printerSettings", "../printerSettings/printerSettings1.bin")),
             "xl/drawings/vmlDrawing1.vml": vml, "xl/printerSettings/printerSettings1.bin": "settings"}
    with Book.open(workbook(tmp_path, {"S": sheet_xml(values(1, 5, 7))}, parts=parts)) as book:
        book.sheet("S").delete_rows(2)
        assert read(book, "xl/drawings/vmlDrawing1.vml") == (
            f"<xml {VML_NS}>"
            '<v:shape id="a"><x:ClientData ObjectType="Note"><x:Anchor>1, 15, x, 10, 3, 15, 6, 4</x:Anchor>'
            "<x:Row>3</x:Row><x:Column>0</x:Column></x:ClientData></v:shape>"
            '<v:shape id="b"><x:ClientData ObjectType="Note"><x:Anchor>1, 2, 3</x:Anchor><x:Row>5</x:Row>'
            "</x:ClientData></v:shape>"
            '<v:shape id="c"><v:textbox/></v:shape></xml>')
        assert book.package.read("xl/printerSettings/printerSettings1.bin") == b"settings"


def test_comments_above_the_rows_deleted_are_not_rewritten(tmp_path: Path) -> None:
    comments = (f'<comments xmlns="{MAIN_NS}"><authors><author>a</author></authors><commentList>'
                '<comment ref="A1" authorId="0"><text><t>on 1</t></text></comment></commentList></comments>')
    vml = f'<xml {VML_NS}><v:shape id="a"><x:ClientData ObjectType="Note"><x:Row>0</x:Row></x:ClientData></v:shape></xml>'
    parts = {SHEET_RELS: rels(("comments", "../comments1.xml"), ("vmlDrawing", "../drawings/vmlDrawing1.vml")),
             "xl/comments1.xml": comments, "xl/drawings/vmlDrawing1.vml": vml}
    with Book.open(workbook(tmp_path, {"S": sheet_xml(values(1, 5))}, parts=parts)) as book:
        book.sheet("S").delete_rows(3)
        assert book.package.changed == [SHEET]
        assert rows_part(read(book, SHEET)) == values(1) + '<row r="4"><c r="A4"><v>5</v></c></row>'


def marker(kind: str, row: int | None, offset: int = 0) -> str:
    place = "" if row is None else f"<xdr:row>{row}</xdr:row><xdr:rowOff>{offset}</xdr:rowOff>"
    return f"<xdr:{kind}><xdr:col>1</xdr:col>{place}</xdr:{kind}>"


def anchor(kind: str, *markers: str) -> str:
    return f"<xdr:{kind}>{''.join(markers)}<xdr:clientData/></xdr:{kind}>"


def drawing(*anchors: str) -> str:
    return f'<xdr:wsDr xmlns:xdr="{XDR}">{"".join(anchors)}</xdr:wsDr>'


def drawing_parts(xml: str) -> dict[str, str]:
    return {SHEET_RELS: rels(("drawing", "../drawings/drawing1.xml")), "xl/drawings/drawing1.xml": xml}


def test_pictures_on_deleted_rows_go_and_those_across_them_shrink(tmp_path: Path) -> None:
    """Row numbers in a drawing count from 0: <xdr:row>3</xdr:row> is row 4."""
    xml = drawing(anchor("twoCellAnchor", marker("from", 3, 120), marker("to", 8, 40)),
                  anchor("oneCellAnchor", marker("from", 3)),
                  anchor("twoCellAnchor", marker("from", 2), marker("to", 4)),
                  anchor("twoCellAnchor", marker("from", None), marker("to", 9)),
                  anchor("oneCellAnchor", marker("from", 0)))
    with Book.open(workbook(tmp_path, {"S": sheet_xml(values(1, 10))}, parts=drawing_parts(xml))) as book:
        book.sheet("S").delete_rows(3, 5)
        assert read(book, "xl/drawings/drawing1.xml") == drawing(
            anchor("twoCellAnchor", marker("from", 2, 0), marker("to", 5, 40)),
            anchor("twoCellAnchor", marker("from", None), marker("to", 6)),
            anchor("oneCellAnchor", marker("from", 0)))


def test_a_drawing_above_the_rows_deleted_is_not_rewritten(tmp_path: Path) -> None:
    xml = drawing(anchor("twoCellAnchor", marker("from", 0), marker("to", 1)))
    with Book.open(workbook(tmp_path, {"S": sheet_xml(values(1, 10))}, parts=drawing_parts(xml))) as book:
        book.sheet("S").delete_rows(5)
        assert "xl/drawings/drawing1.xml" not in book.package.changed
        assert read(book, "xl/drawings/drawing1.xml") == xml


def test_a_moved_picture_without_a_row_stays_put(tmp_path: Path) -> None:
    xml = drawing(anchor("twoCellAnchor", marker("from", None), marker("to", None)),
                  anchor("oneCellAnchor", marker("from", 1, 30)))
    with Book.open(workbook(tmp_path, {"S": sheet_xml(values(1, 2, 3, 4))}, parts=drawing_parts(xml))) as book:
        book.sheet("S").move_rows(2, 2, 5)
        assert read(book, "xl/drawings/drawing1.xml") == drawing(
            anchor("twoCellAnchor", marker("from", None), marker("to", None)),
            anchor("oneCellAnchor", marker("from", 3, 30)))


def chart(formula: str) -> str:
    return ('<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart"><c:chart><c:plotArea>'
            f"<c:barChart><c:ser><c:val><c:numRef><c:f>{formula}</c:f></c:numRef></c:val></c:ser></c:barChart>"
            "</c:plotArea></c:chart></c:chartSpace>")


def test_charts_that_plot_the_rows_follow_them(tmp_path: Path) -> None:
    parts = {"xl/charts/chart1.xml": chart("S!$A$2:$A$5"), "xl/charts/chart2.xml": chart("S!$A$1"),
             "xl/charts/chart3.xml": chart("Other!$A$2:$A$5"), "xl/charts/colors1.txt": "S!$A$2"}
    with Book.open(workbook(tmp_path, {"S": sheet_xml(values(1, 5)), "Other": sheet_xml("")}, parts=parts)) as book:
        book.sheet("S").delete_rows(3)
        assert read(book, "xl/charts/chart1.xml") == chart("S!$A$2:$A$4")
        assert [name for name in book.package.changed if name.startswith("xl/charts/")] == ["xl/charts/chart1.xml"]


# ---------------------------------------------------------------------- the row map itself
def test_ranges_deleted_together_are_joined_where_they_overlap_or_touch() -> None:
    rm = RowMap.deleting([(7, 8), (2, 4), (3, 6), (10, 10)])
    assert rm.deleted == [(2, 8), (10, 10)]
    assert [rm.row(r) for r in (1, 2, 8, 9, 10, 11)] == [1, None, None, 2, None, 3]


def test_an_empty_row_map_moves_nothing() -> None:
    for rm in (RowMap.deleting([]), RowMap.inserting([])):
        assert rm.lowest == MAX_ROWS + 1
        assert rm.growth == 0
        assert rm.row(5) == 5


def test_the_pieces_of_a_span_when_rows_are_deleted_or_inserted() -> None:
    assert RowMap.deleting([(3, 4)]).pieces(2, 6) == [(2, 4)]
    assert RowMap.deleting([(3, 4)]).pieces(3, 4) == []
    assert RowMap.inserting([(3, 2)]).pieces(2, 6) == [(2, 8)]


def test_a_span_pushed_off_the_bottom_of_the_sheet_is_gone() -> None:
    rm = RowMap.inserting([(1, 5)])
    assert rm.span(MAX_ROWS - 2, MAX_ROWS) is None
    assert rm.span(MAX_ROWS - 6, MAX_ROWS) == (MAX_ROWS - 1, MAX_ROWS)
    assert shift_sqref(rm, "A1048575:B1048576 C2") == "C7"


def test_rows_inserted_cut_a_span_only_inside_it() -> None:
    rm = RowMap.inserting([(3, 1)])
    assert rm.cuts(2, 4)
    assert not rm.cuts(3, 4)
    assert not rm.cuts(1, 2)


@pytest.mark.parametrize(("ref", "expected"), [
    ("$5", "$3"), ("2", None), ("A5:B", "A5:B"), ("A:B", "A:B"), ("A1:B2:C9", "A1:C7"), ("?", "?")])
def test_unusual_references_in_range_lists_shift_as_far_as_they_name_rows(ref: str, expected: str | None) -> None:
    """A bare row number or a half range is not a formula's reference, but a hand-written range list may hold one."""
    assert shift_ref(RowMap.deleting([(1, 2)]), ref) == expected


def test_a_move_keeps_whole_column_ranges_and_moves_the_rest() -> None:
    rm = RowMap.moving(2, 3, 6)
    assert shift_sqref(rm, "A:A B2:B3 $4:$4 ?") == "A:A B4:B5 $2:$2 ?"


def test_hull_spans_every_range_of_a_list() -> None:
    assert hull("B2:C3 A5 D1") == "A1:D5"
    assert hull("B2:C3 junk") == "B2:C3 junk"
    assert hull("") == ""
