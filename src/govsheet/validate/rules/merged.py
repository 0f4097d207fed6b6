"""Merged cells in the data rows: a merged range hides every value but its first."""

from __future__ import annotations

from collections.abc import Iterator

from govsheet.model.problem import Problem
from govsheet.validate.context import Context


def check(ctx: Context) -> Iterator[Problem]:
    """One finding per merged range that reaches into the data rows across rows or tracker columns."""
    head = ctx.table.header_row
    by_letters = {letters: name for name, letters in ctx.letters.items()}
    for first_col, first_row, last_col, last_row in ctx.scan.merged:
        if last_row <= head:
            continue
        span = f"{first_col}{first_row}:{last_col}{last_row}"
        if last_row > first_row:
            message = (f"cells {span} are merged across {last_row - first_row + 1} rows; unmerge them and fill in "
                       "each row, or the lower rows read as empty")
        else:
            if _columns_between(by_letters, first_col, last_col) < 2:  # noqa: PLR2004 - two tracker columns
                continue
            message = f"cells {span} are merged; unmerge them so each column holds its own value"
        row = ctx.rows.at(first_row)
        yield ctx.sheet_problem("merged-cells", "error", message, cell=f"{first_col}{first_row}", row=first_row,
                                field_name=by_letters.get(first_col), key=ctx.key(row) if row else None,
                                value=span)


def _columns_between(by_letters: dict[str, str], first: str, last: str) -> int:
    def number(letters: str) -> int:
        n = 0
        for ch in letters:
            n = n * 26 + ord(ch) - 64
        return n

    low, high = number(first), number(last)
    return sum(1 for letters in by_letters if low <= number(letters) <= high)
