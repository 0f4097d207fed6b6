"""``govsheet edit`` on a master: every change to the Actions sheet gets a chained Audit row.

A cell set is one row (outcome ``edited``); a whole action deleted with ``--delete-rows`` is
one row (``row-removed``, its tracked values as the old value) and each blank row inserted
with ``--insert-rows`` one row (``row-added``); each action moved with ``--move-rows`` one row
(``row-moved``, its old and new row numbers). The rows are appended in the same atomic save
as the edit, so the master never holds a change without its Audit row; changes found made by
hand since govsheet last wrote the master are recorded first (see :mod:`govsheet.tracked`),
and the tracked values are recorded again as the edit leaves them. Edits of a workbook that
is not a master are not audited.
"""

from __future__ import annotations

import datetime as dt
import getpass
import itertools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from govsheet.audit import AUDIT_SHEET, AuditEntry, append_audit, chain, last_hash, rehidden_entries
from govsheet.errors import UsageError
from govsheet.model.tracker import Value, display
from govsheet.tracked import TRACKED_AT, changed_outside, patched_columns, summary
from govsheet.tracked import entries as outside_entries
from govsheet.workbook.meta import META_SHEET, master_schema, write_pairs
from govsheet.workbook.open import OpenedWorkbook
from govsheet.workbook.read import ActionsTable, column_letter
from govsheet.workbook.snapshot import Columns, encode, snapshot_grid, snapshot_values
from govsheet.xlsx.refs import parse_ref

if TYPE_CHECKING:
    from govsheet.model.schema import Schema
    from govsheet.xlsx import Book
    from govsheet.xlsx.edit import Assignment, CellChange, RowOperation

_NO_VALUES: Mapping[str, Value] = {}  # a row the edit added and left blank

EDITED = "edited"
ROW_REMOVED = "row-removed"
ROW_ADDED = "row-added"
ROW_MOVED = "row-moved"
DEFAULT_REASON = "set with govsheet edit"
Hook = Callable[["Book", Sequence["CellChange"]], None]


def who(by: str | None) -> str:
    """Who made a change: ``--by`` as given, else the operating system's user name."""
    if by and by.strip():
        return by.strip()
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "unknown user"


def audit_hook(book: OpenedWorkbook, steps: Sequence[Assignment | RowOperation] = (), *,
               reason: str | None = None, by: str | None = None, table: ActionsTable | None = None) -> Hook | None:
    """What to call before an edit of the opened workbook is saved: append its Audit rows; None when it
    is no master. The metadata, the Audit rows and the Actions sheet are read from ``book`` once
    (``table``: the Actions sheet as :func:`with_derived` read it).

    Row operations that cannot be audited are refused here, before anything is changed: on the
    Audit sheet or govsheet's hidden sheets, at or above the Actions header row, or on an
    Actions sheet that cannot be read as a table.

    Raises:
        WorkbookError: the master's schema cannot be read.
        UsageError: a row operation the master does not allow.
    """
    from govsheet.errors import WorkbookError
    from govsheet.xlsx.edit import RowOperation

    path = book.path

    meta = book.meta or {}
    if meta.get("kind") != "master" or AUDIT_SHEET not in book.sheet_names:
        return None
    schema = master_schema(path, meta, None)
    previous = last_hash(book.audit_rows)
    try:
        table = table if table is not None else book.actions(schema)  # as with_derived read it, or read here
    except WorkbookError as exc:
        # The sheet cannot be read as a table (e.g. a cell holding an impossible date): every cell
        # edit is still audited, by cell address, and the tracked values are left as they were.
        table, unreadable = None, exc.message
    for step in steps:
        if isinstance(step, RowOperation):
            _refuse_rows(path, step, _sheet_named(book.sheet_names, step.sheet), schema.sheet, table,
                         None if table else unreadable)
        else:
            _refuse_cell(path, step, _sheet_named(book.sheet_names, step.sheet))
    sha = book.sha256
    meta_rows = book.meta_rows  # edits never touch the metadata sheet, so its keys stay where they are read
    grid = book.grid(table.sheet) if table is not None else []
    now = snapshot_grid(schema, grid, table.header_row, table.columns) if table is not None else None
    outside = changed_outside(schema, meta, now) if now is not None else []
    context = _Context(meta, schema, table, who(by), reason.strip() if reason and reason.strip() else DEFAULT_REASON,
                       path.name, sha)

    def append(opened: Book, changes: Sequence[CellChange]) -> None:
        when = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
        found = outside_entries(outside, when=when, round_label=meta.get("round", ""),
                                since=meta.get(TRACKED_AT, ""), source=path.name, sha256=sha)
        found += rehidden_entries(opened, when=when, round_label=meta.get("round", ""), source=path.name,
                                  sha256=sha)
        rows = _Rows.of(table)
        entries = [*found, *rows.audit(context, changes, when)]
        if entries:
            append_audit(opened, chain(entries, previous))
        if table is not None:
            body_rows = len(grid) - table.header_row
            after = _after_cell_edits(schema, table, now, body_rows, changes) if now is not None else None
            write_pairs(opened, encode(after if after is not None else rows.snapshot(schema), when, meta), meta_rows)

    return append


