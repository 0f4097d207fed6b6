"""Apply the team's decisions to the master: each one audited, nothing applied from a row that is wrong.

For every row of the decisions workbook the team decided:

* *keep the master*: the master's cell stays; an Audit row records the decision;
* *take the officer's* / *another value*: the cell is set through the lossless engine and audited;
* an extension request *approved* (or *another value*): the target and its derived date change, the
  first revision sets the original target, a line is added to the target revisions, and the
  proposal is cleared; one Audit row on the target field records it. *Keep the current target*
  records the refusal and clears the proposal;
* the master's cell no longer holds the value it held when the question was asked: refused as a
  new conflict (decide it again after the next merge);
* a row decided before (the same decisions workbook resolved again, or the question settled since
  from another decisions workbook): nothing to do.

Rows left blank stay open and are listed. A decisions workbook written for another master is
refused whole.
"""

from __future__ import annotations

import datetime as dt
import getpass
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from govsheet.decisions.pending import REQUEST_DECIDED
from govsheet.decisions.workbook import (
    APPROVE,
    KEEP,
    KEEP_TARGET,
    OTHER,
    REQUESTED,
    TAKE,
    Answer,
    DecisionsFile,
    Question,
    read_decisions,
)
from govsheet.errors import UsageError, WorkbookError
from govsheet.model.result import Result
from govsheet.model.schema import Schema
from govsheet.model.tracker import Value, display
from govsheet.workbook.layout import DECIDED_PREFIX, refresh_icon
from govsheet.workbook.open import OpenedWorkbook

Outcome = Literal["applied", "kept", "open", "refused", "already-decided"]


class DecidedRow(BaseModel):
    """What resolve made of one row of the decisions workbook."""

    model_config = ConfigDict(frozen=True)

    id: str
    key: str
    field: str
    decision: str
    value: str
    outcome: Outcome
    message: str

    def to_dict(self) -> dict[str, str]:
        return self.model_dump()


class ResolveReport(Result):
    """The result of ``govsheet resolve``."""

    master: str
    decisions: str
    rows: tuple[DecidedRow, ...]
    dry_run: bool = False
    written: str | None = None
    backup: str | None = None

    def count(self, outcome: Outcome) -> int:
        return sum(1 for r in self.rows if r.outcome == outcome)

    @property
    def ok(self) -> bool:
        """True when no decided row was refused (rows still open are not a failure)."""
        return self.count("refused") == 0

    def to_dict(self) -> dict[str, Any]:
        return {"master": self.master, "decisions": self.decisions, "dry_run": self.dry_run,
                "rows": [r.to_dict() for r in self.rows],
                "summary": {o: self.count(o) for o in ("applied", "kept", "open", "refused", "already-decided")}}

    def to_text(self) -> str:
        lines = [f"  {r.outcome:<15} {r.id} {r.key} {r.field}: {r.message}" for r in self.rows
                 if r.outcome != "already-decided"]
        tail = "dry run, nothing written" if self.dry_run else (
            f"master written to {self.written}" if self.written else "master not changed")
        if self.backup:
            tail += f"; previous master kept as {self.backup}"
        s = {o: self.count(o) for o in ("applied", "kept", "open", "refused", "already-decided")}
        lines.append(f"{s['applied']} applied, {s['kept']} kept, {s['refused']} refused, {s['open']} still open, "
                     f"{s['already-decided']} decided before; {tail}")
        return "\n".join(lines)


@dataclass
class _Plan:
    """One decided row that will change the master or be recorded on its Audit sheet.

    ``cell`` and ``value`` are the decided cell (None: the master's value kept); ``more`` the other
    cells the decision sets (field, cell, value): for a target, its derived date, its history and
    the cleared proposal.
    """

    question: Question
    answer: Answer
    cell: str | None
    value: Value
    more: tuple[tuple[str, str, Value], ...] = ()
    detail: str = ""

    def writes(self) -> list[tuple[str, str, Value]]:
        """Every (field, cell, value) the decision writes."""
        first = [(self.question.field, self.cell, self.value)] if self.cell is not None else []
        return [*first, *self.more]


