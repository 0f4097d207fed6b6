"""The status vocabulary: labels pass, synonyms and misspellings are read with a warning."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from govsheet.model.problem import Problem
from govsheet.model.schema import Schema, fold
from govsheet.model.tracker import display
from govsheet.validate.context import Context, is_blank, quoted


def check(ctx: Context) -> Iterator[Problem]:
    """Every status cell is a label of the vocabulary, or says what it was read as."""
    field = ctx.schema.status_field
    if field is None or field.name not in ctx.table.columns:
        return
    labels = [s.label for s in ctx.schema.statuses]
    choices = _choices(ctx.schema)
    for row in ctx.table.rows:
        value = row.values.get(field.name)
        if is_blank(value) or ctx.is_formula(field.name, row):
            continue
        text = display(value)
        found = ctx.read_status(text)
        if found is None:
            close = difflib.get_close_matches(fold(text), list(choices), n=1, cutoff=0.6)
            hint = f'; did you mean "{choices[close[0]]}"?' if close else "; pick one from the list"
            yield ctx.cell_problem("status-unknown", "error",
                                   f'status "{text}" is not one of {quoted(labels)}{hint}', row, field.name, value)
            continue
        status, how = found
        if how == "synonym":
            yield ctx.cell_problem("status-synonym", "warning",
                                   f'status "{text}" was read as "{status.label}"; pick "{status.label}" from the '
                                   "list", row, field.name, value)
        elif how == "misspelling":
            yield ctx.cell_problem("status-misspelled", "warning",
                                   f'status "{text}" looks misspelt and was read as "{status.label}"; pick '
                                   f'"{status.label}" from the list', row, field.name, value)


def _choices(schema: Schema) -> dict[str, str]:
    """Folded text officers might mean -> the label to suggest."""
    out: dict[str, str] = {}
    for s in schema.statuses:
        for text in (s.label, *s.synonyms, *s.misspellings):
            out.setdefault(fold(text), s.label)
    return out