def _after_cell_edits(schema: Schema, table: ActionsTable, now: Columns, body_rows: int,
                      changes: Sequence[CellChange]) -> Columns | None:
    """The tracked values after an edit that only set cells, as ``now`` with those cells set; None for any other.

    Only when every data row has a key of its own (so a row's place among ``now``'s keys is its
    place in the sheet) and no step moved rows or changed a key; otherwise the rows are followed
    through the edit one by one.
    """
    from govsheet.xlsx.edit import is_row_step

    if len(now) != body_rows:
        return None
    fields = table.fields_by_column
    cells: list[tuple[str, str, Value]] = []
    for change in changes:
        if change.sheet != table.sheet:
            continue
        if change.old is None and is_row_step(change.new):
            return None
        row, col = parse_ref(change.ref)
        name = fields.get(col - 1) if row > table.header_row else None
        if name is None:
            continue
        at = row - table.header_row - 1
        if name == schema.primary_key or at >= len(now):
            return None
        cells.append((now.keys_list[at], name, _seen(change)))
    return patched_columns(now, schema, cells)


def _seen(change: CellChange) -> str | None:
    """What the next read of the cell finds: a formula set by the edit has no result until Excel or
    LibreOffice recalculates it, so it reads as blank (recording its text would have the next command
    report a change made outside govsheet)."""
    return None if change.formula else change.new


def with_derived(book: OpenedWorkbook, steps: Sequence[Assignment | RowOperation]
                 ) -> tuple[list[Assignment | RowOperation], ActionsTable | None]:
    """The edit's steps, each value set into a master's Actions cell followed by the cells derived from it,
    and the Actions table read to find them (for :func:`audit_hook`; None when none was read).

    A target typed by hand moves its "Target (as date)" with it (the last day of the month it
    names; blank when it names no date), as import and an approved extension request do; a derived
    cell the edit sets itself is left as given. Any other workbook's steps are returned as they are.
    """
    from govsheet.errors import GovsheetError
    from govsheet.model.target import parse_target
    from govsheet.xlsx.edit import Assignment
    from govsheet.xlsx.refs import make_ref

    meta = book.meta or {}
    if meta.get("kind") != "master":
        return list(steps), None
    try:
        schema = master_schema(book.path, meta, None)
        table = book.actions(schema)
    except GovsheetError:
        return list(steps), None  # audit_hook says what is wrong, or audits the cells by address
    derived = {f.name: [d.name for d in schema.fields if d.derived_from == f.name and d.name in table.columns]
               for f in schema.fields}
    fields = table.fields_by_column
    cells = [(step, *parse_ref(step.ref)) for step in steps if isinstance(step, Assignment)
             and step.kind == "value" and _sheet_named(book.sheet_names, step.sheet) == table.sheet]
    given = {(row, col) for _, row, col in cells}
    now = {r.number: r.values for r in table.rows}
    more: dict[int, list[Assignment]] = {}
    for step, row, col in cells:
        for name in derived.get(fields.get(col - 1, ""), []) if row > table.header_row else []:
            at = (row, table.columns[name] + 1)
            text = display(step.value).strip()
            value = parse_target(text) if text else None
            if at not in given and display(value) != display(now.get(row, {}).get(name)):
                more.setdefault(id(step), []).append(Assignment(sheet=table.sheet, ref=make_ref(*at), value=value))
    return [x for step in steps for x in (step, *more.get(id(step), []))], table


