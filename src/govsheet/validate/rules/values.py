"""Each cell on its own: required, its type and the schema's constraints."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterator

from govsheet.model.problem import Problem
from govsheet.model.schema import FieldSpec
from govsheet.model.tracker import Value, display
from govsheet.validate.context import Context, is_blank, quoted
from govsheet.validate.dates import as_date, long_date
from govsheet.workbook.read import Row

# On a sub-item row (one with a parent) these may be left blank: the parent action carries them.
_INHERITED_TYPES = {"status", "person", "target", "date"}


def check(ctx: Context) -> Iterator[Problem]:
    """Required fields, types, enum, pattern, maxLength, minimum and maximum, and unique values."""
    schema = ctx.schema
    fields = [f for f in schema.fields if f.name in ctx.table.columns]
    patterns = {f.name: re.compile(f.constraints.pattern) for f in fields if f.constraints.pattern}
    seen: dict[str, dict[str, int]] = {f.name: {} for f in fields if f.constraints.unique}
    for row in ctx.table.rows:
        is_sub_item = bool(schema.parent) and not is_blank(row.values.get(schema.parent or ""))
        for f in fields:
            if ctx.is_formula(f.name, row):
                continue
            value = row.values.get(f.name)
            if is_blank(value):
                if f.constraints.required and f.name != schema.primary_key and not (
                        is_sub_item and f.type in _INHERITED_TYPES):
                    yield ctx.cell_problem("required-missing", "error",
                                           f'"{f.title}" is empty; it is required, so fill it in', row, f.name)
                continue
            yield from _check_type(ctx, row, f, value)
            yield from _check_constraints(ctx, row, f, value, patterns.get(f.name))
            if f.name in seen and f.name != schema.primary_key:
                yield from _check_unique(ctx, row, f, value, seen[f.name])


def _check_type(ctx: Context, row: Row, f: FieldSpec, value: Value) -> Iterator[Problem]:
    if f.type == "integer" and not _is_integer(value):
        yield ctx.cell_problem("not-an-integer", "error",
                               f'"{f.title}" holds "{display(value)}", which is not a whole number; enter a number '
                               "such as 3", row, f.name, value)
    elif f.type == "number" and not _is_number(value):
        yield ctx.cell_problem("not-a-number", "error",
                               f'"{f.title}" holds "{display(value)}", which is not a number; enter a number such '
                               "as 2.5", row, f.name, value)
    elif f.type == "date":
        day, how = as_date(value, date1904=ctx.scan.date1904)
        if day is None:
            yield ctx.cell_problem("not-a-date", "error",
                                   f'"{f.title}" holds "{display(value)}", which is not a date; enter a date such '
                                   "as 31/03/2021", row, f.name, value)
        elif how == "serial":
            yield ctx.cell_problem("date-as-number", "warning",
                                   f'"{f.title}" shows the number "{display(value)}", read as {long_date(day)}; '
                                   "format the cell as a date", row, f.name, value)
        elif how == "text":
            yield ctx.cell_problem("date-as-text", "warning",
                                   f'"{f.title}" holds the text "{display(value)}", read as {long_date(day)}; '
                                   "enter it as a date", row, f.name, value)
        elif f.derived_from:
            yield from _check_derived(ctx, row, f, day)


def _check_derived(ctx: Context, row: Row, f: FieldSpec, day: dt.date) -> Iterator[Problem]:
    assert f.derived_from is not None  # noqa: S101 - only called for derived fields
    source = ctx.schema.field(f.derived_from)
    raw = row.values.get(source.name)
    if is_blank(raw) or ctx.is_formula(source.name, row):
        return
    expected, _ = as_date(raw, date1904=ctx.scan.date1904)
    if expected is not None and expected != day:
        yield ctx.cell_problem("derived-mismatch", "warning",
                               f'"{f.title}" is {long_date(day)} but "{source.title}" says "{display(raw)}" '
                               f"({long_date(expected)}); make them agree", row, f.name, row.values.get(f.name))


def _check_constraints(ctx: Context, row: Row, f: FieldSpec, value: Value,
                       pattern: re.Pattern[str] | None) -> Iterator[Problem]:
    c = f.constraints
    text = display(value)
    if c.enum is not None and text not in c.enum:
        close = difflib.get_close_matches(text, c.enum, n=1, cutoff=0.6)
        hint = f'; did you mean "{close[0]}"?' if close else "; pick one of them"
        yield ctx.cell_problem("enum-invalid", "error",
                               f'"{text}" is not one of {quoted(c.enum)}{hint}', row, f.name, value)
    if pattern is not None and not pattern.fullmatch(text):
        yield ctx.cell_problem("pattern-mismatch", "error",
                               f'"{f.title}" holds "{text}", which does not have the expected form '
                               f'("{pattern.pattern}"); correct it', row, f.name, value)
    if c.max_length is not None and len(text) > c.max_length:
        yield ctx.cell_problem("too-long", "error",
                               f'"{f.title}" holds {len(text):,} characters, more than the {c.max_length:,} '
                               "allowed; shorten it", row, f.name, text[:80] + "...")
    if (c.minimum is not None or c.maximum is not None) and _is_number(value):
        number = float(text.replace(",", ""))
        if (c.minimum is not None and number < c.minimum) or (c.maximum is not None and number > c.maximum):
            yield ctx.cell_problem("out-of-range", "error",
                                   f'"{f.title}" holds {text}, outside {_range(c.minimum, c.maximum)}; correct it',
                                   row, f.name, value)


def _check_unique(ctx: Context, row: Row, f: FieldSpec, value: Value, seen: dict[str, int]) -> Iterator[Problem]:
    text = display(value).strip()
    first = seen.setdefault(text, row.number)
    if first != row.number:
        yield ctx.cell_problem("not-unique", "error",
                               f'"{text}" is already used in row {first}; "{f.title}" must be unique, so change '
                               "one of them", row, f.name, value)


def _range(low: float | None, high: float | None) -> str:
    if low is not None and high is not None:
        return f"{low:g} to {high:g}"
    return f"at least {low:g}" if low is not None else f"at most {high:g}"


def _is_integer(value: Value) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return True
    if isinstance(value, float):
        return value.is_integer()
    return isinstance(value, str) and re.fullmatch(r"\s*[+-]?\d[\d,]*\s*", value) is not None


def _is_number(value: Value) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return True
    if isinstance(value, str):
        try:
            float(value.replace(",", ""))
        except ValueError:
            return False
        return True
    return False
