"""Each cell on its own: required, its type and the schema's constraints."""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import operator
import re
from collections.abc import Iterator
from itertools import compress, count
from typing import cast

from govsheet.model.problem import Problem
from govsheet.model.schema import FieldSpec
from govsheet.model.tracker import Value, display
from govsheet.validate.context import Context, is_blank, quoted, repeats_much
from govsheet.validate.dates import as_date, long_date
from govsheet.workbook.read import Row
from govsheet.xlsx.limits import MAX_CELL_CHARS

# On a sub-item row (one with a parent) these may be left blank: the parent action carries them.
_INHERITED_TYPES = {"status", "person", "target", "date"}
_DATE_TYPES = frozenset({dt.date, dt.datetime})  # the classes of a date cell as calamine reads it
_TYPED = {"integer", "number", "date"}  # the types a filled cell can fail (see _type_problem)


def check(ctx: Context) -> Iterator[Problem]:
    """Required fields, types, enum, pattern, maxLength, minimum and maximum, and unique values."""
    schema = ctx.schema
    parent = schema.parent if schema.parent in ctx.table.columns else None
    sub_items = ctx.filled(parent) if parent else set()
    for f in schema.fields:
        if f.name in ctx.table.columns:
            yield from _check_field(ctx, f, sub_items)


def _check_field(ctx: Context, f: FieldSpec, sub_items: set[int]) -> Iterator[Problem]:
    """One column: a quick pass finds the cells that fail any test, then only those are looked at closely."""
    c = f.constraints
    name = f.name
    rows = ctx.rows
    is_key = name == ctx.schema.primary_key
    formulas = ctx.formula_rows(name)
    if c.required and not is_key:
        inherited = f.type in _INHERITED_TYPES
        for i in ctx.blanks(name):
            number = ctx.rows.numbers[i]
            if number not in formulas and not (inherited and number in sub_items):
                yield ctx.cell_problem("required-missing", "error",
                                       f'"{f.title}" is empty; it is required, so fill it in', rows[i], name)
    pattern = re.compile(c.pattern) if c.pattern else None
    suspects = _suspects(ctx, f, pattern)
    if suspects:
        blank = set(ctx.blanks(name))
        skip = blank | {i for i, n in enumerate(ctx.rows.numbers) if n in formulas} if formulas else blank
        column = ctx.column(name)
        for i in sorted(suspects - skip):
            yield from _check_cell(ctx, rows[i], f, column[i], pattern)
    if c.unique and not is_key:
        yield from _check_unique(ctx, f, formulas)


def _suspects(ctx: Context, f: FieldSpec, pattern: re.Pattern[str] | None) -> set[int]:
    """The rows whose cell might break a type or constraint test (blank cells included; they are skipped)."""
    c = f.constraints
    column = ctx.column(f.name)
    found: set[int] = set()
    if c.enum is not None or c.minimum is not None or c.maximum is not None:
        return set(range(len(column)))
    if c.max_length is not None or pattern is not None:
        found = _text_suspects(column, c.max_length, pattern)
    if f.type == "integer":
        found.update(i for i, v in enumerate(column) if not _is_integer(v))
    elif f.type == "number":
        found.update(i for i, v in enumerate(column) if not _is_number(v))
    elif f.type == "date":
        found.update(compress(count(), map(operator.not_, map(_DATE_TYPES.__contains__, map(type, column)))))
        if f.derived_from and f.derived_from in ctx.table.columns:
            source = ctx.column(f.derived_from)
            # pairs such as (31 March 2021, "March 2021") repeat down a tracker: judge each distinct pair once
            wrong = {(v, s) for v, s in set(zip(column, source, strict=True))
                     if s is not None and s != "" and _disagrees(v, s, date1904=ctx.scan.date1904)}
            if wrong:
                found.update(i for i, pair in enumerate(zip(column, source, strict=True)) if pair in wrong)
    return found


def _text_suspects(column: list[Value], limit: int | None, pattern: re.Pattern[str] | None) -> set[int]:
    """The cells longer than ``limit`` or not matching ``pattern``."""
    if limit is not None and limit >= MAX_CELL_CHARS:
        limit = None  # the reader has refused any cell longer than Excel holds
    try:  # a column all of text (blank cells are "" as read, so most are) is passed over at C speed
        texts = cast("list[str]", column)
        long = limit is not None and max(map(len, texts), default=0) > limit
        found = _mismatches(texts, pattern) if pattern else set()
    except TypeError:  # a number, a date or None among them: look at each cell
        long = limit is not None
        found = set()
        if pattern is not None:
            match = pattern.fullmatch
            found = {i for i, v in enumerate(column) if not match(v if v.__class__ is str else display(v))}
    if long:
        found.update(i for i, v in enumerate(column) if v.__class__ is str and len(v) > cast("int", limit))
    return found


def _mismatches(texts: list[str], pattern: re.Pattern[str]) -> set[int]:
    """The cells of a column of text that do not match ``pattern``; a value that repeats (a parent's
    reference, a blank) is matched once."""
    if not repeats_much(texts):  # mostly distinct, as references are
        return set(compress(count(), map(operator.not_, map(pattern.fullmatch, texts))))
    wrong = {text for text in set(texts) if not pattern.fullmatch(text)}
    return set(compress(count(), map(wrong.__contains__, texts))) if wrong else set()


@functools.lru_cache(maxsize=4096)
def _disagrees(value: Value, source: Value, *, date1904: bool) -> bool:
    """True when a derived date differs from the date its source text names (remembered: pairs such as
    (31 March 2021, "March 2021") repeat down a tracker)."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if not isinstance(value, dt.date):
        return False
    expected, _ = as_date(source, date1904=date1904)
    return expected is not None and expected != value


def _check_cell(ctx: Context, row: Row, f: FieldSpec, value: Value, pattern: re.Pattern[str] | None,
                ) -> Iterator[Problem]:
    c = f.constraints
    max_length = c.max_length
    if max_length is not None and isinstance(value, str) and len(value) > max_length:
        yield ctx.cell_problem("too-long", "error",
                               f'"{f.title}" holds {len(value):,} characters, more than the {max_length:,} '
                               "allowed; shorten it", row, f.name, value[:80] + "...")
    if pattern is not None:
        text = value if value.__class__ is str else display(value)
        if not pattern.fullmatch(text):
            yield _pattern_problem(ctx, row, f, value, text, pattern)
    if f.type in _TYPED:
        found = _type_problem(ctx, row, f, value)
        if found is not None:
            yield found
    if c.enum is not None or c.minimum is not None or c.maximum is not None:
        yield from _check_constraints(ctx, row, f, value)


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


def _pattern_problem(ctx: Context, row: Row, f: FieldSpec, value: Value, text: str, pattern: re.Pattern[str],
                     ) -> Problem:
    return ctx.cell_problem("pattern-mismatch", "error",
                            f'"{f.title}" holds "{text}", which does not have the expected form '
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


def _check_unique(ctx: Context, f: FieldSpec, formulas: set[int]) -> Iterator[Problem]:
    rows = ctx.rows
    column = ctx.column(f.name)
    texts = [display(v).strip() for v in column]
    for i, text, seen in ctx.repeats(texts, formulas):
        yield ctx.cell_problem("not-unique", "error",
                               f'"{text}" is already used in row {seen}; "{f.title}" must be unique, so change '
                               "one of them", rows[i], f.name, column[i])


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
