"""Decide every cell of one return against the master as it is now, without writing anything."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from govsheet.merge.align import Aligned, align
from govsheet.merge.decide import compare_key, decide
from govsheet.merge.report import Change, ChangeOutcome
from govsheet.model.schema import FieldSpec, Schema
from govsheet.model.tracker import Value, display
from govsheet.returns.directory import Directory, RowOwnership, build_directory
from govsheet.returns.meta import ReturnMeta
from govsheet.returns.owners import owner_key
from govsheet.workbook.read import ActionsTable, Row

MAX_SHOWN = 200  # characters of the baseline quoted in a conflict's reason


def plan_return(schema: Schema, meta: ReturnMeta, theirs: ActionsTable, master: ActionsTable,
                master_rows: Mapping[str, Row], *, source: str = "",
                directory: Directory | None = None, owners: RowOwners | None = None) -> list[Change]:
    """The changes one return asks for, each with its outcome, in baseline order.

    ``master_rows`` is the master now (key -> row), including changes applied from
    returns merged earlier in the same run. A row belongs to the return when ``directory``
    (the master's Owners sheet; by default the reading import would make) maps the row to
    the return's owner: each owner of a joint row may edit it, and a sub-item is its parent's.
    ``owners`` is that mapping already worked out (:func:`row_owner_keys`), for a run of many returns.
    """
    plan = _Planner(schema, meta, master, source, master_rows, directory, owners)
    for name, spec in ((f.name, f) for f in schema.fields):
        if name not in theirs.columns and spec.editable:
            plan.add("*", spec, "", "", "rejected", "the column was removed from the return, so its edits cannot "
                                                    "be read; ask the officer to restore it")
    for pair in align(meta.baseline, theirs, master_rows, schema.primary_key):
        plan.row(pair, theirs)
    return plan.changes


def row_owner_keys(schema: Schema, master_rows: Mapping[str, Row], directory: Directory | None) -> RowOwners:
    """Each master row's owners (spelling folded) by reference: the directory's reading of its officer text.

    Without a directory, the one import would build from the officer texts is used. A row's owners
    are worked out when asked for (a return asks about its own rows, not the master's 50,000).
    """
    return RowOwners(schema, master_rows, directory)


class RowOwners:
    """Reference -> the row's owners (spelling folded), worked out on first use from the rows as they are."""

    def __init__(self, schema: Schema, rows: Mapping[str, Row], directory: Directory | None) -> None:
        directory = directory or build_directory((display(r.values.get(schema.owner)) for r in rows.values()), schema)
        self._lookup = RowOwnership(lambda key: row.values if (row := rows.get(key)) is not None else None,
                                    schema, directory)

    def get(self, key: str) -> set[str]:
        """The owners of row ``key``; none when the master has no such row."""
        return {owner_key(n) for n in self._lookup.of(key)}


class _Planner:
    def __init__(self, schema: Schema, meta: ReturnMeta, master: ActionsTable, source: str,
                 master_rows: Mapping[str, Row], directory: Directory | None,
                 owners: RowOwners | None = None) -> None:
        self.schema = schema
        self.meta = meta
        self.master = master
        self.source = source
        self.changes: list[Change] = []
        self._rows = master_rows
        self._directory = directory
        self._owners = owners
        self._in_return: list[FieldSpec] | None = None

    def owns(self, key: str) -> bool:
        """Whether the master's row ``key`` belongs to this return's owner (worked out once, on first use)."""
        if self._owners is None:
            self._owners = row_owner_keys(self.schema, self._rows, self._directory)
        return owner_key(self.meta.owner) in self._owners.get(key)

    def add(self, key: str, spec: FieldSpec | None, old: str, new: str, outcome: ChangeOutcome, reason: str,
            *, cell: str | None = None, value: Value = None) -> None:
        base = self.meta.baseline.get(key, {}).get(spec.name, "") if spec else ""
        self.changes.append(Change(
            key=key, field=spec.name if spec else None, old=old, new=new, return_id=self.meta.return_id,
            outcome=outcome, reason=reason, owner=self.meta.owner, cell=cell, value=value, source=self.source,
            title=spec.title if spec else "", base=base))

    def row(self, pair: Aligned, theirs: ActionsTable) -> None:
        key = pair.key
        if pair.theirs is None:
            self.add(key, None, "", "", "rejected", "the row was deleted from the return; the master keeps it")
            return
        # the row's text is quoted only when the whole row is rejected
        new_text = (" | ".join(display(v) for v in pair.theirs.values.values() if v is not None)
                    if pair.duplicate or pair.baseline is None else "")
        if pair.duplicate:
            self.add(key, None, "", new_text, "rejected", f"a second row with reference {key!r}; not merged")
            return
        if pair.baseline is None:
            if pair.master is not None:
                owner = display(pair.master.values.get(self.schema.owner))
                mine = self.owns(key)
                reason = ("the row was not in this return when it was issued; not merged" if mine else
                          f"the row belongs to {owner!r}, not to this return's owner; not merged")
                self.add(key, None, "", new_text, "rejected", reason)
            else:
                self.add(key, None, "", new_text, "rejected", "a row added to the return; new actions are added "
                                                              "to the master by the governance team")
            return
        start = len(self.changes)
        values, base = pair.theirs.values, pair.baseline
        # most cells are as issued, and decide() would say "nothing" whatever the master holds: only the
        # others are decided (a text value is its own display)
        for spec in self._fields(theirs):
            value = values.get(spec.name)
            if (value if type(value) is str else display(value)) != base.get(spec.name, ""):
                self.cell(pair, spec)
        self.check_rules(pair, self.changes[start:])
        self.request(pair, self.changes[start:])

    def _fields(self, theirs: ActionsTable) -> list[FieldSpec]:
        """The schema's fields the return has a column for, in schema order (worked out once)."""
        if self._in_return is None:
            self._in_return = [spec for spec in self.schema.fields if spec.name in theirs.columns]
        return self._in_return

    def request(self, pair: Aligned, changes: list[Change]) -> None:
        """A new target proposed in the return becomes an extension request on the target field.

        The proposal and its reason are applied to their own cells like any edit, so the master
        shows what is asked; the target itself is never changed by a merge.
        """
        ext = self.schema.extensions
        proposed = next((c for c in changes if ext and c.field == ext.proposed and c.outcome == "applied"), None)
        if ext is None or proposed is None or not proposed.new.strip():
            return  # no proposal, or one withdrawn (cleared in the return)
        assert pair.master is not None  # noqa: S101 - an edit is applied only to a row the master has
        assert pair.theirs is not None  # noqa: S101
        now = display(pair.master.values.get(ext.target))
        if compare_key(proposed.new, self.schema.field(ext.target), self.schema) == compare_key(
                now, self.schema.field(ext.target), self.schema):
            return
        reason = display(pair.theirs.values.get(ext.reason)).strip()
        self.add(pair.key, self.schema.field(ext.target), now, proposed.new.strip(), "requested", reason)

    def check_rules(self, pair: Aligned, changes: list[Change]) -> None:
        """Reject applied edits that would leave the row breaking a ``requires`` rule (Completed, no note)."""
        applied = {c.field: c for c in changes if c.outcome == "applied" and c.field}
        rejected: dict[str, str] = {}
        if not applied or pair.master is None:
            return
        after = {f.name: display(pair.master.values.get(f.name)) for f in self.schema.fields}
        after.update({name: display(c.value) for name, c in applied.items()})
        for rule in self.schema.rules:
            if rule.kind != "requires" or rule.when is None or rule.require is None:
                continue
            found = self.schema.read_status(after.get(rule.when.field, "")) if self.schema.statuses else None
            if found is None or found[0].code not in rule.when.in_ or after.get(rule.require, "").strip():
                continue
            for name in (rule.when.field, rule.require):
                if name in applied:
                    rejected.setdefault(name, f"{rule.message} [{rule.code}]")
        for i, change in enumerate(self.changes):
            if change.field in rejected and applied.get(change.field) is change:
                self.changes[i] = replace(change, outcome="rejected", reason=rejected[change.field])

    def cell(self, pair: Aligned, spec: FieldSpec) -> None:
        """Decide one cell the return changed (row() passes over the cells still as issued)."""
        assert pair.theirs is not None  # noqa: S101 - row() handles deleted rows
        assert pair.baseline is not None  # noqa: S101 - row() handles added rows
        base = pair.baseline.get(spec.name, "")
        mine = display(pair.theirs.values.get(spec.name))
        now = display(pair.master.values.get(spec.name)) if pair.master else ""
        ck = [compare_key(t, spec, self.schema) for t in (base, now, mine)]
        decision = decide(ck[0], ck[1], ck[2], editable=spec.editable)
        if decision.outcome == "nothing":
            return
        in_master = pair.master is not None and spec.name in self.master.columns
        cell = self.master.cell(spec.name, pair.master.number) if in_master and pair.master else None
        if decision.outcome == "rejected":
            self.add(pair.key, spec, now if pair.master else base, mine, "rejected", decision.reason, cell=cell)
            return
        if pair.master is None or cell is None:
            self.add(pair.key, spec, base, mine, "rejected", "the master no longer has this row; not merged")
            return
        if not self.owns(pair.key):
            self.add(pair.key, spec, now, mine, "rejected", "the row no longer belongs to this return's owner in "
                                                            "the master; not merged", cell=cell)
            return
        raw = pair.theirs.values.get(spec.name)
        # Dates and numbers keep their type in the master; everything else is stored as text.
        value: Value = raw if spec.type in {"date", "integer", "number"} and not isinstance(raw, str) else mine
        if spec.type == "status" and self.schema.statuses and mine.strip():
            found = self.schema.read_status(mine)
            if found is None:
                labels = ", ".join(f'"{s.label}"' for s in self.schema.statuses)
                self.add(pair.key, spec, now, mine, "rejected", f"status {mine!r} is not one of {labels}",
                         cell=cell)
                return
            value = found[0].label
        if not mine.strip():
            value = None
        reason = decision.reason
        if decision.outcome == "conflict":  # the third value, so whoever resolves it sees all three
            shown = base if len(base) <= MAX_SHOWN else base[: MAX_SHOWN - 3] + "..."
            reason += f'; when the return was issued it was "{shown}"' if base else "; it was blank when issued"
        self.add(pair.key, spec, now, display(value), decision.outcome, reason, cell=cell, value=value)
