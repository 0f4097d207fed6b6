"""The Audit sheet's chain at its edges: blank rows, a workbook without the sheet, and the styles of rows appended."""

from __future__ import annotations

from pathlib import Path

import pytest

from govsheet.audit import (
    AUDIT_COLUMNS,
    AUDIT_SHEET,
    AuditCheck,
    AuditEntry,
    append_audit,
    chain,
    last_hash,
    read_audit,
    verify,
    verify_workbook,
)
from govsheet.errors import WorkbookError
from govsheet.xlsx import Book
from tests.xlsx.handmade import rels, rows_part, sheet_xml, workbook

STYLES = ('<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
          '<fonts count="2"><font/><font><b/></font></fonts><fills count="1"><fill/></fills>'
          '<borders count="1"><border/></borders><cellStyleXfs count="1"><xf/></cellStyleXfs>'
          '<cellXfs count="3"><xf numFmtId="0" fontId="0"/><xf numFmtId="0" fontId="1" applyFont="1"/>'
          '<xf numFmtId="0" fontId="0" applyAlignment="1"><alignment wrapText="1"/></xf></cellXfs></styleSheet>')
HEADER = 1  # the bold header's format in STYLES
WRAPPED = 2


def entries(n: int) -> list[AuditEntry]:
    return [AuditEntry("2026-12-02T09:00:00+00:00", "2026 Q3", "", "Clerk", f"R{i}", "status", "Not started",
                       "Completed", "edited", "set with govsheet edit", "master.xlsx", "cd" * 32)
            for i in range(1, n + 1)]


def header(style: int = HEADER) -> str:
    cells = "".join(f'<c r="{chr(65 + i)}1" s="{style}" t="inlineStr"><is><t>{title}</t></is></c>'
                    for i, (title, _width) in enumerate(AUDIT_COLUMNS))
    return f'<row r="1">{cells}</row>'


def audit_book(tmp_path: Path, rows: str, *, cols: str = "") -> Path:
    """A workbook whose only sheet is an Audit sheet holding ``rows``, its formats those of STYLES."""
    return workbook(tmp_path, {AUDIT_SHEET: sheet_xml(rows, head=cols)},
                    parts={"xl/styles.xml": STYLES, "xl/_rels/workbook.xml.rels": rels(
                        ("worksheet", "worksheets/sheet1.xml"), ("styles", "styles.xml"))})


def test_the_next_row_chains_to_the_last_row_that_holds_anything() -> None:
    rows = chain(entries(2), "")
    assert last_hash([*rows, [None] * 13, ["", ""]]) == rows[1][-1]
    assert last_hash([["a", "b"]]) == ""  # a row too short to hold a hash
    assert last_hash([[None], [""]]) == ""


def test_a_blank_row_inside_the_chain_breaks_it() -> None:
    rows = chain(entries(2), "")
    check = verify([rows[0], [None] * 13, rows[1]], first_row=5)
    assert (check.ok, check.rows, check.bad_row) == (False, 3, 6)
    one = verify(rows[:1])
    assert (one.ok, one.message) == (True, "the audit chain of 1 row is intact")


def test_a_workbook_without_an_audit_sheet_is_named_as_no_master(tmp_path: Path) -> None:
    path = workbook(tmp_path, {"Actions": sheet_xml("")})
    with pytest.raises(WorkbookError) as info:
        read_audit(path)
    assert str(info.value) == f"{path}: has no 'Audit' sheet; is it a govsheet master?"


def test_rows_appended_under_a_bare_header_get_a_plain_format_of_their_own(tmp_path: Path) -> None:
    """With no column format to take, the data rows get a new plain format, never the bold header's."""
    path = audit_book(tmp_path, header())
    with Book.open(path) as book:
        assert append_audit(book, chain(entries(2), "")) == [2, 3]
        sheet = book.sheet(AUDIT_SHEET)
        plain = sheet.style_of("A2")
        assert plain not in {0, HEADER, WRAPPED}
        assert book.styles.format_of(plain).locked
        assert {sheet.style_of(f"{chr(65 + c)}{r}") for c in range(13) for r in (2, 3)} == {plain}
        assert sheet.style_of("A1") == HEADER
        book.save()
    assert verify(read_audit(path)).ok


def test_rows_appended_take_each_column_s_own_format(tmp_path: Path) -> None:
    cols = f'<cols><col min="1" max="13" width="20" style="{WRAPPED}"/></cols>'
    path = audit_book(tmp_path, header(), cols=cols)
    with Book.open(path) as book:
        assert append_audit(book, chain(entries(1), "")) == [2]
        sheet = book.sheet(AUDIT_SHEET)
        assert {sheet.style_of(f"{chr(65 + c)}2") for c in range(13)} == {WRAPPED}


def test_only_the_cells_written_in_the_header_s_format_are_repaired(tmp_path: Path) -> None:
    """An earlier row in the header's format is given the data format cell by cell; other cells keep theirs."""
    cols = f'<cols><col min="1" max="13" width="20" style="{WRAPPED}"/></cols>'
    old = chain(entries(1), "")[0]
    cells = "".join(f'<c r="{chr(65 + i)}2" s="{HEADER if i < 12 else 0}" t="inlineStr"><is><t>{v}</t></is></c>'
                    for i, v in enumerate(old))
    path = audit_book(tmp_path, header() + f'<row r="2">{cells}</row>', cols=cols)
    with Book.open(path) as book:
        assert append_audit(book, []) == []
        book.flush_edits()
        rows = rows_part(book.package.read_xml_bytes("xl/worksheets/sheet1.xml").decode())
        assert rows.count(f's="{WRAPPED}"') == 12
        assert '<c r="M2" s="0" t="inlineStr">' in rows
        assert rows.count(f's="{HEADER}"') == 13  # the header row
        book.save()
    assert read_audit(path) == [old]
    assert verify(read_audit(path)).ok


def test_the_check_of_a_master_reads_as_one_line_and_as_json(tmp_path: Path) -> None:
    path = audit_book(tmp_path, header())
    with Book.open(path) as book:
        append_audit(book, chain(entries(2), ""))
        book.save()
    check = verify_workbook(path)
    assert check.to_text() == "the audit chain of 2 rows is intact"
    named = AuditCheck(ok=False, rows=2, bad_row=3, message="Audit row 3 does not match its hash", master="m.xlsx")
    assert named.to_text() == "m.xlsx: Audit row 3 does not match its hash"
    assert named.to_dict() == {"master": "m.xlsx", "ok": False, "rows": 2, "bad_row": 3,
                               "message": "Audit row 3 does not match its hash"}
