"""Formulas where a value belongs, and text that would run as a formula elsewhere."""

from __future__ import annotations

import operator
from collections.abc import Iterator
from typing import cast

from govsheet.model.problem import Problem
from govsheet.model.tracker import Value
from govsheet.validate.context import Context, repeats_much

# Text starting with these runs as a formula when pasted into a spreadsheet (formula injection).
_TRIGGERS = ("=", "+", "@", "\t", "\r")
_FIRST = frozenset("=+@\t\r-")
_FIRST_CHARACTER = operator.itemgetter(0)
_TEXT_TYPES = {"string", "text", "person", "target", "status"}


def check(ctx: Context) -> Iterator[Problem]:
    """A formula in any tracker column; formula-like text in text columns."""
    titles = {f.name: f.title for f in ctx.schema.fields}
    for name, number in sorted(ctx.formula_cells, key=lambda c: (c[1], ctx.table.columns[c[0]])):
        formula = ctx.scan.formulas[(ctx.letters[name], number)]
        row = ctx.rows.at(number)
        if row is None:  # a formula with no value: calamine skipped the row as blank
            from govsheet.workbook.read import Row

            row = Row(number=number, values={})
        yield ctx.cell_problem("formula-in-cell", "error",
                               f'"{titles[name]}" holds the formula "{formula}"; a tracker keeps values, so type '
                               "the value itself", row, name, formula)
    fields = [f for f in ctx.schema.fields if f.type in _TEXT_TYPES and f.name in ctx.table.columns]
    found = []
    for f in fields:
        column = ctx.column(f.name)
        for i in _openings(column):
            value = column[i]
            row = ctx.rows[i]
            if isinstance(value, str) and _looks_like_formula(value) and not ctx.is_formula(f.name, row):
                found.append(ctx.cell_problem(
                    "formula-like-text", "warning",
                    f'"{f.title}" starts with "{value[:1]}" and would run as a formula if copied into another '
                    "sheet; govsheet keeps it as text, but start it with a word", row, f.name, value))
    yield from found


def _openings(column: list[Value]) -> list[int]:
    """The cells of text starting with a character a formula may start with (few or none)."""
    try:  # a column of text none of whose cells opens so (the common case) is told at C speed
        distinct = set(column) if repeats_much(column) else column
        if _FIRST.isdisjoint(map(_FIRST_CHARACTER, filter(None, cast("list[str]", distinct)))):
            return []
    except TypeError:  # a number or a date among them: look at each cell
        pass
    return [i for i, v in enumerate(column) if v.__class__ is str and v[:1] in _FIRST]


def _looks_like_formula(text: str) -> bool:
    if text.startswith(_TRIGGERS):
        return True
    # "-" opens many bullet points ("- agreed in May", "-Done"); only "-1+2" or "-SUM(A1)" look like formulas
    if len(text) < 2 or text[0] != "-":  # noqa: PLR2004 - a sign and one character
        return False
    name, paren, _ = text[1:].partition("(")
    return text[1].isdigit() or bool(paren and name.isalpha())
