"""What moved since the last report: the committee paper grouped as audit committees read it.

The master's Audit sheet says, row by row, what changed and in which round. From it this
module finds the rounds the master has been through (in the order the sheet met them: the
round of each row, the two rounds of each roll, then the metadata's ``previous_round`` and
``round``), and takes the rows of the rounds *after* the one given (``--since ROUND``, by
default the round before the current one: the round of the last report). With no earlier
round every row counts: the paper shows what changed since the tracker was set up.

Each action then goes in one section, the first that fits:

1. *Completed since the last report*: closed now, and its status changed since;
2. *Revised targets (approved) and extensions requested*: its target was revised, or an
   extension was requested or refused, since; or a request is still waiting for a decision;
3. *Overdue*: the current target has passed and the action is not closed;
4. *Open and on track*: every other open action;
5. *Completed before the last report*: closed, with no change of status since (printed only
   when there are any: a rolled master has archived them).

A sub-item without a status of its own goes with its parent. Each row carries its change in
words, e.g. "In progress → Completed; target March 2021 → December 2021, approved 3 Feb 2021".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from govsheet.decisions.pending import REQUEST_DECIDED
from govsheet.errors import UsageError
from govsheet.model.schema import Schema
from govsheet.model.tracker import Value
from govsheet.render.table import CommitteeTable, OpenTracker, Section, TableRow
from govsheet.render.where import overdue_date_field, row_date
from govsheet.workbook.meta import cell_text

# Outcomes that changed the master's cell (a conflict, rejection or request did not).
CHANGED = frozenset({"applied", "decided", "edited", "outside-govsheet"})
REQUESTED = "requested"
DECIDED = "decided"
ROLLED = "rolled"

SECTIONS: tuple[tuple[str, str, str], ...] = (
    ("completed", "Completed since the last report", "No actions were completed since the last report."),
    ("revised", "Revised targets (approved) and extensions requested",
     "No targets were revised and no extensions were requested."),
    ("overdue", "Overdue", "No actions are overdue."),
    ("open", "Open and on track", "No other actions are open."),
    ("completed-before", "Completed before the last report", ""),
)


@dataclass(frozen=True)
class Event:
    """One Audit row, as far as the committee paper needs it."""

    when: str
    round: str
    owner: str
    key: str
    field: str
    old: str
    new: str
    outcome: str
    reason: str
    recent: bool = False  # in a round after the last report


def events(rows: Sequence[Sequence[Any]]) -> list[Event]:
    """The Audit sheet's data rows as events, oldest first (blank rows left out)."""
    found = []
    for row in rows:
        cells = [cell_text(c) for c in row[:10]] + [""] * (10 - len(row[:10]))
        if any(cells):
            when, round_label, _return_id, owner, key, field, old, new, outcome, reason = cells
            found.append(Event(when, round_label.strip(), owner, key.strip(), field, old, new, outcome, reason))
    return found


def known_rounds(history: Sequence[Event], meta: dict[str, str]) -> list[str]:
    """The master's rounds, oldest first: as the Audit sheet met them, then the metadata's."""
    seen: list[str] = []

    def add(label: str) -> None:
        if label.strip() and label.strip() not in seen:
            seen.append(label.strip())

    for e in history:
        if e.outcome == ROLLED:
            add(e.old)
            add(e.new)
        add(e.round)
    add(meta.get("previous_round", ""))
    add(meta.get("round", ""))
    return seen


def choose_since(rounds: Sequence[str], current: str, since: str | None, master: Any) -> str | None:
    """The round of the last report: ``since`` checked, or the one before ``current`` (None: there is none).

    Raises:
        UsageError: ``since`` is not a round of the master, or is the current round.
    """
    current = current.strip()
    earlier = [r for r in rounds if r != current]
    if since is None:
        if current in rounds:
            index = rounds.index(current)
            return rounds[index - 1] if index else None
        return earlier[-1] if earlier else None
    since = since.strip()
    listed = ", ".join(f'"{r}"' + (" (current)" if r == current else "") for r in rounds)
    hint = ("give the round of the last report: " + ", ".join(f'"{r}"' for r in earlier) if earlier else
            "it has no earlier round; use --layout since without --since to show every change since it was set up")
    if since == current:
        raise UsageError(master, f'--since "{since}" is the current round; {hint}')
    if since not in rounds:
        raise UsageError(master, f'--since "{since}" is not a round of this master (its rounds: {listed}); {hint}')
    return since


