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
    parent = schema.parent if schema.parent in ctx.table.columns else None
    sub_items = {row.number for row in ctx.table.rows if not is_blank(row.values.get(parent))} if parent else set()
    for f in schema.fields:
        if f.name in ctx.table.columns:
            yield from _check_field(ctx, f, sub_items)


def _check_field(ctx: Context, f: FieldSpec, sub_items: set[int]) -> Iterator[Problem]:  # noqa: C901 - one pass per column is what keeps 50,000 rows fast
    """One column, top to bottom; the common case (a filled, unconstrained cell) costs two tests."""
    c = f.constraints
    name = f.name
    is_key = name == ctx.schema.primary_key
    required = c.required and not is_key
    inherited = f.type in _INHERITED_TYPES
    typed = f.type in {"integer", "number", "date"}
    constrained = c.enum is not None or c.minimum is not None or c.maximum is not None
    max_length = c.max_length
    seen: dict[str, int] | None = {} if c.unique and not is_key else None
    if not (required or typed or constrained or max_length or seen is not None or c.pattern):
        return
    pattern = re.compile(c.pattern) if c.pattern else None
    formulas = ctx.formula_rows(name)
    for row in ctx.table.rows:
        value = row.values.get(name)
        if value is None or (type(value) is str and not value.strip()):
            if required and row.number not in formulas and not (inherited and row.number in sub_items):
                yield ctx.cell_problem("required-missing", "error",
                                       f'"{f.title}" is empty; it is required, so fill it in', row, name)
            continue
        if formulas and row.number in formulas:
            continue
        if max_length is not None and type(value) is str and len(value) > max_length:
            yield ctx.cell_problem("too-long", "error",
                                   f'"{f.title}" holds {len(value):,} characters, more than the {max_length:,} '
                                   "allowed; shorten it", row, name, value[:80] + "...")
        if pattern is not None and not pattern.fullmatch(value if type(value) is str else display(value)):
            yield _pattern_problem(ctx, row, f, value, pattern)
        if typed:
            found = _type_problem(ctx, row, f, value)
            if found is not None:
                yield found
        if constrained:
            yield from _check_constraints(ctx, row, f, value)
        if seen is not None:
            yield from _check_unique(ctx, row, f, value, seen)


def _type_problem(ctx: Context, row: Row, f: FieldSpec, value: Value) -> Problem | None:
    """The one type finding of a filled cell, if any (a function, not a generator: it runs per row)."""
    if f.type == "integer" and not _is_integer(value):
        return ctx.cell_problem("not-an-integer", "error",
                                f'"{f.title}" holds "{display(value)}", which is not a whole number; enter a number '
                                "such as 3", row, f.name, value)
    if f.type == "number" and not _is_number(value):
        return ctx.cell_problem("not-a-number", "error",
                                f'"{f.title}" holds "{display(value)}", which is not a number; enter a number such '
                                "as 2.5", row, f.name, value)
    return _date_problem(ctx, row, f, value) if f.type == "date" else None


def _date_problem(ctx: Context, row: Row, f: FieldSpec, value: Value) -> Problem | None:
    day, how = as_date(value, date1904=ctx.scan.date1904)
    if day is None:
        return ctx.cell_problem("not-a-date", "error",
                                f'"{f.title}" holds "{display(value)}", which is not a date; enter a date such as '
                                "31/03/2021", row, f.name, value)
    if how == "serial":
        return ctx.cell_problem("date-as-number", "warning",
                                f'"{f.title}" shows the number "{display(value)}", read as {long_date(day)}; '
                                "format the cell as a date", row, f.name, value)
    if how == "text":
        return ctx.cell_problem("date-as-text", "warning",
                                f'"{f.title}" holds the text "{display(value)}", read as {long_date(day)}; '
                                "enter it as a date", row, f.name, value)
    return _derived_problem(ctx, row, f, day) if f.derived_from else None


def _derived_problem(ctx: Context, row: Row, f: FieldSpec, day: dt.date) -> Problem | None:
    assert f.derived_from is not None  # noqa: S101 - only called for derived fields
    name = f.derived_from
    raw = row.values.get(name)
    if is_blank(raw) or (ctx.formula_cells and ctx.is_formula(name, row)):
        return None
    expected, _ = as_date(raw, date1904=ctx.scan.date1904)
    if expected is None or expected == day:
        return None
    title = ctx.schema.field(name).title
    return ctx.cell_problem("derived-mismatch", "warning",
                            f'"{f.title}" is {long_date(day)} but "{title}" says "{display(raw)}" '
                            f"({long_date(expected)}); make them agree", row, f.name, row.values.get(f.name))


def _pattern_problem(ctx: Context, row: Row, f: FieldSpec, value: Value, pattern: re.Pattern[str]) -> Problem:
    return ctx.cell_problem("pattern-mismatch", "error",
                            f'"{f.title}" holds "{display(value)}", which does not have the expected form '
                            f'("{pattern.pattern}"); correct it', row, f.name, value)


def _check_constraints(ctx: Context, row: Row, f: FieldSpec, value: Value) -> Iterator[Problem]:
    c = f.constraints
    text = display(value)
    if c.enum is not None and text not in c.enum:
        close = difflib.get_close_matches(text, c.enum, n=1, cutoff=0.6)
        hint = f'; did you mean "{close[0]}"?' if close else "; pick one of them"
        yield ctx.cell_problem("enum-invalid", "error",
                               f'"{text}" is not one of {quoted(c.enum)}{hint}', row, f.name, value)
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