def resolve(master: Path, decisions: Path, *, dry_run: bool = False) -> ResolveReport:
    """Apply a filled-in decisions workbook to ``master``; see the module docstring.

    Raises:
        WorkbookError: the master or the decisions workbook cannot be read, or they do not belong together.
        LockError: another command is changing the master.
    """
    from govsheet.workbook.lock import master_lock

    master, decisions = Path(master), Path(decisions)
    refuse_same(master, decisions)
    if dry_run:
        return _resolve(master, decisions, dry_run=True)
    if not master.is_file():
        OpenedWorkbook.open(master).close()  # its one clear line for a missing master, before any lock file
    with master_lock(master, "resolve"):
        return _resolve(master, decisions, dry_run=False)


def _resolve(master: Path, decisions: Path, *, dry_run: bool) -> ResolveReport:
    with OpenedWorkbook.open(master) as opened:  # once: the metadata, the Actions sheet, the Audit rows, the package
        return _resolve_open(master, opened, decisions, dry_run=dry_run)


def _resolve_open(master: Path, opened: OpenedWorkbook, decisions: Path, *, dry_run: bool) -> ResolveReport:
    from govsheet.returns.meta import master_fingerprint
    from govsheet.workbook.meta import master_schema

    meta = opened.meta or {}
    schema = master_schema(master, meta, None)
    filled = read_decisions(decisions)
    if filled.meta.get("master_fingerprint") != master_fingerprint(meta):
        raise WorkbookError(decisions, f"was written for another master, not {master.name}; resolve it against "
                                       "the master its merge changed")
    from govsheet.decisions.pending import settled_cells

    table = opened.actions(schema)
    rows: dict[str, Any] = {}
    for r in table.rows:
        rows.setdefault(display(r.values.get(schema.primary_key)).strip(), r)
    done = set(meta.get(DECIDED_PREFIX + filled.meta.get("decisions_id", ""), "").split())
    settled = settled_cells(opened.audit_rows)
    done |= {q.id for q in filled.questions.values() if q.cell in settled}
    when = dt.datetime.now(dt.UTC).replace(microsecond=0)
    results: list[DecidedRow] = []
    plans: list[_Plan] = []
    taken: dict[str, str] = {}  # cell -> the question whose decision writes it
    for answer in filled.answers:
        question = filled.questions.get(answer.id)
        if question is None:
            results.append(DecidedRow(id=answer.id or f"row {answer.row}", key="", field="", decision=answer.decision,
                                      value=answer.value, outcome="refused",
                                      message=f"row {answer.row} was not written by govsheet; ignored"))
            continue
        result, plan = _decide_one(question, answer, schema, table, rows, done)
        if plan is not None and question.outcome == REQUESTED:
            plan = _target_plan(plan, schema, table, rows[question.key], when.date())
        clash = next((taken[c] for _, c, _ in plan.writes() if c in taken), None) if plan else None
        if plan is not None and clash:
            result = result.model_copy(update={"outcome": "refused", "message": (
                f"{clash} in this workbook already changes this cell; decide this one again in the next decisions "
                "workbook (merge --decisions carries it)")})
            plan = None
        results.append(result)
        if plan is not None:
            plans.append(plan)
            taken.update({c: question.id for _, c, _ in plan.writes()})
    report = ResolveReport(master=str(master), decisions=str(decisions), rows=tuple(results), dry_run=dry_run)
    if dry_run or not plans:
        return report
    from govsheet.tracked import changed_outside, patched
    from govsheet.workbook.snapshot import snapshot

    now = snapshot(schema, table.rows)
    after = patched(now, schema, ((p.question.key, name, value) for p in plans for name, _, value in p.writes()))
    backup = _write(opened, schema, filled, plans, meta, sorted(done | {p.question.id for p in plans}),
           outside=(changed_outside(schema, meta, now), after), when=when.isoformat())
    return report.model_copy(update={"written": str(master), "backup": str(backup)})