def mark_recent(history: Sequence[Event], rounds: Sequence[str], since: str | None) -> list[Event]:
    """The events with ``recent`` set for those of the rounds after ``since`` (all of them when None)."""
    if since is None:
        return [replace(e, recent=True) for e in history]
    after = set(rounds[rounds.index(since) + 1:])
    return [replace(e, recent=e.round in after) for e in history]


def day(when: str) -> str:
    """An Audit timestamp as the papers date it: 3 Feb 2021."""
    try:
        d = dt.date.fromisoformat(when[:10])
    except ValueError:
        return when
    return f"{d.day} {d:%b %Y}"


def _flat(text: str) -> str:
    return " ".join(text.split()) or "none"


def status_label(schema: Schema, text: str) -> str:
    """A status as the vocabulary names it ("Complete" reads as "Completed"); "no status" when blank."""
    if not text.strip():
        return "no status"
    found = schema.read_status(text)
    return found[0].label if found else text.strip()


def target_words(history: Sequence[Event]) -> tuple[list[str], bool]:
    """The target's changes in words, oldest first, and whether a request is still waiting.

    ``history`` is one action's events on its target field, all rounds: a request made before the
    last report and not yet decided is still shown.
    """
    words: list[str] = []
    pending: Event | None = None
    for e in history:
        if e.outcome == REQUESTED:
            pending = e
        elif e.outcome == DECIDED and e.new != e.old:
            if e.recent:
                words.append(f"target {_flat(e.old)} → {_flat(e.new)}, approved {day(e.when)}")
            pending = None
        elif e.outcome == DECIDED and e.reason.startswith(REQUEST_DECIDED):  # the request kept the target
            if e.recent and pending is not None:
                words.append(f"extension to {_flat(pending.new)} requested, not approved {day(e.when)}")
            pending = None
        elif e.outcome in CHANGED and e.new != e.old and e.recent:
            words.append(f"target {_flat(e.old)} → {_flat(e.new)}, changed {day(e.when)} (no approval recorded)")
    if pending is not None:
        reason = f" (reason: {_flat(pending.reason)})" if pending.reason.strip() else ""
        words.append(f"extension requested {day(pending.when)}: target {_flat(pending.old)} → "
                     f"{_flat(pending.new)}{reason}")
    return words, pending is not None


@dataclass(frozen=True)
class Movement:
    """What one action did since the last report."""

    words: str
    status_changed: bool
    target_moved: bool


def movement(schema: Schema, history: Sequence[Event], status_now: str) -> Movement:
    """One action's change since the last report, from its events (all rounds, oldest first)."""
    status = schema.status_field
    target = target_field(schema)
    words: list[str] = []
    changed = False
    if status is not None:
        moves = [e for e in history if e.recent and e.field == status.name and e.outcome in CHANGED
                 and e.new != e.old]
        before, after = (status_label(schema, moves[0].old), status_label(schema, status_now)) if moves else ("", "")
        if moves and before != after:
            words.append(f"{before} → {after}")
            changed = True
    targets, waiting = target_words([e for e in history if target and e.field == target]) if target else ([], False)
    words += targets
    return Movement("; ".join(words), changed, bool(targets) or waiting)


def target_field(schema: Schema) -> str | None:
    """The field holding the target as written: the one the overdue date is derived from, or that date."""
    name = overdue_date_field(schema)
    if name is None:
        return None
    spec = next((f for f in schema.fields if f.name == name), None)
    return spec.derived_from if spec is not None and spec.derived_from else name


