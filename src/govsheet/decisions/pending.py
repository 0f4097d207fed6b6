"""The decisions a master still waits for, read from its Audit sheet alone.

A conflict, a rejected edit or an extension request is a question for the governance team.
It is *open* from its Audit row (outcome ``conflict``, ``rejected`` or ``requested``) until a
later row for the same return, action and field settles it: a ``decided`` row written by
``govsheet resolve``, or an ``applied`` row from a corrected copy of the return merged since.
A later question for the same cell (a resubmission asking again) replaces the earlier one.
An extension request is a question of its own beside an edit of the same target (an officer may
both type over the locked target and propose a new one): it is settled only by a ``decided`` row
whose reason starts "extension request:", and such a row settles nothing else.

The Audit sheet is the one record: ``govsheet status``, the web page and the next merge's
decisions workbook all ask this module, so they cannot disagree.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict

from govsheet.audit import AUDIT_COLUMNS, text
from govsheet.model.result import Result, plural

OPEN_OUTCOMES = frozenset({"conflict", "rejected", "requested"})
SETTLING_OUTCOMES = frozenset({"decided", "applied"})
Cell = tuple[str, str, str, bool]  # (return id, ref, field, whether it is an extension request)
REQUEST_DECIDED = "extension request: "  # how resolve begins the reason of a decided request
KINDS = ("conflict", "rejected edit", "extension request")


class OpenDecision(BaseModel):
    """One question still waiting for the team, as its Audit row recorded it."""

    model_config = ConfigDict(frozen=True)

    row: int  # the Audit sheet row number
    when: str
    round: str
    return_id: str
    owner: str
    key: str
    field: str
    old: str  # the master's value when it was asked
    new: str  # the officer's value (the proposed target, for an extension request)
    outcome: str  # conflict, rejected or requested
    reason: str  # why merge did not apply it; the officer's own reason for a request

    @property
    def cell(self) -> Cell:
        return (self.return_id, self.key, self.field, self.outcome == "requested")

    @property
    def kind(self) -> str:
        """The question in the team's words."""
        return {"requested": "extension request", "conflict": "conflict"}.get(self.outcome, "rejected edit")

    def to_dict(self) -> dict[str, Any]:
        return {**self.model_dump(), "kind": self.kind}

    def describe(self) -> str:
        """One line for people: the kind, the action and field, the values."""
        what = f"{self.key} {self.field}" if self.field else f"row {self.key}"
        return f'{self.kind}: {what}: "{self.old}" -> "{self.new}" ({self.owner}, {self.when})'


class OpenDecisions(Result):
    """The result of :func:`govsheet.api.open_decisions`: what a master's Audit sheet still waits for."""

    master: str
    items: tuple[OpenDecision, ...] = ()

    @property
    def ok(self) -> bool:
        """True when nothing waits for the team."""
        return not self.items

    def count(self, kind: str) -> int:
        return sum(1 for i in self.items if i.kind == kind)

    def to_dict(self) -> dict[str, Any]:
        return {"master": self.master, "open": [i.to_dict() for i in self.items],
                "summary": {k: self.count(k) for k in KINDS}}

    def to_text(self) -> str:
        lines = [f"  {i.describe()}" for i in self.items]
        counts = ", ".join(plural(self.count(k), k) for k in KINDS)
        lines.append(f"{self.master}: {counts} waiting for a decision" if self.items
                     else f"{self.master}: nothing waits for a decision")
        return "\n".join(lines)


def _scan(audit_rows: Sequence[Sequence[Any]]) -> tuple[dict[Cell, OpenDecision], set[Cell]]:
    still: dict[Cell, OpenDecision] = {}
    settled: set[Cell] = set()
    width = len(AUDIT_COLUMNS)
    for number, row in enumerate(audit_rows, start=2):
        cells = [text(c) for c in row[:width]] + [""] * width
        when, round_label, return_id, owner, key, field, old, new, outcome, reason = cells[:10]
        if not return_id or not key:
            continue
        request = outcome == "requested" or (outcome == "decided" and reason.startswith(REQUEST_DECIDED))
        cell = (return_id, key, field, request)
        if outcome in OPEN_OUTCOMES:
            still.pop(cell, None)  # asked again: the newer question replaces it, at its own place
            still[cell] = OpenDecision(row=number, when=when, round=round_label, return_id=return_id, owner=owner,
                                       key=key, field=field, old=old, new=new, outcome=outcome, reason=reason)
            settled.discard(cell)
        elif outcome in SETTLING_OUTCOMES and cell in still:
            del still[cell]
            settled.add(cell)
    return still, settled


def open_decisions(audit_rows: Sequence[Sequence[Any]]) -> list[OpenDecision]:
    """The questions still open among a master's Audit rows (header excluded), in the order they were asked."""
    return list(_scan(audit_rows)[0].values())


def settled_cells(audit_rows: Sequence[Sequence[Any]]) -> set[Cell]:
    """The (return id, ref, field, request?) of every question asked and settled since, per the Audit rows."""
    return _scan(audit_rows)[1]


def open_decisions_of(master: Path, book: Any = None) -> list[OpenDecision]:
    """The questions a master's Audit sheet still holds open.

    Raises:
        WorkbookError: the workbook cannot be read or has no Audit sheet.
    """
    from govsheet.audit import read_audit

    return open_decisions(read_audit(Path(master), book))
