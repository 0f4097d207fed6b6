"""A master's Audit sheet: present, and its hash chain unbroken."""

from __future__ import annotations

from collections.abc import Iterator

from govsheet.model.problem import Problem
from govsheet.validate.context import Context
from govsheet.workbook.read import column_letter


def check(ctx: Context) -> Iterator[Problem]:
    """For a govsheet master: the Audit sheet exists and no row of it was changed, added or removed."""
    from govsheet.audit import AUDIT_SHEET, HASHED_COLUMNS, read_audit, verify

    if (ctx.meta or {}).get("kind") != "master" or ctx.book is None:
        return
    if AUDIT_SHEET not in ctx.book.sheet_names:
        yield ctx.sheet_problem("audit-missing", "error",
                                f'the master has no "{AUDIT_SHEET}" sheet, so its history of changes is lost; '
                                "restore the master from its backup", sheet=AUDIT_SHEET)
        return
    result = verify(read_audit(ctx.path, ctx.book))
    if not result.ok and result.bad_row is not None:
        yield ctx.sheet_problem("audit-tampered", "error",
                                f"the audit row {result.bad_row} does not match its hash: it was changed, or a row "
                                "before it was inserted, deleted or changed; restore the master from its backup",
                                sheet=AUDIT_SHEET, cell=f"{column_letter(HASHED_COLUMNS)}{result.bad_row}",
                                row=result.bad_row)
