"""The round at a glance: for each owner, issued, returned, merged, late, and what waits for a decision.

Everything comes from the master and, when given, the folder the returned workbooks are saved in.
The master says which return each owner was issued in its present round (the ``issued:`` records
``govsheet issue`` writes), which were merged (``merged:``), and on its Audit sheet how many changes
each return applied and which of its conflicts, rejected edits and requests for a new target date
are still open, as :mod:`govsheet.decisions.pending` reads them. A return counts as returned when
merged, or when a workbook in the folder carries its return id in its own metadata, whatever the
file is called; a byte-identical copy of the file as issued does not count (it was never opened).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

from govsheet.model.result import Result, plural

State = Literal["merged", "returned", "late", "outstanding", "not-issued"]
# Each state in words with an icon beside them (and a fill colour and font colour that only add to the words).
STATES: dict[str, tuple[str, str, str, str]] = {
    "merged": ("●", "Merged", "#C6EFCE", "#006100"),
    "returned": ("◐", "Returned, not merged", "#FFE699", "#5C4600"),
    "late": ("▲", "Late", "#FFC7CE", "#9C0006"),
    "outstanding": ("○", "Outstanding", "#FFFFFF", "#1A1A1A"),
    "not-issued": ("◌", "Not issued", "#EDEDED", "#404040"),
}
WAITING_OUTCOMES = ("conflict", "rejected", "requested")
APPLIED = "applied"
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")


class OwnerStatus(Result):
    """One owner's part in the round."""

    owner: str
    email: str = ""
    rows: int = 0
    state: State = "not-issued"
    label: str = ""  # the state in words, as every output shows it (with its icon)
    issued: bool = False
    return_id: str = ""
    file: str = ""
    folder: str = ""  # where issue wrote the file
    contact: str = ""  # whom issue told the owner to ask
    due: str = ""  # ISO date, "" when none was set
    issued_at: str = ""
    returned: bool = False
    returned_files: tuple[str, ...] = ()
    merged: bool = False
    merged_at: str = ""
    outstanding: bool = False
    late: bool = False
    days_late: int = 0
    changes_applied: int = 0
    conflicts: int = 0  # waiting for a decision
    rejected: int = 0  # waiting for a decision
    requests: int = 0  # waiting for a decision
    waiting: int = 0

    @property
    def icon(self) -> str:
        return STATES[self.state][0]

    def to_text(self) -> str:
        parts = [plural(self.rows, "row")]
        if self.issued:
            due = f" due {_day(self.due)}" if self.due else ", no due date"
            parts.append(f"{self.file}{due}")
        if self.returned_files and not self.merged:
            parts.append("returned as " + ", ".join(self.returned_files))
        if self.changes_applied:
            parts.append(f"{plural(self.changes_applied, 'change')} applied")
        if self.waiting:
            parts.append(f"{self.waiting} waiting for a decision ({_waiting_words(self)})")
        return f"{self.icon} {self.label}: {self.owner}: " + "; ".join(parts)


class StatusTotals(Result):
    """The round's totals over every owner."""

    owners: int = 0
    rows: int = 0
    issued: int = 0
    returned: int = 0
    merged: int = 0
    outstanding: int = 0
    late: int = 0
    not_issued: int = 0
    changes_applied: int = 0
    conflicts: int = 0
    rejected: int = 0
    requests: int = 0
    waiting: int = 0

    def to_text(self) -> str:
        late = f" ({self.late} late)" if self.late else ""
        text = (f"{plural(self.owners, 'owner')}, {plural(self.rows, 'row')}: {self.issued} issued, "
                f"{self.returned} returned, {self.merged} merged, {self.outstanding} outstanding{late}")
        if self.not_issued:
            text += f", {self.not_issued} not issued"
        text += f"; {plural(self.changes_applied, 'change')} applied"
        text += f"; {self.waiting} waiting for a decision"
        if self.waiting:
            text += f" ({_waiting_words(self)})"
        return text


