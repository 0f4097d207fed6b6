"""The header row: columns renamed, moved, missing or unknown to the schema."""

from __future__ import annotations

from collections.abc import Iterator

from govsheet.model.order import longest_increasing
from govsheet.model.problem import Problem
from govsheet.model.schema import fold
from govsheet.validate.context import Context
from govsheet.workbook.read import column_letter


def check(ctx: Context) -> Iterator[Problem]:
    """Header findings, each at its header cell; columns are read by title whatever their place."""
    table, schema = ctx.table, ctx.schema
    head = table.header_row
    # a tracker without the request and history columns simply takes no extension requests
    managed = schema.managed_fields
    for f in schema.fields:
        if f.name not in table.columns:
            if f.name in managed and not f.constraints.required:
                continue
            if f.constraints.required:
                yield ctx.sheet_problem("column-missing", "error",
                                        f'the required column "{f.title}" is missing; add a column headed '
                                        f'"{f.title}"', row=head, field_name=f.name)
            else:
                yield ctx.sheet_problem("optional-column-missing", "warning",
                                        f'the column "{f.title}" is missing; add it back if officers should fill it '
                                        "in", row=head, field_name=f.name)
            continue
        found = table.headers[f.name]
        if fold(found) != fold(f.title):
            yield ctx.sheet_problem("header-renamed", "warning",
                                    f'the header "{found}" was read as "{f.title}"; rename it to "{f.title}"',
                                    cell=f"{column_letter(table.columns[f.name])}{head}", row=head,
                                    field_name=f.name, value=found)
    for name in _moved(ctx):
        f = schema.field(name)
        yield ctx.sheet_problem("header-reordered", "warning",
                                f'the column "{f.title}" is out of the schema\'s order; it is still read by its '
                                "header, but move it back so returns and committee tables line up",
                                cell=f"{column_letter(table.columns[name])}{head}", row=head, field_name=name,
                                value=table.headers[name])
    names = {fold(title): f for f in schema.fields for title in f.titles()}
    for c, text in table.unmatched:
        twin = names.get(fold(text))
        if twin is not None and twin.name in table.columns:
            first = column_letter(table.columns[twin.name])
            yield ctx.sheet_problem("column-duplicate", "warning",
                                    f'the column "{text}" repeats column {first} ("{twin.title}"); only column '
                                    f"{first} is read, so move anything you need into it and delete this one",
                                    cell=f"{column_letter(c)}{head}", row=head, field_name=twin.name, value=text)
            continue
        yield ctx.sheet_problem("column-unknown", "warning",
                                f'the column "{text}" is not in the schema "{schema.name}" and is ignored; rename '
                                "it to one of the schema's headers if it holds tracker data",
                                cell=f"{column_letter(c)}{head}", row=head, value=text)


def _moved(ctx: Context) -> list[str]:
    """The fields whose columns are out of schema order: those outside a longest in-order run."""
    order = {f.name: i for i, f in enumerate(ctx.schema.fields)}
    by_column = sorted(ctx.table.columns, key=ctx.table.columns.__getitem__)
    ranks = [order[name] for name in by_column]
    keep = longest_increasing(ranks)
    return [name for i, name in enumerate(by_column) if i not in keep]
