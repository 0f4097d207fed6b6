"""The master's Audit sheet: one row per change, each chained by hash to the one before.

A row's hash is the SHA-256 of the previous row's hash and the row's twelve fields,
joined canonically (a JSON array of strings), so changing, inserting, deleting or
reordering any row breaks the chain from that row on. The first row chains to the
empty string. The chain detects tampering by anyone who does not recompute every
later hash; it is an integrity check, not a signature.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

from govsheet.workbook.layout import AUDIT_COLUMNS, AUDIT_SHEET, HASHED_COLUMNS, PRINTED_COLUMNS
from govsheet.workbook.meta import cell_text

if TYPE_CHECKING:
    from govsheet.xlsx import Book, Sheet

__all__ = ["AUDIT_COLUMNS", "AUDIT_SHEET", "HASHED_COLUMNS", "PRINTED_COLUMNS"]  # the layout, kept importable from here


@dataclass(frozen=True)
class AuditEntry:
    """One change as the Audit sheet records it, before it is chained."""

    when: str
    round: str
    return_id: str
    owner: str
    ref: str
    field: str
    old: str
    new: str
    outcome: str
    reason: str
    source_file: str
    source_sha256: str

    def cells(self) -> list[str]:
        """The row's twelve fields in column order."""
        return [str(getattr(self, f.name)) for f in fields(self)]


@dataclass(frozen=True)
class AuditCheck:
    """What verifying the chain found: ok, how many rows, and the first bad row if any."""

    ok: bool
    rows: int
    bad_row: int | None = None  # 1-based sheet row number
    message: str = ""
    master: str = ""

    def to_dict(self) -> dict[str, Any]:
        """The JSON-ready object ``audit --format json`` prints."""
        return {"master": self.master, "ok": self.ok, "rows": self.rows, "bad_row": self.bad_row,
                "message": self.message}

    def to_text(self) -> str:
        """One line: the master and what the check found."""
        return f"{self.master}: {self.message}" if self.master else self.message


def text(value: Any) -> str:
    """A cell as the chain hashes it: blank is '', whole floats lose their '.0'."""
    return cell_text(value)


