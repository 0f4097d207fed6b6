"""A return against the baseline it was issued with: rows added or removed, locked cells changed.

``govsheet merge`` rejects all three; finding them here lets an officer put them right
before sending the return back.
"""

from __future__ import annotations

from collections.abc import Iterator

from govsheet.model.problem import Problem
from govsheet.model.tracker import display
from govsheet.validate.context import Context


def check(ctx: Context) -> Iterator[Problem]:
    """Compare each row of a return with its baseline."""
    baseline = ctx.baseline
    pk = ctx.schema.primary_key
    if baseline is None or (ctx.meta or {}).get("kind") != "return" or pk not in ctx.table.columns:
        return
    keys = ctx.keys()
    rows = ctx.rows
    issued_rows = [baseline.get(key) if key else None for key in keys]  # a blank key is reported as key-missing
    for i, key in enumerate(keys):
        if key and issued_rows[i] is None:
            yield ctx.cell_problem("row-not-issued", "error",
                                   f'the action "{key}" was not issued in this return, so it cannot be merged; '
                                   "send new actions to the governance team instead", rows[i], pk, key)
    locked = [f for f in ctx.schema.fields if not f.editable and f.name in ctx.table.columns and f.name != pk]
    for f in locked:  # column by column: a Row is made only for a cell that was changed
        formulas = ctx.formula_rows(f.name)
        for i, (issued, value) in enumerate(zip(issued_rows, ctx.column(f.name), strict=True)):
            if issued is None or f.name not in issued:
                continue
            now = value if type(value) is str else display(value)
            if now.strip() != issued[f.name].strip() and rows.numbers[i] not in formulas:
                yield ctx.cell_problem("locked-cell-edited", "error",
                                       f'"{f.title}" was "{issued[f.name]}" when issued and may not be changed in a '
                                       "return; put it back and ask the governance team to change it",
                                       rows[i], f.name, value)
    present = set(keys)
    for key in baseline:
        if key and key not in present:
            yield ctx.sheet_problem("row-missing", "warning",
                                    f'the action "{key}" issued in this return is missing; put its row back (its '
                                    "update will not be merged otherwise)", key=key, value=key)
