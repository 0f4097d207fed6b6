"""What could act by itself when the workbook is opened: macros and links to other workbooks.

govsheet keeps such parts byte for byte and never runs or follows them; the validator
says they are there, so whoever consolidates returns knows before opening the file in Excel.
"""

from __future__ import annotations

from collections.abc import Iterator

from govsheet.model.problem import Problem
from govsheet.validate.context import Context


def check(ctx: Context) -> Iterator[Problem]:
    """One warning for macros (VBA) and one for external workbook links."""
    from govsheet.safety import active_findings

    opened = getattr(ctx.book, "active_findings", None)  # the workbook as opened, when the validator has it
    for code, line in opened if opened is not None else active_findings(ctx.path):
        yield ctx.sheet_problem(code, "warning", f"the workbook {line}", sheet="")
