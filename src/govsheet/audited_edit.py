"""``govsheet edit`` on a master: every cell changed on the Actions sheet gets a chained Audit row.

The rows are appended in the same atomic save as the edit, so the master never holds a
change without its Audit row. Edits of a workbook that is not a master are not audited.
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
from govsheet.workbook.meta import master_schema, read_pairs
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
    table = read_actions(path, schema, book=book)
    previous = last_hash(read_audit(path, book))
    keys = {r.number: display(r.values.get(schema.primary_key)).strip() for r in table.rows}
    fields = {c: name for name, c in table.columns.items()}
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    person = who(by)

    def append(opened: Book, changes: Sequence[CellChange]) -> None:
        when = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
        entries = []
        for change in changes:
            if change.sheet != table.sheet or change.old == change.new:
                continue
            row, col = parse_ref(change.ref)
            field = fields.get(col - 1) if row > table.header_row else None
            entries.append(AuditEntry(
                when, meta.get("round", ""), "", person, keys.get(row, ""),
                field or f"{column_letter(col - 1)}{row}", change.old or "", change.new or "", EDITED,
                reason.strip() if reason and reason.strip() else DEFAULT_REASON, path.name, sha))
        if entries:
            append_audit(opened, chain(entries, previous))

    return append