def _is_overdue(schema: Schema, row: TableRow, values: dict[str, Value], today: dt.date) -> bool:
    """The current target has passed and the row is not closed."""
    closed = {s.code for s in schema.statuses if s.closed}
    if row.status is not None and row.status.code in closed:
        return False
    # The target as written is the current one; a date derived from it may lag behind a hand edit.
    names = [n for n in (target_field(schema), overdue_date_field(schema)) if n]
    due = next((d for n in names if (d := row_date(values, n)) is not None), None)
    return due is not None and due < today


def _section_of(schema: Schema, row: TableRow, values: dict[str, Value], move: Movement, today: dt.date) -> str:
    closed = {s.code for s in schema.statuses if s.closed}
    if row.status is not None and row.status.code in closed:
        return "completed" if move.status_changed else "completed-before"
    if move.target_moved:
        return "revised"
    return "overdue" if _is_overdue(schema, row, values, today) else "open"


def group_since(table: CommitteeTable, source: OpenTracker, audit_rows: Sequence[Sequence[Any]], *,
                since: str | None, grouped: bool = True, master: Any = None) -> CommitteeTable:
    """``table`` with each row's change since the round ``since`` and, if ``grouped``, in its section.

    ``since`` None means the round before the current one (see the module docstring).

    Raises:
        UsageError: ``since`` is not a round of the master, or is its current round.
    """
    schema = source.schema
    history = events(audit_rows)
    rounds = known_rounds(history, source.meta)
    last = choose_since(rounds, source.meta.get("round", ""), since, master)
    history = mark_recent(history, rounds, last)
    by_key: dict[str, list[Event]] = {}
    for e in history:
        by_key.setdefault(e.key, []).append(e)
    values = {r.number: r.values for r in source.table.rows}
    status = schema.status_field
    moved: dict[str, Movement] = {}
    rows: list[TableRow] = []
    for row in table.rows:
        now = cell_text(values.get(row.sheet_row, {}).get(status.name)) if status else ""
        move = movement(schema, by_key.get(row.key, []), now)
        if move.target_moved and _is_overdue(schema, row, values.get(row.sheet_row, {}), table.as_of):
            move = replace(move, words=f"{move.words}; the current target has passed")
        moved[row.key] = move
        rows.append(replace(row, change=move.words))
    since_text = f"changes since the {last} report" if last else "changes since the tracker was set up"
    out = replace(table, rows=tuple(rows), subtitle=f"{table.subtitle}; {since_text}")
    if not grouped:
        return out
    return replace(out, sections=_sections(schema, rows, values, moved, table.as_of))


def _sections(schema: Schema, rows: Sequence[TableRow], values: dict[int, dict[str, Value]],
              moved: dict[str, Movement], today: dt.date) -> tuple[Section, ...]:
    """The rows in their sections, each section in committee order."""
    keys = {r.key for r in rows}
    placed: dict[str, str] = {}
    for row in rows:  # a parent comes before its sub-items in committee order
        if row.status is None and row.parent in placed:
            placed[row.key] = placed[row.parent]
        else:
            placed[row.key] = _section_of(schema, row, values.get(row.sheet_row, {}), moved[row.key], today)
    # A parent without a status of its own goes where its first part with a status goes.
    for row in rows:
        if row.status is None and row.parent not in keys:
            first = next((r for r in rows if r.parent == row.key and r.status is not None), None)
            if first is not None:
                placed[row.key] = placed[first.key]
                for sub in rows:
                    if sub.parent == row.key and sub.status is None:
                        placed[sub.key] = placed[first.key]
    # an action without a status whose parts have their own is a heading, counted through its parts
    headed = {r.parent for r in rows if r.status is not None and r.parent in keys}
    sections: list[Section] = []
    for code, title, empty in SECTIONS:
        chosen = [r for r in rows if placed[r.key] == code]
        if not chosen and code == "completed-before":
            continue
        shown = [r if r.level == 0 or r.parent in {c.key for c in chosen} else replace(r, level=0) for r in chosen]
        count = sum(1 for r in chosen if r.status is not None or (r.parent not in keys and r.key not in headed))
        sections.append(Section(code, title, tuple(shown), count, empty))
    return tuple(sections)
