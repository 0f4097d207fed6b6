"""Merged cells in the data rows: a merged range hides every value but its first."""

from __future__ import annotations

from collections.abc import Iterator

from govsheet.model.problem import Problem
from govsheet.validate.context import Context


def check(ctx: Context) -> Iterator[Problem]:
    """A finding per merged range reaching into the data rows across rows or tracker columns, and one per
    tracker cell it hides (each reads as empty, and a merge must not take that for an edit)."""
    head = ctx.table.header_row
    by_number = {_number(letters): name for name, letters in ctx.letters.items()}
    for first_col, first_row, last_col, last_row in ctx.scan.merged:
        if last_row <= head:
            continue
        span = f"{first_col}{first_row}:{last_col}{last_row}"
        low, high = _number(first_col), _number(last_col)
        fields = {c: name for c, name in by_number.items() if low <= c <= high}
        if last_row > first_row:
            message = (f"cells {span} are merged across {last_row - first_row + 1} rows; unmerge them and fill in "
                       "each row, or the lower rows read as empty")
        elif len(fields) >= 2:  # noqa: PLR2004 - two tracker columns
            message = f"cells {span} are merged; unmerge them so each column holds its own value"
        else:
            continue
        row = ctx.rows.at(first_row)
        yield ctx.sheet_problem("merged-cells", "error", message, cell=f"{first_col}{first_row}", row=first_row,
                                field_name=by_number.get(low), key=ctx.key(row) if row else None, value=span)
        for number in range(max(first_row, head + 1), last_row + 1):
            hidden_row = ctx.rows.at(number)
            for c, name in sorted(fields.items()):
                if (number, c) == (first_row, low):
                    continue
                cell = f"{ctx.letters[name]}{number}"
                yield ctx.sheet_problem("merged-hidden-cell", "error",
                                        f"cell {cell} is hidden under the merged cells {span} and reads as empty; "
                                        "unmerge them and fill it in", cell=cell, row=number, field_name=name,
                                        key=ctx.key(hidden_row) if hidden_row else None, value=span)


def _number(letters: str) -> int:
    """A -> 1, Z -> 26, AA -> 27."""
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n
