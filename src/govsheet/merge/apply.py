"""Write a merge into the master with the lossless engine: changed cells, audit rows, metadata.

Only the Actions cells that were applied, the appended Audit rows and the
metadata rows recording merged returns change; every other part of the
workbook is copied byte for byte. The save is atomic (temporary file, fsync,
rename), so a failure at any point leaves the master as it was.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from govsheet.audit import AUDIT_SHEET, AuditEntry, append_audit, chain, rehidden_entries
from govsheet.merge.report import Change, ReturnResult
from govsheet.model.schema import Schema
from govsheet.tracked import OutsideChange, entries
from govsheet.workbook.layout import MERGED_PREFIX, META_SHEET, refresh_icon
from govsheet.workbook.meta import hide_meta_sheets, write_pairs
from govsheet.workbook.read import ActionsTable
from govsheet.workbook.snapshot import Snapshot, encode

if TYPE_CHECKING:
    from govsheet.xlsx import Book


@dataclass(frozen=True)
class Tracked:
    """Changes found made outside govsheet (recorded first) and the tracked values after the merge."""

    outside: Sequence[OutsideChange]
    since: str
    after: Snapshot
    meta: Mapping[str, str]
    master_sha256: str
    meta_rows: Mapping[str, int] | None = None  # each metadata key's row, as read from the master


def audit_entries(changes: Sequence[Change], returns: Sequence[ReturnResult], round_label: str,
                  when: str) -> list[AuditEntry]:
    """In the order the returns were given: each merged return's changes, or one row for a re-submission."""
    by_return: dict[str, list[Change]] = {}
    for c in changes:
        by_return.setdefault(c.return_id, []).append(c)
    entries = []
    for r in returns:
        if r.status == "already-merged":
            entries.append(AuditEntry(when, round_label, r.return_id, r.owner, "", "", "", "", "already-merged",
                                      r.reason, Path(r.file).name, r.sha256))
        elif r.status == "merged":
            entries += [AuditEntry(when, round_label, c.return_id, c.owner, c.key, c.field or "", c.old, c.new,
                                   c.outcome, c.reason, Path(c.source).name, r.sha256)
                        for c in by_return.pop(r.return_id, [])]
    return entries


def apply_merge(  # noqa: PLR0913 - the merge's results and where to write them, all needed
    master: Path,
    out: Path,
    schema: Schema,
    table: ActionsTable,
    changes: Sequence[Change],
    returns: Sequence[ReturnResult],
    *,
    round_label: str,
    previous_hash: str,
    book: Book | None = None,
    tracked: Tracked | None = None,
) -> Path:
    """Set the applied cells, append the Audit rows and record merged returns; one atomic save.

    ``book`` is the master already opened (and checked) by the caller, to be written from.
    ``tracked``: changes made outside govsheet, audited before the merge's own, and the tracked
    values to record for the next command.

    Raises:
        WorkbookError: the master cannot be opened or written.
    """
    from govsheet.xlsx import Book

    when = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
    book = book if book is not None else Book.open(master)
    sheet = book.sheet(table.sheet)
    status_field = schema.status_field.name if schema.status_field else None
    for change in changes:
        if change.outcome != "applied" or change.cell is None:
            continue
        sheet.set(change.cell, change.value)
        if status_field is not None and change.field == status_field:
            refresh_icon(sheet, schema, change.cell, change.value)
    sheet.flush(deflate_now=True)  # the tracker sheet is compressed while the Audit rows are written
    found = [] if tracked is None else entries(tracked.outside, when=when, round_label=round_label,
                                               since=tracked.since, source=master.name,
                                               sha256=tracked.master_sha256)
    found += rehidden_entries(book, when=when, round_label=round_label, source=master.name,
                              sha256=tracked.master_sha256 if tracked is not None else "")
    rows = chain([*found, *audit_entries(changes, returns, round_label, when)], previous_hash)
    if AUDIT_SHEET in book.sheet_names:
        append_audit(book, rows)
        book.sheet(AUDIT_SHEET).flush(deflate_now=True)  # a long Audit sheet too is compressed meanwhile
    merged = [r for r in returns if r.status == "merged"]
    if merged and META_SHEET in book.sheet_names:
        meta = book.sheet(META_SHEET)
        row = meta.max_row
        for r in merged:
            row += 1
            meta.set(f"A{row}", MERGED_PREFIX + r.return_id)
            meta.set(f"B{row}", f"{when} {r.sha256}")
    if tracked is not None:
        write_pairs(book, encode(tracked.after, when, tracked.meta), tracked.meta_rows)
    hide_meta_sheets(book)
    return book.save(out)
