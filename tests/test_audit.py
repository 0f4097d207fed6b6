"""The Audit sheet's hash chain: every row chained to the one before; tampering found by row."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from govsheet.audit import AUDIT_COLUMNS, AUDIT_SHEET, AuditEntry, chain, last_hash, read_audit, row_hash, verify
from govsheet.errors import WorkbookError


def entries(n: int) -> list[AuditEntry]:
    return [AuditEntry("2021-01-29T10:00:00+00:00", "Q3", "q3-ce-1", "Chief Executive", str(i), "progress",
                       "old", f"new {i}", "applied", "changed in the return only", "ce.xlsx", "ab" * 32)
            for i in range(1, n + 1)]


def test_audit_columns_are_the_ones_spec_lists() -> None:
    assert [t for t, _ in AUDIT_COLUMNS] == [
        "When", "Round", "Return id", "Owner", "Ref", "Field", "Old value", "New value", "Outcome", "Reason",
        "Source file", "Source SHA-256", "Row hash"]


def test_row_hash_chains_previous_hash_and_canonical_fields() -> None:
    rows = chain(entries(2), "")
    assert rows[0][-1] == row_hash("", rows[0][:-1])
    assert rows[1][-1] == row_hash(rows[0][-1], rows[1][:-1])
    assert len(rows[0][-1]) == 64
    assert last_hash(rows) == rows[1][-1]
    assert last_hash([]) == ""


def test_chain_continues_from_the_last_hash() -> None:
    first = chain(entries(2), "")
    more = chain(entries(1), last_hash(first))
    assert verify(first + more).ok


def test_verify_accepts_an_intact_chain_and_ignores_trailing_blank_rows() -> None:
    check = verify([*chain(entries(3), ""), [None] * 13])
    assert (check.ok, check.rows, check.bad_row) == (True, 3, None)
    assert check.message == "the audit chain of 3 rows is intact"


def test_verify_names_the_first_changed_row() -> None:
    rows = chain(entries(4), "")
    rows[2][7] = "quietly changed"
    check = verify(rows)
    assert (check.ok, check.bad_row) == (False, 4)
    assert check.message == ("Audit row 4 does not match its hash: the row was changed, or a row before it was "
                             "inserted, deleted or changed")


def test_verify_finds_a_deleted_row_and_a_reordering() -> None:
    rows = chain(entries(4), "")
    assert verify(rows[:1] + rows[2:]).bad_row == 3
    assert verify([rows[1], rows[0], *rows[2:]]).bad_row == 2


def test_calamine_numbers_hash_like_the_text_written() -> None:
    rows = chain(entries(1), "")
    as_read: list[object] = list(rows[0])
    as_read[4] = 1.0  # a ref written as text "1" that a spreadsheet turned into a number
    assert verify([as_read]).ok


def test_read_audit_of_a_book_already_open_reads_its_rows_or_names_the_missing_sheet(tmp_path: Path) -> None:
    path = tmp_path / "tracker.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "Actions"
    audit = wb.create_sheet(AUDIT_SHEET)
    for row in [[t for t, _ in AUDIT_COLUMNS], *chain(entries(2), "")]:
        audit.append(row)
    wb.save(path)
    with path.open("rb") as f:
        book = CalamineWorkbook.from_filelike(f)
    rows = read_audit(path, book)
    assert [r[4] for r in rows] == ["1", "2"]
    assert verify(rows).ok

    del wb[AUDIT_SHEET]
    wb.save(path)
    with path.open("rb") as f:
        book = CalamineWorkbook.from_filelike(f)
    with pytest.raises(WorkbookError, match="has no 'Audit' sheet; is it a govsheet master"):
        read_audit(path, book)