def _sheet_named(names: Sequence[str], name: str | None) -> str:
    """The sheet an edit step means, as the engine finds it: the first when unnamed, case ignored."""
    if name is None:
        return names[0] if names else ""
    return name if name in names else next((n for n in names if n.lower() == name.lower()), name)


def _refuse_cell(path: Path, step: Assignment, sheet: str) -> None:
    """A cell of the Audit sheet or of govsheet's hidden sheets is never set by hand through govsheet."""
    if sheet == AUDIT_SHEET or sheet.startswith(META_SHEET):
        raise UsageError(path, f'--set "{step.sheet or sheet}!{step.ref}": the {sheet} sheet of a master is '
                               "govsheet's own and changes only through audited commands; change the Actions "
                               "sheet instead")


def _refuse_rows(path: Path, step: RowOperation, sheet: str, actions: str, table: ActionsTable | None,
                 unreadable: str | None) -> None:
    what = f'--{step.kind} "{step.sheet or sheet}!{step.text}"'  # as typed; the sheet named as it is
    if sheet == AUDIT_SHEET or sheet.startswith(META_SHEET):
        raise UsageError(path, f"{what}: the {sheet} sheet of a master is govsheet's own and its rows cannot be "
                               "deleted or inserted; it changes only through audited commands")
    if sheet != actions:
        return
    if table is None:
        raise UsageError(path, f"{what}: the {actions} sheet cannot be read as a table ({unreadable}), so the "
                               "rows changed could not be audited; fix the sheet first (govsheet validate says "
                               "where)")
    if step.first <= table.header_row:
        raise UsageError(path, f"{what} would cut the header row (row {table.header_row}) of the master's "
                               f"{actions} sheet; give rows below it")


@dataclass(frozen=True)
class _Context:
    """What every Audit row of one edit shares."""

    meta: Mapping[str, str]
    schema: Schema
    table: ActionsTable | None
    person: str
    reason: str
    source: str
    sha256: str

    def entry(self, when: str, ref: str, where: str, old: str, new: str, outcome: str) -> AuditEntry:
        return AuditEntry(when, self.meta.get("round", ""), "", self.person, ref, where, old, new, outcome,
                          self.reason, self.source, self.sha256)


