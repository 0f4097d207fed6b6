"""What a merge did: each return's status and each change with its outcome."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from govsheet.model.result import plural
from govsheet.model.tracker import Value

ReturnStatus = Literal["merged", "already-merged", "stale", "invalid"]
ChangeOutcome = Literal["applied", "conflict", "rejected", "requested"]  # requested: an extension request


@dataclass(frozen=True)
class Change:
    """One cell (or row) of a return that differs from its baseline, and what merge made of it."""

    key: str
    field: str | None
    old: str
    new: str
    return_id: str
    outcome: ChangeOutcome
    reason: str
    owner: str = ""
    cell: str | None = None  # the master cell, e.g. "H14", when there is one
    value: Value = None  # what is written to the master when applied
    source: str = ""  # the return file
    title: str = ""  # the field's column title, for people
    base: str = ""  # the cell's value when the return was issued (its baseline)

    def to_dict(self) -> dict[str, Any]:
        """The change as ``merge --format json`` lists it."""
        return {"key": self.key, "field": self.field, "old": self.old, "new": self.new,
                "return_id": self.return_id, "outcome": self.outcome, "reason": self.reason}


@dataclass(frozen=True)
class ReturnResult:
    """One return given to merge: who it is from and whether it was merged."""

    file: str
    return_id: str
    owner: str
    status: ReturnStatus
    reason: str = ""
    sha256: str = ""
    notes: tuple[str, ...] = ()  # macros, external links: kept, never run or followed

    def to_dict(self) -> dict[str, Any]:
        """The return as ``merge --format json`` lists it."""
        return {"file": self.file, "return_id": self.return_id, "owner": self.owner, "status": self.status}


@dataclass(frozen=True)
class MergeReport:
    """The result of ``govsheet merge``."""

    master: str
    returns: tuple[ReturnResult, ...] = ()
    changes: tuple[Change, ...] = ()
    written: Path | None = None
    backup: Path | None = None
    dry_run: bool = False

    def count(self, outcome: ChangeOutcome) -> int:
        return sum(1 for c in self.changes if c.outcome == outcome)

    @property
    def summary(self) -> dict[str, int]:
        return {"applied": self.count("applied"), "conflicts": self.count("conflict"),
                "rejected": self.count("rejected")}

    @property
    def ok(self) -> bool:
        """True when every return was merged and every change applied."""
        return self.exit_code == 0

    @property
    def exit_code(self) -> int:
        """0 all applied; 1 any conflict, rejected edit, extension request (waiting for the team) or a return
        refused; 2 no return could be merged.

        A return merged before counts as merged (re-merging is a harmless no-op).
        """
        usable = [r for r in self.returns if r.status in {"merged", "already-merged"}]
        if not usable:
            return 2
        refused = len(usable) < len(self.returns)
        waiting = self.count("conflict") or self.count("rejected") or self.count("requested")
        return 1 if refused or waiting else 0

    def to_dict(self) -> dict[str, Any]:
        """The object ``merge --format json`` prints, exactly as SPEC describes."""
        return {"master": self.master, "returns": [r.to_dict() for r in self.returns],
                "changes": [c.to_dict() for c in self.changes], "summary": self.summary}

    def to_text(self) -> str:
        """Lines for people: each return, each change with its outcome, the totals."""
        lines = []
        for r in self.returns:
            extra = f": {r.reason}" if r.reason else ""
            lines.append(f"{r.file}: {r.owner or '?'} [{r.return_id or '-'}] {r.status}{extra}")
            lines.extend(f"  note: the return {note}" for note in r.notes)
        for c in self.changes:
            what = f"{c.key} {c.title or c.field}" if c.field else f"row {c.key}"
            lines.append(f"  {c.outcome:<8} {what}: {_short(c.old)} -> {_short(c.new)} ({c.reason})")
        s = self.summary
        tail = "dry run, nothing written" if self.dry_run else (
            f"master written to {self.written}" if self.written else "master not changed")
        if self.backup:
            tail += f"; previous master kept as {self.backup}"
        requested = self.count("requested")
        asked = f", {plural(requested, 'extension request')}" if requested else ""
        lines.append(f"{s['applied']} applied, {plural(s['conflicts'], 'conflict')}, {s['rejected']} rejected{asked}; "
                     f"{tail}")
        return "\n".join(lines)


def _short(text: str, limit: int = 60) -> str:
    one = " ".join(text.split())
    return f'"{one[: limit - 3]}..."' if len(one) > limit else f'"{one}"'
