"""``govsheet edit`` on a master: every cell changed on the Actions sheet gets a chained Audit row.

The rows are appended in the same atomic save as the edit, so the master never holds a
change without its Audit row; changes found made by hand since govsheet last wrote the
master are recorded first (see :mod:`govsheet.tracked`). Edits of a workbook that is not a
master are not audited.
"""

from __future__ import annotations

import datetime as dt
import getpass
import hashlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from govsheet.audit import AUDIT_SHEET, AuditEntry, append_audit, chain, last_hash, read_audit
from govsheet.model.tracker import display
from govsheet.tracked import TRACKED_AT, compare, decode, encode, patched, snapshot
from govsheet.tracked import entries as outside_entries
from govsheet.workbook.meta import hide_meta_sheets, master_schema, read_pairs, write_pairs
from govsheet.workbook.read import column_letter, open_calamine, read_actions
from govsheet.xlsx.refs import parse_ref

if TYPE_CHECKING:
    from govsheet.xlsx import Book
    from govsheet.xlsx.edit import CellChange

EDITED = "edited"
DEFAULT_REASON = "set with govsheet edit"


def who(by: str | None) -> str:
    """Who made a change: ``--by`` as given, else the operating system's user name."""
    if by and by.strip():
        return by.strip()
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "unknown user"


def audit_hook(path: Path, *, reason: str | None = None, by: str | None = None
               ) -> Callable[[Book, Sequence[CellChange]], None] | None:
    """What to call before an edit of ``path`` is saved: append its Audit rows; None when ``path`` is no master.

    Raises:
        WorkbookError: the master's schema or Actions sheet cannot be read.
    """
    from govsheet.errors import WorkbookError

    try:
        book = open_calamine(path)
    except WorkbookError:
        return None  # not a workbook calamine reads, so no master; the edit itself says what is wrong
    meta = read_pairs(book)
    if meta.get("kind") != "master" or AUDIT_SHEET not in book.sheet_names:
        return None
    schema = master_schema(path, meta, None)
    previous = last_hash(read_audit(path, book))
    try:
        table = read_actions(path, schema, book=book)
    except WorkbookError:
        # The sheet cannot be read as a table (e.g. a cell holding an impossible date): every
        # edit is still audited, by cell address, and the tracked values are left as they were.
        table = None
    sheet = table.sheet if table is not None else schema.sheet
    header_row = table.header_row if table is not None else 1
    keys = {r.number: display(r.values.get(schema.primary_key)).strip() for r in table.rows} if table else {}
    fields = {c: name for name, c in table.columns.items()} if table else {}
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    person = who(by)
    now = snapshot(schema, table.rows) if table is not None else None
    outside = compare(schema, decode(meta), now) if now is not None else []

    def append(opened: Book, changes: Sequence[CellChange]) -> None:
        when = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
        entries = outside_entries(outside, when=when, round_label=meta.get("round", ""),
                                  since=meta.get(TRACKED_AT, ""), source=path.name, sha256=sha)
        cells: list[tuple[str, str, str | None]] = []
        for change in changes:
            if change.sheet != sheet or change.old == change.new:
                continue
            row, col = parse_ref(change.ref)
            field = fields.get(col - 1) if row > header_row else None
            entries.append(AuditEntry(
                when, meta.get("round", ""), "", person, keys.get(row, ""),
                field or f"{column_letter(col - 1)}{row}", change.old or "", change.new or "", EDITED,
                reason.strip() if reason and reason.strip() else DEFAULT_REASON, path.name, sha))
            if field:
                cells.append((keys.get(row, ""), field, change.new))
        if entries:
            append_audit(opened, chain(entries, previous))
        if now is not None:
            write_pairs(opened, encode(patched(now, schema, cells), when, meta))
        hide_meta_sheets(opened)

    return append
