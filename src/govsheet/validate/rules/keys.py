"""The primary key: every row has one and no two rows share it; parents exist."""

from __future__ import annotations

import operator
from collections.abc import Iterator
from itertools import compress, count
from typing import cast

from govsheet.model.problem import Problem
from govsheet.validate.context import Context, as_text


def check(ctx: Context) -> Iterator[Problem]:
    """Blank and repeated references, and sub-items whose parent is not in the tracker."""
    schema = ctx.schema
    pk = schema.primary_key
    if pk not in ctx.table.columns:
        return
    rows = ctx.rows
    title = schema.field(pk).title
    formulas = ctx.formula_rows(pk)
    keys = ctx.keys()
    for i in compress(count(), map(operator.not_, keys)):  # the blank references
        if ctx.rows.numbers[i] not in formulas:
            yield ctx.cell_problem("key-missing", "error",
                                   f'"{title}" is empty; give every row its own reference', rows[i], pk)
    for i, key, seen in ctx.repeats(keys, formulas):
        yield ctx.cell_problem("key-duplicate", "error",
                               f'reference "{key}" is already used in row {seen}; give each row its own reference',
                               rows[i], pk, ctx.column(pk)[i])
    yield from _parents(ctx, set(keys))


def _parents(ctx: Context, known: set[str]) -> Iterator[Problem]:
    schema, rows = ctx.schema, ctx.rows
    parent = schema.parent
    if parent is None or parent not in ctx.table.columns or (ctx.meta or {}).get("kind") == "return":
        return  # a return holds only its owner's rows, so a parent may belong to someone else
    parents = ctx.column(parent)
    formulas = ctx.formula_rows(parent)
    if all(map(str.__instancecheck__, parents)):  # text, most of it blank: only the filled cells are looked at
        texts = cast("list[str]", parents)
        strays = [i for i in compress(count(), texts) if texts[i].strip() not in known]
    else:
        strays = [i for i, v in enumerate(parents) if v is not None and v != "" and as_text(v).strip() not in known]
    for i in strays:
        text = as_text(parents[i]).strip()
        if text and ctx.rows.numbers[i] not in formulas:
            yield ctx.cell_problem("parent-unknown", "error",
                                   f'"{schema.field(parent).title}" names "{text}", which is not a reference in '
                                   "this tracker; correct it or clear it", rows[i], parent, parents[i])
