"""Compare two versions of a tracker row by row, keyed by the primary key.

A cell is *changed* when the same key holds a different value in a field both
workbooks have; a row is *added* or *removed* when its key is only on one side. A row
that merely sits elsewhere is *moved*: listed apart, never reported as a change.
When one side is a return (metadata ``kind=return``), the master's rows that are not
in the return are outside its scope: they are counted, not reported as removed.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from govsheet.errors import UsageError
from govsheet.model.diff import CellChange, DiffReport, KeyedRuns, RowChange
from govsheet.model.order import longest_increasing
from govsheet.model.schema import Schema
from govsheet.model.tracker import Value, display
from govsheet.render.table import OpenTracker
from govsheet.workbook.open import OpenedWorkbook
from govsheet.workbook.read import Row
from govsheet.workbook.rich import RichCells, read_rich


def as_text(value: Value) -> str:
    """A value compared as the tracker shows it (a date equals its datetime at midnight)."""
    return display(value)


def _keyed(rows: Sequence[Row], key_field: str) -> tuple[dict[str, Row], list[str], list[str]]:
    """Rows by key in sheet order; a repeated key gets #2, #3; a blank key is named by its row."""
    keyed: dict[str, Row] = {}
    order: list[str] = []
    dupes: list[str] = []
    for row in rows:
        key = as_text(row.values.get(key_field)).strip() or f"(row {row.number})"
        name, n = key, 1
        while name in keyed:
            n += 1
            name = f"{key}#{n}"
        if n == 2:  # noqa: PLR2004 - the first repeat
            dupes.append(key)
        keyed[name] = row
        order.append(name)
    return keyed, order, dupes


def moved_keys(old_order: Sequence[str], new_order: Sequence[str]) -> list[str]:
    """Keys on both sides outside the longest run kept in the same relative order (the fewest moves)."""
    common = set(old_order) & set(new_order)
    pos = {k: i for i, k in enumerate(new_order)}
    seq = [k for k in old_order if k in common]
    keep = {seq[i] for i in longest_increasing([pos[k] for k in seq])}
    return [k for k in new_order if k in common and k not in keep]


def diff_trackers(old: OpenTracker, new: OpenTracker, *, rich: tuple[RichCells, RichCells] = ({}, {})) -> DiffReport:
    """Compare two trackers read with the same schema (``rich``: each side's runs by sheet row).

    Raises:
        UsageError: the two use different schemas or one lacks the key column.
    """
    schema: Schema = new.schema
    if old.schema.name != schema.name:
        raise UsageError(new.table.path, f"uses schema {schema.name!r} but {old.table.path} uses "
                                         f"{old.schema.name!r}; compare two versions of the same tracker")
    key = schema.primary_key
    for side in (old, new):
        if key not in side.table.columns:
            raise UsageError(side.table.path, f"has no {schema.field(key).title!r} column to key the rows by")
    fields = [f.name for f in schema.fields if f.name in old.table.columns and f.name in new.table.columns]
    titles = {f.name: f.title for f in schema.fields}
    old_rows, old_order, old_dupes = _keyed(old.table.rows, key)
    new_rows, new_order, new_dupes = _keyed(new.table.rows, key)
    old_kind, new_kind = old.meta.get("kind", "master"), new.meta.get("kind", "master")

    changed = [
        CellChange(key=k, field=f, title=titles[f], old=as_text(o.values.get(f)), new=as_text(n.values.get(f)),
                   old_cell=old.table.cell(f, o.number), new_cell=new.table.cell(f, n.number))
        for k in new_order if k in old_rows
        for o, n in [(old_rows[k], new_rows[k])]
        for f in fields if as_text(o.values.get(f)) != as_text(n.values.get(f))
    ]

    def row_change(k: str, row: Row) -> RowChange:
        return RowChange(key=k, row=row.number, values={f: as_text(row.values.get(f)) for f in fields})

    added = [row_change(k, new_rows[k]) for k in new_order if k not in old_rows]
    gone = [k for k in old_order if k not in new_rows]
    outside = 0
    if new_kind == "return" and old_kind != "return":
        outside, gone = len(gone), []
    removed = [row_change(k, old_rows[k]) for k in gone]
    if old_kind == "return" and new_kind != "return":
        outside, added = len(added), []
    return DiffReport(
        old=str(old.table.path), new=str(new.table.path), old_kind=old_kind, new_kind=new_kind,
        schema_name=schema.name, key_field=key, fields=fields, titles=titles,
        label_field=next((f for f in fields if schema.field(f).type == "text" and not schema.field(f).editable),
                         None),
        changed=changed, added=added,
        removed=removed, moved=moved_keys(old_order, new_order), outside_return=outside,
        duplicate_keys=sorted(set(old_dupes) | set(new_dupes)),
        new_values={k: {f: as_text(r.values.get(f)) for f in fields} for k, r in new_rows.items()},
        old_runs=_keyed_runs(old_rows, rich[0]), new_runs=_keyed_runs(new_rows, rich[1]),
        order=_display_order(old_order, new_order, {c.key for c in changed}, {r.key for r in added},
                             {r.key for r in removed}),
    )


def _keyed_runs(rows: dict[str, Row], rich: RichCells) -> KeyedRuns:
    return {k: rich[r.number] for k, r in rows.items() if r.number in rich}


def _display_order(old_order: Sequence[str], new_order: Sequence[str], changed: set[str], added: set[str],
                   removed: set[str]) -> list[tuple[str, str]]:
    """NEW's order, each removed row placed after the row that preceded it in OLD."""
    after: dict[str | None, list[str]] = {}
    last_kept: str | None = None
    new_keys = set(new_order)
    for k in old_order:
        if k in new_keys:
            last_kept = k
        elif k in removed:
            after.setdefault(last_kept, []).append(k)
    order: list[tuple[str, str]] = [(k, "removed") for k in after.get(None, [])]
    for k in new_order:
        if k in added:
            order.append((k, "added"))
        elif k in old_order or k in changed:
            order.append((k, "changed" if k in changed else "same"))
        order.extend((r, "removed") for r in after.get(k, []))
    return order


def diff(old: Path, new: Path, *, schema: str | Path | Schema | None = None) -> DiffReport:
    """Compare two tracker workbooks (two masters, or a return and its master); each is opened once.

    Raises:
        UsageError: they use different schemas, or a workbook without metadata and no schema given.
        WorkbookError, SchemaError: a workbook or the schema cannot be read.
    """
    with OpenedWorkbook.open(Path(old)) as old_book, OpenedWorkbook.open(Path(new)) as new_book:
        if schema is not None:
            old_schema, new_schema = old_book.resolve_schema(schema), new_book.resolve_schema(schema)
        else:
            try:
                old_schema = old_book.resolve_schema(None)
            except UsageError:  # no metadata in OLD: read it with NEW's schema
                new_schema = new_book.resolve_schema(None)
                old_schema = new_schema
            else:
                try:
                    new_schema = new_book.resolve_schema(None)
                except UsageError:  # no metadata in NEW: read it with OLD's
                    new_schema = old_schema
        old_side, new_side = _tracker(old_book, old_schema), _tracker(new_book, new_schema)
        if old_schema.name != new_schema.name:
            return diff_trackers(old_side, new_side)  # refused there, before reading anything more
        return diff_trackers(old_side, new_side, rich=(read_rich(old_book.book, old_schema, old_side.table),
                                                       read_rich(new_book.book, new_schema, new_side.table)))


def _tracker(opened: OpenedWorkbook, schema: Schema) -> OpenTracker:
    return OpenTracker(schema=schema, meta=opened.meta or {}, table=opened.actions(schema))
