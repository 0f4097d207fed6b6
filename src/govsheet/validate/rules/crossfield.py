"""The schema's cross-field rules: what a status requires, and actions past their target."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from itertools import compress, count

from govsheet.model.problem import Problem
from govsheet.model.schema import Rule
from govsheet.model.tracker import Value
from govsheet.validate.context import Context, as_text, is_blank
from govsheet.validate.dates import as_date, long_date


def check(ctx: Context) -> Iterator[Problem]:
    """Run each rule of the schema over every row."""
    for rule in ctx.schema.rules:
        if rule.kind == "requires":
            yield from _requires(ctx, rule)
        else:
            yield from _overdue(ctx, rule)


def _codes(ctx: Context, column: list[Value]) -> dict[Value, str]:
    """The status code of each distinct status text in a column (unknown and blank texts left out)."""
    codes: dict[Value, str] = {}
    for value in set(column):
        if not is_blank(value):
            found = ctx.read_status(as_text(value))
            if found is not None:
                codes[value] = found[0].code
    return codes


def _requires(ctx: Context, rule: Rule) -> Iterator[Problem]:
    assert rule.when is not None  # noqa: S101 - the schema model checks this
    assert rule.require is not None  # noqa: S101
    when, need = rule.when.field, rule.require
    if when not in ctx.table.columns or need not in ctx.table.columns:
        return
    statuses = ctx.column(when)
    hits = {v for v, code in _codes(ctx, statuses).items() if code in rule.when.in_}
    if not hits:
        return
    formulas = ctx.formula_rows(need)
    for i in ctx.blanks(need):
        if statuses[i] in hits and ctx.rows.numbers[i] not in formulas:
            yield ctx.cell_problem(rule.code, rule.severity, rule.message, i, need)


def _overdue(ctx: Context, rule: Rule) -> Iterator[Problem]:
    assert rule.date is not None  # noqa: S101 - the schema model checks this
    assert rule.status is not None  # noqa: S101
    date_field = ctx.schema.field(rule.date)
    source = date_field.derived_from
    if rule.status not in ctx.table.columns or not ({rule.date, source} & set(ctx.table.columns)):
        return
    closed_codes = {s.code for s in ctx.schema.statuses if s.closed}
    statuses = ctx.column(rule.status)
    closed = {v for v, code in _codes(ctx, statuses).items() if code in closed_codes}
    dates = ctx.column(rule.date) if rule.date in ctx.table.columns else [None] * len(statuses)
    today = ctx.today
    # the common case, a date cell on or after today or a closed action, is settled for each distinct
    # (status, date) pair: a few hundred, where there are rows by the ten thousand
    pending = {(s, d) for s, d in set(zip(statuses, dates, strict=True))
               if s not in closed and not (d.__class__ is dt.date and d >= today)}
    candidates = (list(compress(count(), map(pending.__contains__, zip(statuses, dates, strict=True))))
                  if pending else [])
    parents = ctx.column(ctx.schema.parent) if ctx.schema.parent in ctx.table.columns else None
    # where the due date is read from, in turn: the date cell, then the text it is derived from (not formulas)
    sources = [(ctx.column(name), ctx.formula_rows(name), source if source in ctx.table.columns else name)
               for name in (rule.date, source) if name is not None and name in ctx.table.columns]
    numbers = ctx.rows.numbers
    date1904 = ctx.scan.date1904
    checked = long_date(today)
    for i in candidates:
        if parents is not None and is_blank(statuses[i]) and not is_blank(parents[i]):
            continue  # a sub-item without a status of its own follows its parent
        day, shown = _due(sources, numbers[i], i, date1904)
        if day is None or day >= today or shown is None:
            continue
        yield ctx.cell_problem(rule.code, rule.severity,
                               f"{rule.message} (due {long_date(day)}, checked on {checked})",
                               i, shown, ctx.column(shown)[i])


def _due(sources: list[tuple[list[Value], set[int], str]], number: int, i: int,
         date1904: bool) -> tuple[dt.date | None, str | None]:
    """Data row ``i``'s due date and the field an officer would change to move it (the source of a derived date)."""
    for column, formulas, shown in sources:
        if number in formulas:
            continue
        day, _ = as_date(column[i], date1904=date1904)
        if day is not None:
            return day, shown
    return None, None