@dataclass
class _Rows:
    """The Actions sheet's data rows as the edit's steps move them: each slot holds a row's identity.

    An identity is the row's sheet number before the edit (its values as read), or a negative
    number for a row the edit inserted; cells the edit sets are recorded on the identity, so a
    later step (and the tracked values written at the end) sees them wherever the row has moved.
    """

    header_row: int
    slots: list[int]
    values: dict[int, dict[str, Value]]
    fields: dict[int, str] = field(default_factory=dict)  # 0-based column -> field name
    new_ids: Any = field(default_factory=lambda: itertools.count(-1, -1))

    @classmethod
    def of(cls, table: ActionsTable | None) -> _Rows:
        if table is None:
            return cls(1, [], {})
        last = max((r.number for r in table.rows), default=table.header_row)
        return cls(table.header_row, list(range(table.header_row + 1, last + 1)),
                   {r.number: dict(r.values) for r in table.rows},
                   table.fields_by_column)

    def _slot(self, row: int) -> int:
        index = row - self.header_row - 1
        while len(self.slots) <= index:
            self.slots.append(next(self.new_ids))
        return index

    def _key(self, ident: int, schema: Schema) -> str:
        return display(self.values.get(ident, {}).get(schema.primary_key)).strip()

    def audit(self, ctx: _Context, changes: Sequence[CellChange], when: str) -> list[AuditEntry]:
        """The Audit entries of the edit's changes to the Actions sheet, in order, moving the rows as they go."""
        from govsheet.xlsx.edit import ROW_STEPS, is_row_step, moved_to

        sheet = ctx.table.sheet if ctx.table is not None else ctx.schema.sheet
        out: list[AuditEntry] = []
        for change in changes:
            if change.sheet != sheet:
                continue
            if change.old is None and is_row_step(change.new):
                first, _, last = change.ref.partition(":")
                rows = range(int(first), int(last or first) + 1)
                to = moved_to(change.new)
                if to is not None:
                    out += self._move(ctx, rows, to, when)
                elif change.new == ROW_STEPS[0]:
                    out += self._delete(ctx, rows, when)
                else:
                    out += self._insert(ctx, rows, when)
            elif change.old != change.new:
                out.append(self._set(ctx, change, when))
        return out

    def _set(self, ctx: _Context, change: CellChange, when: str) -> AuditEntry:
        row, col = parse_ref(change.ref)
        name = self.fields.get(col - 1) if row > self.header_row and ctx.table is not None else None
        key = ""
        if row > self.header_row and ctx.table is not None:
            ident = self.slots[self._slot(row)]
            key = self._key(ident, ctx.schema)
            if name:
                self.values.setdefault(ident, {})[name] = _seen(change)
                if name == ctx.schema.primary_key and not key:
                    key = display(change.new).strip()  # the key typed into a new row names it
        return ctx.entry(when, key, name or f"{column_letter(col - 1)}{row}", change.old or "", change.new or "",
                         EDITED)

    def _delete(self, ctx: _Context, rows: range, when: str) -> list[AuditEntry]:
        start = rows.start - self.header_row - 1
        gone = self.slots[start:start + len(rows)]
        del self.slots[start:start + len(rows)]
        out = []
        names = [f.name for f in ctx.schema.fields]
        for number, ident in zip(rows, gone, strict=False):
            values = self.values.pop(ident, {})
            old = summary([display(values.get(n)) for n in names])
            if old:
                out.append(ctx.entry(when, self._key_of(values, ctx.schema), f"row {number}", old, "", ROW_REMOVED))
        return out

    @staticmethod
    def _key_of(values: Mapping[str, Value], schema: Schema) -> str:
        return display(values.get(schema.primary_key)).strip()

    def _insert(self, ctx: _Context, rows: range, when: str) -> list[AuditEntry]:
        start = rows.start - self.header_row - 1
        if start > len(self.slots):
            self._slot(rows.start - 1)
        self.slots[start:start] = [next(self.new_ids) for _ in rows]
        return [ctx.entry(when, "", f"row {number}", "", "", ROW_ADDED) for number in rows]

    def _move(self, ctx: _Context, rows: range, to: int, when: str) -> list[AuditEntry]:
        """Rows cut and inserted before row ``to`` (numbered before the move): one row each, old and new place."""
        start = rows.start - self.header_row - 1
        self._slot(max(rows.stop - 1, to - 1))
        block = self.slots[start:start + len(rows)]
        before = {ident: n for n, ident in enumerate(self.slots, start=self.header_row + 1)}
        del self.slots[start:start + len(rows)]
        at = to - self.header_row - 1
        at = at - len(rows) if to > rows.stop - 1 else at
        self.slots[at:at] = block
        after = {ident: n for n, ident in enumerate(self.slots, start=self.header_row + 1)}
        return [ctx.entry(when, self._key(ident, ctx.schema), f"row {before[ident]}", f"row {before[ident]}",
                          f"row {after[ident]}", ROW_MOVED)
                for ident in block if ident in self.values]

    def snapshot(self, schema: Schema) -> Columns:
        """The tracked values as the edit leaves the sheet."""
        return snapshot_values(schema, map(self._values_of, self.slots))

    def _values_of(self, ident: int) -> Mapping[str, Value]:
        return self.values.get(ident, _NO_VALUES)