def _decide_one(q: Question, a: Answer, schema: Schema, table: Any, rows: dict[str, Any],
                done: set[str]) -> tuple[DecidedRow, _Plan | None]:
    def row(outcome: Outcome, message: str, value: str = "") -> DecidedRow:
        return DecidedRow(id=q.id, key=q.key, field=q.field, decision=a.decision, value=value or a.value,
                          outcome=outcome, message=message)

    if q.id in done:
        return row("already-decided", "decided before; nothing to do"), None
    if not a.decision:
        return row("open", "no decision yet"), None
    master_row = rows.get(q.key)
    now = display(master_row.values.get(q.field)) if master_row is not None and q.field else ""
    refusal = _refusal(q, a, schema, master_row, now)
    if refusal:
        return row("refused", refusal), None
    if a.decision in {KEEP, KEEP_TARGET}:
        kept = "the current target kept" if q.outcome == REQUESTED else "the master's value kept"
        return row("kept", kept), _Plan(q, a, None, None)
    spec = schema.field(q.field)
    text = q.officer if a.decision in {TAKE, APPROVE} else a.value
    value, problem = _typed(text, spec, schema)
    if problem:
        return row("refused", problem, text), None
    assert master_row is not None  # noqa: S101 - _refusal refuses a decision on a row the master lost
    cell = table.cell(q.field, master_row.number)
    return row("applied", f'"{now}" -> "{display(value)}"', display(value)), _Plan(q, a, cell, value)


def _refusal(q: Question, a: Answer, schema: Schema, master_row: Any, now: str) -> str:
    """Why a decided row cannot be applied, or "" when it can."""
    if a.decision not in q.choices:
        return f"decision {a.decision!r} is not one of " + ", ".join(repr(c) for c in q.choices)
    moved = (f'the master has changed since (it now holds "{now}"); decide it again after the next merge'
             if master_row is not None and q.field and now != q.master else "")
    if a.decision in {KEEP, KEEP_TARGET}:
        return moved
    why = _request_refusal(q, a, schema, master_row) if q.outcome == REQUESTED else _edit_refusal(
        q, a, schema, master_row)
    return why or moved


def _edit_refusal(q: Question, a: Answer, schema: Schema, master_row: Any) -> str:
    """Why the officer's (or another) value of a conflict or rejected edit cannot be applied, or ""."""
    spec = next((f for f in schema.fields if f.name == q.field), None)
    if spec is None or master_row is None:
        return ("a whole-row change cannot be applied from the decisions workbook; add or remove the action in "
                "the master by hand")
    if not spec.editable:
        return f'"{spec.title}" is locked in returns; change it with govsheet edit'
    if a.decision == OTHER and not a.value:
        return f"'{OTHER}' needs the value in the Value column"
    return ""


def _request_refusal(q: Question, a: Answer, schema: Schema, master_row: Any) -> str:
    """Why an approved extension request cannot be applied, or "" when it can."""
    ext = schema.extensions
    if master_row is None:
        return f"the master no longer has action {q.key!r}; nothing to change"
    if ext is None or q.field != ext.target:
        return "the master's schema takes no extension requests on this field; change the target with govsheet edit"
    if a.decision == OTHER and not a.value:
        return f"'{OTHER}' needs the new target in the Value column"
    return ""


def _target_plan(plan: _Plan, schema: Schema, table: Any, master_row: Any, today: dt.date) -> _Plan:
    """An extension request decided: the derived date, the history and the cleared proposal to write too.

    Approved: every date derived from the target follows it, the original target is set at the first
    revision, and a line "old → new, approved <date> by <who>: <reason>" is added to the revisions.
    Approved or not, the proposal and its reason are cleared when they still hold this request.
    """
    from govsheet.model.target import parse_target

    ext = schema.extensions
    assert ext is not None  # noqa: S101 - _request_refusal refuses a request on a schema without extensions
    q, a = plan.question, plan.answer
    writes: list[tuple[str, str, Value]] = []

    def put(name: str | None, value: Value) -> None:
        if name and name in table.columns:
            writes.append((name, table.cell(name, master_row.number), value))

    detail = ""
    if plan.cell is not None:
        new = display(plan.value)
        for f in schema.fields:
            if f.derived_from == ext.target:
                put(f.name, parse_target(new) if new else None)
        if ext.original and not display(master_row.values.get(ext.original)).strip():
            put(ext.original, q.master or None)
        who = a.decided_by or _os_user()
        why = q.reason or a.note
        line = f"{q.master or '(none)'} → {new}, approved {today.day} {today:%B %Y} by {who}" + (
            f": {why}" if why else "")
        if ext.revisions:
            earlier = display(master_row.values.get(ext.revisions)).strip()
            put(ext.revisions, f"{earlier}\n{line}" if earlier else line)
        detail = f"; target history: {line}"
    if display(master_row.values.get(ext.proposed)).strip() == q.officer.strip():
        put(ext.proposed, None)
        put(ext.reason, None)
    return _Plan(q, a, plan.cell, plan.value, tuple(writes), detail)


