"""The schema a workbook carries: say so when govsheet now ships a different version of it."""

from __future__ import annotations

from collections.abc import Iterator

from govsheet.model.problem import Problem
from govsheet.schemas import SCHEMA_HASH_KEY, SCHEMA_JSON_KEY, schema_hash, shipped_differs
from govsheet.validate.context import Context
from govsheet.workbook.meta import META_SHEET


def check(ctx: Context) -> Iterator[Problem]:
    """A warning when the workbook was checked with its own stored schema and the shipped one differs."""
    meta = ctx.meta or {}
    if not meta.get(SCHEMA_JSON_KEY) or meta.get(SCHEMA_HASH_KEY) != schema_hash(ctx.schema):
        return  # checked with a schema given on the command line, or an older workbook
    if shipped_differs(ctx.schema):
        name = ctx.schema.name
        yield ctx.sheet_problem("schema-version-differs", "warning",
                                f'the workbook was built with a version of the schema "{name}" that differs from '
                                f"the one this govsheet ships; it was checked with its own, pass --schema {name} "
                                "to check it with the shipped one", sheet=META_SHEET, value=name)