class StatusReport(Result):
    """What ``govsheet status`` shows: each owner's part in the round, and the totals."""

    master: str
    round: str
    today: str  # ISO date "late" is judged against
    returns_dir: str | None = None
    owners: tuple[OwnerStatus, ...] = ()
    totals: StatusTotals = StatusTotals()
    notes: tuple[str, ...] = ()  # files in the folder not counted, and why

    @property
    def ok(self) -> bool:
        """True when no return is late and nothing waits for a decision."""
        return not (self.totals.late or self.totals.waiting)

    def owner(self, name: str) -> OwnerStatus | None:
        """The status of the owner called ``name`` (spelling folded)."""
        from govsheet.returns.owners import owner_key

        return next((o for o in self.owners if owner_key(o.owner) == owner_key(name)), None)

    def to_text(self) -> str:
        where = f"; returns looked for in {self.returns_dir}" if self.returns_dir else (
            "; no returns folder given, so only merged returns count as returned")
        lines = [f"{self.master}: round {self.round or '(none)'}, position at {_day(self.today)}{where}", ""]
        lines += ["  " + o.to_text() for o in self.owners]
        if not self.owners:
            lines.append("  no owner has rows in this master")
        lines += ["", "Totals: " + self.totals.to_text()]
        lines += [f"note: {n}" for n in self.notes]
        return "\n".join(lines)


def _waiting_words(counts: OwnerStatus | StatusTotals) -> str:
    return ", ".join([plural(counts.conflicts, "conflict"), f"{counts.rejected} rejected",
                      plural(counts.requests, "request")])


def _day(iso: str) -> str:
    try:
        day = dt.date.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{day.day} {day:%B %Y}"


def audit_counts(rows: Sequence[Sequence[Any]]) -> tuple[dict[str, int], dict[str, dict[str, int]]]:
    """From the Audit rows, oldest first: changes applied per return id, and per return id the
    conflicts, rejected edits and requests still open (as :mod:`govsheet.decisions.pending` reads them,
    so status, the web page and the next decisions workbook agree)."""
    from govsheet.audit import AUDIT_COLUMNS
    from govsheet.decisions.pending import open_decisions
    from govsheet.workbook.meta import cell_text

    titles = [t for t, _ in AUDIT_COLUMNS]
    rid, outcome = titles.index("Return id"), titles.index("Outcome")
    applied: dict[str, int] = {}
    for raw in rows:
        if len(raw) > max(rid, outcome) and cell_text(raw[outcome]) == APPLIED:
            applied[cell_text(raw[rid])] = applied.get(cell_text(raw[rid]), 0) + 1
    waiting: dict[str, dict[str, int]] = {}
    for item in open_decisions(rows):
        counts = waiting.setdefault(item.return_id, dict.fromkeys(WAITING_OUTCOMES, 0))
        counts[item.outcome] += 1
    return applied, waiting


def find_returned(folder: Path, wanted: Mapping[str, str]) -> tuple[dict[str, list[str]], list[str]]:
    """The workbooks in ``folder`` carrying each wanted return id (id -> issued SHA-256), and notes on the rest.

    A workbook is recognised by the return id in its own metadata, never by its name.
    """
    from govsheet.errors import GovsheetError
    from govsheet.workbook.open import OpenedWorkbook

    found: dict[str, list[str]] = {}
    notes: list[str] = []
    untouched: list[str] = []
    for path in sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in WORKBOOK_SUFFIXES):
        if path.name.startswith(("~$", ".~lock.", ".")):
            continue  # Excel's and LibreOffice's lock files, and temporary files
        try:
            with OpenedWorkbook.open(path) as opened:
                pairs = opened.meta or {}
        except GovsheetError as exc:
            notes.append(f"{path.name}: {exc.message}; not counted")
            continue
        if pairs.get("kind") != "return":
            if pairs.get("kind") not in {"master", "decisions"}:
                notes.append(f"{path.name}: is not a govsheet return; not counted")
            continue
        return_id = pairs.get("return_id", "")
        if return_id not in wanted:
            notes.append(f"{path.name}: carries return id {return_id!r}, which is not a return this master issued "
                         "in its present round (an earlier or replaced one); not counted")
            continue
        if wanted[return_id] and hashlib.sha256(path.read_bytes()).hexdigest() == wanted[return_id]:
            untouched.append(path.name)
            continue
        found.setdefault(return_id, []).append(path.name)
    if untouched:
        shown = ", ".join(untouched[:3]) + (f" and {len(untouched) - 3} more" if len(untouched) > 3 else "")  # noqa: PLR2004
        what = "is a return" if len(untouched) == 1 else "are returns"
        notes.append(f"{shown}: {what} as issued, never changed; not counted as returned")
    return found, notes


