"""The master's Owners sheet as the team edited it: one row per owner, real addresses, every owner used."""

from __future__ import annotations

import re
from collections.abc import Iterator

from govsheet.model.problem import Problem
from govsheet.model.tracker import display
from govsheet.returns.directory import Directory, read_directory
from govsheet.returns.owners import owner_key, read_officers, role_words
from govsheet.validate.context import Context
from govsheet.workbook.layout import OWNERS_SHEET

_EMAIL = re.compile(r"^[^@\s<>(),;:\"]+@[^@\s<>(),;:\"]+\.[A-Za-z]{2,}$")


def check(ctx: Context) -> Iterator[Problem]:
    """Duplicate owners, a single-post text under two owners, e-mails that are not addresses, owners with no rows."""
    if ctx.book is None or OWNERS_SHEET not in ctx.book.sheet_names or ctx.schema.owner not in ctx.table.columns:
        return
    directory = read_directory(ctx.book)
    assert directory is not None  # noqa: S101 - the sheet is there
    yield from _check_names(ctx, directory)
    yield from _check_texts(ctx, directory)
    yield from _check_rows(ctx, directory)


def _check_names(ctx: Context, directory: Directory) -> Iterator[Problem]:
    seen: dict[str, int] = {}
    for owner in directory.owners:
        row = owner.row or 0
        if not owner.name:
            yield ctx.sheet_problem("owners-name-missing", "error", "the owner's name is empty; name the person or "
                                    "post, or clear the row", sheet=OWNERS_SHEET, cell=f"A{row}", row=row)
            continue
        key = owner_key(owner.name)
        if key in seen:
            yield ctx.sheet_problem("owners-duplicate", "error",
                                    f'owner "{owner.name}" is also on row {seen[key]}; keep one row and move its '
                                    '"Also written as" texts there', sheet=OWNERS_SHEET, cell=f"A{row}", row=row,
                                    value=owner.name)
        else:
            seen[key] = row
        if owner.email and not _EMAIL.match(owner.email):
            yield ctx.sheet_problem("owners-email-invalid", "error",
                                    f'e-mail "{owner.email}" is not an address such as name@council.gov.uk; '
                                    "correct it or clear it", sheet=OWNERS_SHEET, cell=f"C{row}", row=row,
                                    value=owner.email)


def _check_texts(ctx: Context, directory: Directory) -> Iterator[Problem]:
    """A text the reading takes for one post, listed under two owners: most likely pasted into the wrong row."""
    first: dict[str, tuple[str, int]] = {}
    texts = [t for o in directory.owners for t in o.also]
    readings = read_officers(texts, role_words=role_words(ctx.schema))
    for owner in directory.owners:
        for text in owner.also:
            key = owner_key(text)
            if key not in first:
                first[key] = (owner.name, owner.row or 0)
                continue
            other, other_row = first[key]
            reading = readings.get(text)
            if owner_key(other) != owner_key(owner.name) and (reading is None or len(reading.owners) < 2):  # noqa: PLR2004
                yield ctx.sheet_problem(
                    "owners-text-two-owners", "warning",
                    f'"{text}" is listed for "{other}" (row {other_row}) and for "{owner.name}", but it names one '
                    "post; keep it under one owner, or both receive its rows", sheet=OWNERS_SHEET,
                    cell=f"B{owner.row or 0}", row=owner.row, value=text)


def _check_rows(ctx: Context, directory: Directory) -> Iterator[Problem]:
    # A row's owners are its officer text's, with a sub-item's parent's added; the parent's are its own
    # text's, so the owners with rows are those of the distinct officer texts (a tracker repeats a few).
    distinct = {(v.__class__, v) for v in ctx.column(ctx.schema.owner)}
    texts = {display(v) for _, v in distinct}
    owned = {owner_key(n) for text in texts for n in directory.owners_of(text)}
    for owner in directory.owners:
        if owner.name and owner_key(owner.name) not in owned:
            yield ctx.sheet_problem("owners-no-rows", "warning",
                                    f'owner "{owner.name}" has no rows: no officer text of the Actions sheet maps '
                                    'to them; add the text to "Also written as" or clear the row',
                                    sheet=OWNERS_SHEET, cell=f"A{owner.row or 0}", row=owner.row, value=owner.name)
