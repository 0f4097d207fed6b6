"""The three-way decision for one cell: baseline (what the officer was sent), master now, return.

Pure: no files, no workbooks. Values arrive as comparison keys (see :func:`compare_key`),
so a status typed as a synonym or with stray spaces compares equal to its label.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from govsheet.model.schema import FieldSpec, Schema, fold

Outcome = Literal["applied", "conflict", "rejected", "nothing"]


@dataclass(frozen=True)
class Decision:
    """What to do with one cell of a return, and why."""

    outcome: Outcome
    reason: str


def compare_key(text: str, field: FieldSpec, schema: Schema) -> str:
    """The form two values of a field share when they mean the same thing.

    Statuses compare by their code when recognised (so "Done" equals "Completed"),
    otherwise by folded text; other text compares with line endings unified and
    outer whitespace removed, since Excel and LibreOffice differ on both.
    """
    if field.type == "status" and schema.statuses:
        found = schema.read_status(text)
        return f"status:{found[0].code}" if found else fold(text)
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def decide(base: str, master: str, mine: str, *, editable: bool) -> Decision:
    """Decide one cell from its baseline, the master's value now and the return's value.

    - the return did not change the cell: nothing;
    - the cell is locked: rejected (even when protection was removed);
    - the master did not change it since issue: applied;
    - both changed it to the same value: nothing;
    - both changed it differently: conflict.
    """
    if mine == base:
        return Decision("nothing", "unchanged in the return")
    if not editable:
        return Decision("rejected", "the field is locked in returns; ask the governance team to change it")
    if master == base:
        return Decision("applied", "changed in the return only")
    if master == mine:
        return Decision("nothing", "the master already has this value")
    return Decision("conflict", "changed in the master since the return was issued and changed differently in "
                                "the return; write it to a decisions workbook (merge --decisions) and settle it "
                                "with govsheet resolve")
