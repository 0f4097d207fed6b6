"""The schema's cross-field rules: what a status requires, and actions past their target."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from govsheet.model.problem import Problem
from govsheet.model.schema import Rule
from govsheet.model.tracker import display
from govsheet.validate.context import Context, is_blank
from govsheet.validate.dates import as_date, long_date
from govsheet.workbook.read import Row


def check(ctx: Context) -> Iterator[Problem]:
    """Run each rule of the schema over every row."""
    for rule in ctx.schema.rules:
        if rule.kind == "requires":
            yield from _requires(ctx, rule)
        else:
            yield from _overdue(ctx, rule)


def _status_code(ctx: Context, row: Row, field: str) -> str | None:
    value = row.values.get(field)
    if is_blank(value):
        return None
    found = ctx.read_status(display(value))
    return found[0].code if found else None


def _requires(ctx: Context, rule: Rule) -> Iterator[Problem]:
    assert rule.when is not None  # noqa: S101 - the schema model checks this
    assert rule.require is not None  # noqa: S101
    when, need = rule.when.field, rule.require
    if when not in ctx.table.columns or need not in ctx.table.columns:
        return
    for row in ctx.table.rows:
        if _status_code(ctx, row, when) in rule.when.in_ and is_blank(row.values.get(need)) \
                and not ctx.is_formula(need, row):
            yield ctx.cell_problem(rule.code, rule.severity, rule.message, row, need)


def _overdue(ctx: Context, rule: Rule) -> Iterator[Problem]:
    assert rule.date is not None  # noqa: S101 - the schema model checks this
    assert rule.status is not None  # noqa: S101
    date_field = ctx.schema.field(rule.date)
    source = ctx.schema.field(date_field.derived_from) if date_field.derived_from else None
    closed = {s.code for s in ctx.schema.statuses if s.closed}
    for row in ctx.table.rows:
        status = row.values.get(rule.status)
        if is_blank(status) and ctx.schema.parent and not is_blank(row.values.get(ctx.schema.parent)):
            continue  # a sub-item without a status of its own follows its parent
        if _status_code(ctx, row, rule.status) in closed:
            continue
        day, shown_field = _due(ctx, row, rule.date, source.name if source else None)
        if day is None or day >= ctx.today or shown_field is None:
            continue
        value = row.values.get(shown_field)
        yield ctx.cell_problem(rule.code, rule.severity,
                               f"{rule.message} (due {long_date(day)}, checked on {long_date(ctx.today)})",
                               row, shown_field, value)


def _due(ctx: Context, row: Row, date_field: str, source: str | None) -> tuple[dt.date | None, str | None]:
    """The row's due date and the field an officer would change to move it (the source of a derived date)."""
    for name in (date_field, source):
        if name is None or name not in ctx.table.columns or ctx.is_formula(name, row):
            continue
        day, _ = as_date(row.values.get(name), date1904=ctx.scan.date1904)
        if day is not None:
            return day, source if source in ctx.table.columns else name
    return None, None
