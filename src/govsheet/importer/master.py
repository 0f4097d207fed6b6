"""A new master workbook: the tracker's sheet, an empty Audit sheet, the Owners sheet and the
metadata that makes it a master (its schema, round, identity and the record of its tracked values).

``govsheet import`` writes one from a tracker read by the importer; the sheets themselves are
drawn by :mod:`govsheet.workbook.write`.
"""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path
from typing import Any

from govsheet.model.schema import Schema
from govsheet.model.tracker import Tracker
from govsheet.returns.directory import Directory, build_directory
from govsheet.schemas import schema_meta
from govsheet.version import __version__
from govsheet.workbook.meta import META_VERSION, write_meta
from govsheet.workbook.read import Row
from govsheet.workbook.snapshot import encode, snapshot
from govsheet.workbook.write import Formats, write_actions, write_atomic, write_audit_sheet, write_owners_sheet


def write_master(
    tracker: Tracker,
    schema: Schema,
    path: Path,
    *,
    round_label: str | None = None,
    extra_meta: dict[str, str] | None = None,
    owners: Directory | None = None,
) -> Path:
    """Write ``tracker`` as a master workbook at ``path``, atomically.

    The Owners sheet holds ``owners``, by default the directory guessed from the officer texts.

    Raises:
        WorkbookError: the folder cannot be written, or a cell is longer than Excel allows.
    """
    meta = {
        "kind": "master",
        **schema_meta(schema),
        "round": round_label or tracker.round or "",
        "govsheet_version": __version__,
        "meta_version": META_VERSION,
        "created": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        # A new identity per master built: returns issued from another master are stale.
        "master_id": uuid.uuid4().hex,
    }
    meta.update(_tracked_meta(tracker, schema, meta["created"]))
    meta.update(extra_meta or {})
    if owners is None:
        owners = build_directory((a.text(schema.owner) for a in tracker.actions), schema)
    owner_rows = owners.sheet_rows()

    def build(book: Any) -> None:
        fmt = Formats(book, schema)
        sheet = book.add_worksheet(schema.sheet)
        write_actions(sheet, fmt, schema, tracker.actions)
        write_audit_sheet(book, fmt)
        write_owners_sheet(book, fmt, owner_rows)
        write_meta(book, meta)
        sheet.activate()

    return write_atomic(path, build)


def _tracked_meta(tracker: Tracker, schema: Schema, when: str) -> dict[str, str]:
    """The metadata recording a new master's tracked values, to catch later changes made by hand."""
    rows = (Row(number=n, values=dict(a.values)) for n, a in enumerate(tracker.actions, start=2))
    return {k: v for k, v in encode(snapshot(schema, rows), when, {}).items() if v is not None}