def round_status(master: Path, returns_dir: Path | None = None, *, today: dt.date | None = None) -> StatusReport:
    """The status of the master's present round (see the module docstring).

    Raises:
        WorkbookError: the master cannot be read or is not a govsheet master.
        UsageError: ``returns_dir`` is not a folder.
    """
    from govsheet.audit import AUDIT_SHEET
    from govsheet.errors import UsageError
    from govsheet.returns.directory import read_directory
    from govsheet.returns.record import current_records, merged_returns
    from govsheet.returns.write import group_by_owner
    from govsheet.workbook.open import OpenedWorkbook

    master = Path(master)
    if returns_dir is not None and not Path(returns_dir).is_dir():
        raise UsageError(returns_dir, "is not a folder; give the folder the returned workbooks are saved in")
    today = today or dt.datetime.now(dt.UTC).date()
    with OpenedWorkbook.open(master) as book:  # once: the metadata, the Actions, Owners and Audit sheets
        meta = book.meta or {}
        schema = book.master_schema()
        tracker = book.actions(schema).to_tracker(schema, meta.get("round") or None)
        directory = read_directory(book)
        audit_rows = book.audit_rows if AUDIT_SHEET in book.sheet_names else []
    groups = group_by_owner(tracker, schema, directory)
    groups.pop("", None)
    records = current_records(meta)
    merged = merged_returns(meta)
    applied, waiting = audit_counts(audit_rows)
    returned: dict[str, list[str]] = {}
    notes: list[str] = []
    if returns_dir is not None:
        returned, notes = find_returned(Path(returns_dir), {r.return_id: r.sha256 for r in records.values()})
    names = {key: name for key, (name, _) in groups.items()}
    for key, issued in records.items():
        names.setdefault(key, issued.owner)
    owners: list[OwnerStatus] = []
    for key, name in names.items():
        record = records.get(key)
        found = directory.owner(name) if directory is not None else None
        rows = len(groups[key][1]) if key in groups else 0
        if record is None:
            owners.append(with_state(OwnerStatus(owner=name, email=found.email if found else "", rows=rows)))
            continue
        counts = waiting.get(record.return_id, {})
        owners.append(with_state(OwnerStatus(
            owner=name, email=found.email if found else "", rows=record.rows, issued=True,
            return_id=record.return_id, file=record.file, folder=record.folder, contact=record.contact,
            due=record.due, issued_at=record.issued,
            returned_files=tuple(returned.get(record.return_id, ())), merged=record.return_id in merged,
            merged_at=merged.get(record.return_id, ""), changes_applied=applied.get(record.return_id, 0),
            conflicts=counts.get("conflict", 0), rejected=counts.get("rejected", 0),
            requests=counts.get("requested", 0)), today))
    return StatusReport(master=str(master), round=meta.get("round", ""), today=today.isoformat(),
                        returns_dir=None if returns_dir is None else str(returns_dir), owners=tuple(owners),
                        totals=totals(owners), notes=tuple(notes))


def with_state(owner: OwnerStatus, today: dt.date | None = None) -> OwnerStatus:
    """The owner's state and the figures that follow from what was found."""
    if not owner.issued:
        return owner.model_copy(update={"state": "not-issued", "label": STATES["not-issued"][1]})
    returned = owner.merged or bool(owner.returned_files)
    due = dt.date.fromisoformat(owner.due) if owner.due else None
    late = not returned and due is not None and today is not None and due < today
    state: State = "merged" if owner.merged else "returned" if returned else "late" if late else "outstanding"
    days = (today - due).days if late and due is not None and today is not None else 0
    label = STATES[state][1] + (f" ({plural(days, 'day')})" if late else "")
    return owner.model_copy(update={
        "state": state, "label": label, "returned": returned, "outstanding": not returned, "late": late,
        "days_late": days, "waiting": owner.conflicts + owner.rejected + owner.requests})


def totals(owners: Sequence[OwnerStatus]) -> StatusTotals:
    """The sums over every owner."""
    return StatusTotals(
        owners=len(owners), rows=sum(o.rows for o in owners), issued=sum(o.issued for o in owners),
        returned=sum(o.returned for o in owners), merged=sum(o.merged for o in owners),
        outstanding=sum(o.outstanding for o in owners), late=sum(o.late for o in owners),
        not_issued=sum(not o.issued for o in owners), changes_applied=sum(o.changes_applied for o in owners),
        conflicts=sum(o.conflicts for o in owners), rejected=sum(o.rejected for o in owners),
        requests=sum(o.requests for o in owners), waiting=sum(o.waiting for o in owners))
