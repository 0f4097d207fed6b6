"""What a master's tracked values were when govsheet last wrote it, to catch changes made by hand.

After every write of a master (import, merge, edit, roll) govsheet records, in the
metadata, each row's tracked values (every schema field, as text) by key
(:mod:`govsheet.workbook.snapshot` says how it is stored). The next command that writes the
master, and ``govsheet audit``, compare the sheet with it: each cell changed, row added or
row removed since becomes an Audit row (outcome ``outside-govsheet``) before the command's
own, and the command builds on the values as they are now.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from govsheet.audit import AuditEntry
from govsheet.model.schema import Schema
from govsheet.model.tracker import Value, display
from govsheet.workbook.layout import TRACKED_AT_KEY, TRACKED_PREFIX
from govsheet.workbook.snapshot import Columns, Snapshot, decode, snapshot_grid

PREFIX = TRACKED_PREFIX
TRACKED_AT = TRACKED_AT_KEY
OUTSIDE = "outside-govsheet"


@dataclass(frozen=True)
class OutsideChange:
    """One difference between the recorded values and the sheet: a cell, or a whole row added/removed."""

    key: str
    field: str  # "" for a row added or removed
    old: str
    new: str

    def describe(self) -> str:
        if not self.field:
            return f"row {self.key} {'added' if self.new else 'removed'}"
        return f"{self.key} {self.field}: {self.old!r} -> {self.new!r}"


def _text(value: Value) -> str:
    return display(value)


def summary(values: Sequence[str]) -> str:
    """A whole row's tracked values in one cell: the non-empty ones, in field order, joined by "; "."""
    return "; ".join(v for v in values if v)


def compare(schema: Schema, recorded: Snapshot | None, now: Snapshot) -> list[OutsideChange]:
    """Every cell changed, row added and row removed between ``recorded`` and ``now``, in sheet order."""
    if recorded is None or recorded == now:  # nothing changed by hand, the usual case: a few C-level comparisons
        return []
    names = [f.name for f in schema.fields]
    if isinstance(recorded, Columns) and isinstance(now, Columns) and recorded.keys_list == now.keys_list:
        return _cells_changed(names, recorded, now)
    before_rows = recorded.rows() if isinstance(recorded, Columns) else recorded
    now_rows = now.rows() if isinstance(now, Columns) else now
    changes: list[OutsideChange] = []
    for key, values in now_rows.items():
        before = before_rows.get(key)
        if before == values:
            continue  # most rows: compared whole, in one step
        if before is None:
            changes.append(OutsideChange(key, "", "", summary(values)))
            continue
        changes += [OutsideChange(key, name, old, new)
                    for name, old, new in zip(names, before, values, strict=False) if old != new]
    changes += [OutsideChange(key, "", summary(values), "")
                for key, values in before_rows.items() if key not in now_rows]
    return changes


def changed_outside(schema: Schema, meta: Mapping[str, str], now: Columns) -> list[OutsideChange]:
    """:func:`compare` of the record in a master's metadata ``meta`` with its values ``now``."""
    return compare(schema, decode(meta, like=now), now)


def _cells_changed(names: Sequence[str], recorded: Columns, now: Columns) -> list[OutsideChange]:
    """The cells changed between two records of the same rows: only the columns that differ are walked."""
    found: list[tuple[int, int, str, str]] = []
    for f, (old_column, new_column) in enumerate(zip(recorded.columns, now.columns, strict=True)):
        if old_column != new_column:
            found += [(i, f, old, new) for i, (old, new) in enumerate(zip(old_column, new_column, strict=True))
                      if old != new]
    keys = now.keys_list
    return [OutsideChange(keys[i], names[f], old, new) for i, f, old, new in sorted(found)]


def entries(changes: Sequence[OutsideChange], *, when: str, round_label: str, since: str, source: str,
            sha256: str) -> list[AuditEntry]:
    """The Audit entries recording changes found made outside govsheet."""
    reason = f"changed outside govsheet since {since or 'govsheet last wrote it'}; found {when}"
    return [AuditEntry(when, round_label, "", "", c.key, c.field, c.old, c.new, OUTSIDE,
                       ("row added; " if not c.field and c.new else "row removed; " if not c.field else "") + reason,
                       source, sha256) for c in changes]


def patched(snap: Snapshot, schema: Schema, cells: Iterable[tuple[str, str, Value]]) -> Snapshot:
    """``snap`` with (key, field, value) cells set, as a write by govsheet leaves them (``snap`` is not changed)."""
    if isinstance(snap, Columns):
        return patched_columns(snap, schema, cells)
    names = {f.name: i for i, f in enumerate(schema.fields)}
    out = {k: list(v) for k, v in snap.items()}
    for key, field, value in cells:
        if key in out and field in names:
            out[key][names[field]] = _text(value)
    return out


def patched_columns(snap: Columns, schema: Schema, cells: Iterable[tuple[str, str, Value]]) -> Columns:
    """:func:`patched` of a record held column by column: only the columns with a cell set are copied."""
    names = {f.name: i for i, f in enumerate(schema.fields)}
    columns = list(snap.columns)
    copied: set[int] = set()
    for key, field, value in cells:
        at, f = snap.position(key), names.get(field)
        if at is None or f is None:
            continue
        if f not in copied:
            columns[f] = list(columns[f])
            copied.add(f)
        columns[f][at] = _text(value)
    # the text of each column not set is the one worked out for ``snap`` (field f is at f + 1)
    return Columns(snap.keys_list, columns, {at: t for at, t in snap.joined.items() if at - 1 not in copied})


def outside_changes(path: Any) -> tuple[str, list[OutsideChange]]:
    """When govsheet last recorded a master's tracked values, and every change made outside it since.

    Nothing is found in a workbook that is not a master or whose Actions sheet cannot be read.

    Raises:
        WorkbookError: the workbook cannot be read.
    """
    from pathlib import Path

    from govsheet.errors import GovsheetError
    from govsheet.workbook.open import OpenedWorkbook

    with OpenedWorkbook.open(Path(path)) as opened:
        meta = opened.meta or {}
        try:
            schema = opened.master_schema()
            table = opened.actions(schema)
        except GovsheetError:
            return "", []  # no master, or its Actions sheet cannot be read: nothing to compare (validate says why)
        now = snapshot_grid(schema, opened.grid(table.sheet), table.header_row, table.columns)
    return meta.get(TRACKED_AT, ""), changed_outside(schema, meta, now)
