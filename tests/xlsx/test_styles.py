"""styles.xml held as bytes: cell formats read by index, number formats and cell formats appended once."""

from __future__ import annotations

from govsheet.xlsx.styles import CellFormat, Styles

STYLES = (b'<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/'
          b'spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="d mmmm yyyy"/>'
          b'</numFmts><fonts count="1"><font><sz val="11"/><name val="Arial"/></font></fonts><fills count="2">'
          b'<fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
          b'<borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" '
          b'borderId="0"/></cellStyleXfs><cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" '
          b'xfId="0"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
          b'<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyProtection="1"><protection '
          b'locked="0"/></xf></cellXfs></styleSheet>')


def test_formats_are_read_by_index_and_out_of_range_is_index_0() -> None:
    styles = Styles(STYLES)
    assert styles.changed is False
    assert styles.num_fmts == {164: "d mmmm yyyy"}
    assert styles.format_of(0) == CellFormat(num_fmt_id=0, is_date=False, locked=True)
    assert styles.format_of(1) == CellFormat(num_fmt_id=164, is_date=True, locked=True)
    assert styles.format_of(2) == CellFormat(num_fmt_id=0, is_date=False, locked=False)
    assert styles.format_of(99) == styles.format_of(0)


def test_a_number_format_is_added_once_after_the_last_custom_id() -> None:
    styles = Styles(STYLES)
    assert styles.add_num_fmt("d mmmm yyyy") == 164
    assert styles.changed is False
    assert styles.add_num_fmt("0.0%") == 165
    assert styles.add_num_fmt("0.0%") == 165
    assert styles.changed is True
    assert styles.num_fmts == {164: "d mmmm yyyy", 165: "0.0%"}
    assert b'<numFmts count="2">' in styles.data


def test_a_cell_format_is_appended_once_per_kind() -> None:
    styles = Styles(STYLES)
    dated = styles.add_xf(0, num_fmt="dd/mm/yyyy", bold=True)
    assert dated == 3
    assert styles.add_xf(0, num_fmt="dd/mm/yyyy", bold=True) == 3
    assert styles.format_of(dated) == CellFormat(num_fmt_id=165, is_date=True, locked=True)
    filled = styles.add_xf(2, fill="FFEB9C", wrap=True)
    assert filled == 4
    assert styles.format_of(filled).locked is False
    assert b'<fgColor rgb="FFFFEB9C"/>' in styles.data
    assert b'<alignment vertical="top" wrapText="1"/>' in styles.xfs[filled]
    assert b'<cellXfs count="5">' in styles.data


def test_a_workbook_without_styles_gets_a_minimal_sheet_to_add_to() -> None:
    styles = Styles(None)
    assert styles.changed is True
    assert styles.format_of(0) == CellFormat(num_fmt_id=0, is_date=False, locked=True)
    assert styles.format_of(styles.add_xf(0, num_fmt="yyyy-mm-dd")).is_date is True
