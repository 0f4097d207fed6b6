"""The status vocabulary: labels pass, synonyms and misspellings are read with a warning."""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from itertools import compress, count

from govsheet.model.problem import Problem
from govsheet.model.schema import Schema, Status, StatusMatch, fold
from govsheet.model.tracker import Value
from govsheet.validate.context import Context, as_text, is_blank, quoted


def check(ctx: Context) -> Iterator[Problem]:
    """Every status cell is a label of the vocabulary, or says what it was read as."""
    field = ctx.schema.status_field
    if field is None or field.name not in ctx.table.columns:
        return
    column = ctx.column(field.name)
    # a tracker repeats a handful of statuses: judge each distinct text once, then find its cells
    verdicts: dict[Value, tuple[Status, StatusMatch] | None] = {}
    for value in set(column):
        if not is_blank(value):
            found = ctx.read_status(as_text(value))
            if found is None or found[1] != "label":
                verdicts[value] = found
    if not verdicts:
        return
    labels = [s.label for s in ctx.schema.statuses]
    choices = _choices(ctx.schema)
    formulas = ctx.formula_rows(field.name)
    rows = ctx.rows
    for i in list(compress(count(), map(verdicts.__contains__, column))):  # the cells to report, at C speed
        row, value = rows[i], column[i]
        if row.number in formulas:
            continue
        text = as_text(value)
        found = verdicts[value]
        if found is None:
            close = difflib.get_close_matches(fold(text), list(choices), n=1, cutoff=0.6)
            hint = f'; did you mean "{choices[close[0]]}"?' if close else "; pick one from the list"
            yield ctx.cell_problem("status-unknown", "error",
                                   f'status "{text}" is not one of {quoted(labels)}{hint}', row, field.name, value)
        elif found[1] == "synonym":
            yield ctx.cell_problem("status-synonym", "warning",
                                   f'status "{text}" was read as "{found[0].label}"; pick "{found[0].label}" from '
                                   "the list", row, field.name, value)
        else:
            yield ctx.cell_problem("status-misspelled", "warning",
                                   f'status "{text}" looks misspelt and was read as "{found[0].label}"; pick '
                                   f'"{found[0].label}" from the list', row, field.name, value)


def _choices(schema: Schema) -> dict[str, str]:
    """Folded text officers might mean -> the label to suggest."""
    out: dict[str, str] = {}
    for s in schema.statuses:
        for text in (s.label, *s.synonyms, *s.misspellings):
            out.setdefault(fold(text), s.label)
    return out