def row_hash(previous: str, cells: Sequence[Any]) -> str:
    """The hash of one row: SHA-256 of the previous hash and the row's fields."""
    canonical = json.dumps([text(c) for c in cells], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(f"{previous}\n{canonical}".encode()).hexdigest()


def chain(entries: Iterable[AuditEntry], previous: str) -> list[list[str]]:
    """The sheet rows for ``entries``: their fields plus the hash chained from ``previous``."""
    rows: list[list[str]] = []
    for entry in entries:
        cells = entry.cells()
        previous = row_hash(previous, cells)
        rows.append([*cells, previous])
    return rows


def last_hash(rows: Sequence[Sequence[Any]]) -> str:
    """The hash the next row chains to: the last data row's hash, '' when there is none."""
    for row in reversed(rows):
        if any(text(c) for c in row):
            return text(row[HASHED_COLUMNS]) if len(row) > HASHED_COLUMNS else ""
    return ""


def verify(rows: Sequence[Sequence[Any]], *, first_row: int = 2) -> AuditCheck:
    """Check the chain over the Audit sheet's data rows (header excluded).

    ``first_row`` is the sheet row number of ``rows[0]``, so the report names the
    row as Excel shows it. Blank rows at the end are ignored; a blank row in the
    middle is a break in the chain.
    """
    data = list(rows)
    while data and not any(text(c) for c in data[-1]):
        data.pop()
    previous = ""
    for i, row in enumerate(data):
        cells = [text(c) for c in row[:HASHED_COLUMNS]]
        cells += [""] * (HASHED_COLUMNS - len(cells))
        stored = text(row[HASHED_COLUMNS]) if len(row) > HASHED_COLUMNS else ""
        expected = row_hash(previous, cells)
        if stored != expected:
            number = first_row + i
            return AuditCheck(ok=False, rows=len(data), bad_row=number,
                              message=f"Audit row {number} does not match its hash: the row was changed, or a row "
                                      "before it was inserted, deleted or changed")
        previous = stored
    rows = f"{len(data)} row" + ("" if len(data) == 1 else "s")
    return AuditCheck(ok=True, rows=len(data), message=f"the audit chain of {rows} is intact")


def read_audit(path: Path, book: Any = None) -> list[list[Any]]:
    """The data rows of a workbook's Audit sheet, read with calamine (header excluded); ``book``: the
    workbook already open (an :class:`~govsheet.workbook.open.OpenedWorkbook` or a calamine book).

    Raises:
        WorkbookError: the workbook cannot be read or has no Audit sheet.
    """
    from govsheet.errors import WorkbookError

    if book is None:
        from govsheet.workbook.open import OpenedWorkbook

        with OpenedWorkbook.open(Path(path)) as opened:
            return opened.audit_rows
    if AUDIT_SHEET not in book.sheet_names:
        raise WorkbookError(path, f"has no {AUDIT_SHEET!r} sheet; is it a govsheet master?")
    grid: list[list[Any]] = book.get_sheet_by_name(AUDIT_SHEET).to_python(skip_empty_area=False)
    return [list(r) for r in grid[1:]]


def verify_workbook(path: Path) -> AuditCheck:
    """Verify the hash chain of a master's Audit sheet.

    Raises:
        WorkbookError: the workbook cannot be read or has no Audit sheet.
    """
    return verify(read_audit(path))


def row_height(cells: Sequence[Any]) -> float:
    """A height (points) that shows an Audit row's wrapped text, as the Actions rows are sized."""
    from govsheet.workbook.layout import LINE_HEIGHT, MAX_ROW_HEIGHT, wrapped_lines

    lines = max((wrapped_lines(text(value), width)
                 for value, (_title, width) in zip(cells[:PRINTED_COLUMNS], AUDIT_COLUMNS, strict=False)), default=1)
    return min(MAX_ROW_HEIGHT, lines * LINE_HEIGHT + 3)


def data_styles(book: Book, sheet: Sheet) -> list[int]:
    """The cell format of each Audit column's data rows: the column's own (wrapped text), never the header's.

    Masters written by govsheet give every Audit column a wrapped-text default; where a
    column has none (or it is the header's), a plain format is added.
    """
    from govsheet.workbook.read import column_letter

    below = sheet.max_row + 1
    header = sheet.style_of("A1")
    styles = [sheet.style_of(f"{column_letter(c)}{below}") for c in range(len(AUDIT_COLUMNS))]
    if any(s in {0, header} for s in styles):
        plain = book.add_style(0)
        styles = [plain if s in {0, header} else s for s in styles]
    return styles


def repair_styles(sheet: Sheet, styles: Sequence[int]) -> int:
    """Give data rows written in the header's style (earlier versions did) the data style; values untouched.

    Only cell formats change, so the hash chain is as it was. Returns how many rows were repaired.
    """
    from govsheet.workbook.read import column_letter

    last = sheet.max_row
    header = sheet.style_of("A1")
    if last < 2 or header == 0 or sheet.style_of("A2") != header:  # noqa: PLR2004 - the first data row
        return 0
    for n in range(2, last + 1):
        for c, style in enumerate(styles):
            ref = f"{column_letter(c)}{n}"
            if sheet.style_of(ref) == header:
                sheet.set_style(ref, style)
    return last - 1


def append_audit(book: Book, rows: Sequence[Sequence[str]]) -> list[int]:
    """Append chained rows to the Audit sheet in the data style, each row tall enough for its text.

    Earlier rows written in the header's style are repaired on the way (styles only).

    Returns:
        The new rows' numbers.
    """
    sheet = book.sheet(AUDIT_SHEET)
    styles = data_styles(book, sheet)
    repair_styles(sheet, styles)
    if not rows:
        return []
    return sheet.append_rows(rows, heights=[row_height(r) for r in rows], styles=styles)


REHIDDEN = "re-hidden"


def rehidden_entries(book: Book, *, when: str, round_label: str, source: str, sha256: str) -> list[AuditEntry]:
    """Make govsheet's own sheets very hidden again; one Audit entry per sheet that was not.

    A LibreOffice re-save leaves them merely hidden (anyone can unhide them from the sheet
    tabs); someone may have made them visible. The write that restores them says so.
    """
    from govsheet.workbook.meta import hide_meta_sheets, meta_sheet_states

    before = meta_sheet_states(book)
    restored = hide_meta_sheets(book)
    return [AuditEntry(when, round_label, "", "", "", name, before.get(name, ""), "veryHidden", REHIDDEN,
                       f"govsheet's metadata sheet {name} was {before.get(name, '')}, which anyone can open from "
                       "the sheet tabs; made very hidden again", source, sha256) for name in restored]
