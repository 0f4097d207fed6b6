"""Read the rich text (italic and bold runs) of a tracker's rich fields, as the master stores it.

calamine reads a cell's text without its runs, so the fields the schema marks ``rich`` are read a
second time from the cells' XML by the lossless engine. Only cells with an italic or bold run are
kept; everything else is plain text.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from pathlib import Path

from govsheet.model.schema import Schema
from govsheet.model.tracker import Action, Run, Tracker, display
from govsheet.workbook.read import ActionsTable
from govsheet.xlsx import Book

RichCells = dict[int, dict[str, tuple[Run, ...]]]  # sheet row -> field name -> runs


def read_rich(source: Path | Book, schema: Schema, table: ActionsTable) -> RichCells:
    """The runs of each rich field of each row that has any italic or bold text, by sheet row.

    ``source`` is the workbook's path, or its lossless book when the caller has it open already.
    """
    fields = [f.name for f in schema.fields if f.rich and f.name in table.columns]
    if not fields or not table.rows:
        return {}
    found: RichCells = {}
    with contextlib.nullcontext(source) if isinstance(source, Book) else Book.open(source) as book:
        sheet = book.sheet(table.sheet)
        for row in table.rows:
            for name in fields:
                runs = sheet.runs(table.cell(name, row.number))
                # runs that do not spell the value read (a formula, a damaged cell) are not trusted
                if any(i or b for _, i, b in runs) and "".join(t for t, _, _ in runs) == display(row.values.get(name)):
                    found.setdefault(row.number, {})[name] = tuple(Run(text=t, italic=i, bold=b) for t, i, b in runs)
    return found


def with_rich(tracker: Tracker, table: ActionsTable, rich: RichCells) -> Tracker:
    """``tracker`` (read from ``table``, one action per row) with each action's rich runs."""
    if not rich:
        return tracker
    actions: Sequence[Action] = tracker.actions
    return tracker.model_copy(update={"actions": [
        action.model_copy(update={"rich": rich.get(row.number, {})})
        for action, row in zip(actions, table.rows, strict=True)]})
