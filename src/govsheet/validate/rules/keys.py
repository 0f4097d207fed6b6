"""The primary key: every row has one and no two rows share it; parents exist."""

from __future__ import annotations

from collections.abc import Iterator

from govsheet.model.problem import Problem
from govsheet.model.tracker import display
from govsheet.validate.context import Context, is_blank


def check(ctx: Context) -> Iterator[Problem]:
    """Blank and repeated references, and sub-items whose parent is not in the tracker."""
    schema = ctx.schema
    pk = schema.primary_key
    if pk not in ctx.table.columns:
        return
    title = schema.field(pk).title
    first: dict[str, int] = {}
    for row in ctx.table.rows:
        if ctx.is_formula(pk, row):
            continue
        value = row.values.get(pk)
        if is_blank(value):
            yield ctx.cell_problem("key-missing", "error",
                                   f'"{title}" is empty; give every row its own reference', row, pk)
            continue
        text = display(value).strip()
        seen = first.setdefault(text, row.number)
        if seen != row.number:
            yield ctx.cell_problem("key-duplicate", "error",
                                   f'reference "{text}" is already used in row {seen}; give each row its own '
                                   "reference", row, pk, value)
    parent = schema.parent
    if parent is None or parent not in ctx.table.columns or (ctx.meta or {}).get("kind") == "return":
        return  # a return holds only its owner's rows, so a parent may belong to someone else
    for row in ctx.table.rows:
        value = row.values.get(parent)
        if is_blank(value) or ctx.is_formula(parent, row):
            continue
        text = display(value).strip()
        if text not in first:
            yield ctx.cell_problem("parent-unknown", "error",
                                   f'"{schema.field(parent).title}" names "{text}", which is not a reference in '
                                   "this tracker; correct it or clear it", row, parent, value)