def _typed(text: str, spec: Any, schema: Schema) -> tuple[Value, str]:
    """The value a decision writes, typed as the field is; or why it cannot be written."""
    if not text.strip():
        return None, ""
    if spec.type == "status" and schema.statuses:
        found = schema.read_status(text)
        if found is None:
            labels = ", ".join(f'"{s.label}"' for s in schema.statuses)
            return None, f'status "{text}" is not one of {labels}'
        return found[0].label, ""
    if spec.type == "date":
        try:
            return dt.date.fromisoformat(text[:10]), ""
        except ValueError:
            return None, f'"{text}" is not a date; write it as 2026-03-31'
    return text, ""


def _write(opened: OpenedWorkbook, schema: Schema, filled: DecisionsFile,
           plans: list[_Plan], meta: dict[str, str], decided: list[str], *, outside: tuple[Any, Any],
           when: str) -> Path:
    """Back up the master, then set the decided cells and append their Audit rows in one save.

    ``outside`` is (the changes found made by hand since govsheet last wrote the master, the
    tracked values after this write): the first are audited before the decisions, as merge does.

    Returns:
        Where the backup went.
    """
    from govsheet.audit import AuditEntry, append_audit, chain, last_hash, rehidden_entries
    from govsheet.files import keep_backup
    from govsheet.tracked import entries
    from govsheet.workbook.meta import hide_meta_sheets, write_pairs
    from govsheet.workbook.snapshot import encode

    master = opened.path
    previous = last_hash(opened.audit_rows)
    backup = keep_backup(master)
    book = opened.book
    sheet = book.sheet(schema.sheet)
    found, after = outside
    sha256 = opened.sha256
    audited = entries(found, when=when, round_label=meta.get("round", ""), since=meta.get("tracked_at", ""),
                      source=master.name, sha256=sha256)
    audited += rehidden_entries(book, when=when, round_label=meta.get("round", ""), source=master.name,
                                sha256=sha256)
    for plan in plans:
        q, a = plan.question, plan.answer
        for name, cell, value in plan.writes():
            sheet.set(cell, value)
            if schema.status_field is not None and name == schema.status_field.name:
                refresh_icon(sheet, schema, cell, value)
        who = a.decided_by or _os_user()
        note = f"; note: {a.note}" if a.note else ""
        kind = REQUEST_DECIDED if q.outcome == REQUESTED else ""  # a request is settled apart from an edit
        new = q.master if plan.cell is None else display(plan.value)
        audited.append(AuditEntry(when, meta.get("round", ""), q.return_id, who, q.key, q.field, q.master, new,
                                  "decided", f"{kind}{a.decision.lower()} ({q.id}){note}{plan.detail}",
                                  filled.path.name, filled.sha256))
    append_audit(book, chain(audited, previous))
    write_pairs(book, {DECIDED_PREFIX + filled.meta.get("decisions_id", ""): " ".join(decided),
                       **encode(after, when, meta)})
    hide_meta_sheets(book)
    book.save()
    return backup


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def refuse_same(master: Path, decisions: Path) -> None:
    """Refuse a decisions file that is the master itself (a slip on the command line)."""
    from govsheet.files import is_same_file

    if is_same_file(master, decisions):
        raise UsageError(decisions, "is the master itself; give the decisions workbook written by merge")
