"""The decisions workbook: the questions a merge leaves for the governance team, one row each.

A merge never settles a conflict, a rejected edit or an extension request by itself.
``merge --decisions OUT.xlsx`` writes each one here: the action, the field, the master's value,
the officer's value, the reason, and a *Decision* dropdown (keep the master / take the officer's /
another value; for a request: approve the new target / keep the current target / another value)
with a *Value*, a *Note* and *Decided by* the team fills in. Everything else is locked. Questions
earlier merges left open (see :mod:`govsheet.decisions.pending`) are carried in too, marked so.

What each row was about is recorded a second time on a very-hidden sheet, with a checksum, so
``govsheet resolve`` works from what govsheet wrote and not from cells someone may have typed
over; the visible sheet supplies only the decision.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from govsheet.decisions.pending import OpenDecision
from govsheet.errors import WorkbookError
from govsheet.merge.report import Change, MergeReport
from govsheet.model.schema import Schema
from govsheet.workbook.layout import LINE_HEIGHT, MAX_ROW_HEIGHT, wrapped_lines
from govsheet.workbook.meta import META_SHEET, cell_text, write_meta
from govsheet.workbook.open import OpenedWorkbook

DECISIONS_SHEET = "Decisions"
RECORD_SHEET = "_decisions"
KIND = "decisions"
KEEP = "Keep the master"
TAKE = "Take the officer's"
OTHER = "Another value"
CHOICES = (KEEP, TAKE, OTHER)
APPROVE = "Approve the new target"
KEEP_TARGET = "Keep the current target"
REQUEST_CHOICES = (APPROVE, KEEP_TARGET, OTHER)
REQUESTED = "requested"
NOT_RECORDED = "not recorded"  # shown for what no record kept, never written to the hidden record
# (title, width); the team fills in the last four. The widths add up to what prints one A4 landscape
# page wide at >= 8 pt (``page_chars``): the values, the reason and the note wrap, the ids, the field,
# the outcome and the dropdown are narrow.
COLUMNS: tuple[tuple[str, float], ...] = (
    ("Id", 4), ("Ref", 5), ("Action", 16), ("Owner", 14), ("Field", 9), ("Master's value", 18),
    ("Officer's value", 18), ("When issued", 14), ("Outcome", 9), ("Reason", 13),
    ("Decision", 12), ("Value", 10), ("Note", 12), ("Decided by", 8),
)
WRAPPED = ("Action", "Master's value", "Officer's value", "When issued", "Reason", "Note")
FIRST_EDITABLE = len(COLUMNS) - 4
RECORD_FIELDS = ("id", "key", "field", "master", "officer", "baseline", "outcome", "return_id", "owner", "reason",
                 "carried")
FIRST_RECORD_FIELDS = 9  # what the first decisions workbooks recorded; later fields are hashed only when set


@dataclass(frozen=True)
class Question:
    """One conflict, rejected edit or extension request as the decisions workbook records it."""

    id: str
    key: str
    field: str
    master: str
    officer: str
    baseline: str
    outcome: str
    return_id: str
    owner: str
    reason: str = ""  # the officer's reason, for an extension request
    carried: str = ""  # when an earlier merge asked it, for a question carried from that merge

    def cells(self) -> list[str]:
        return [getattr(self, name) for name in RECORD_FIELDS]

    @property
    def cell(self) -> tuple[str, str, str, bool]:
        """What the question is about, as :mod:`govsheet.decisions.pending` keys it."""
        return (self.return_id, self.key, self.field, self.outcome == REQUESTED)

    @property
    def choices(self) -> tuple[str, ...]:
        """The Decision dropdown of this row."""
        return REQUEST_CHOICES if self.outcome == REQUESTED else CHOICES

    @property
    def issued(self) -> str:
        """The *When issued* column: the cell's value in the return as issued. A carried question's is
        "not recorded": the Audit sheet keeps the master's and the officer's values, not the baseline."""
        return NOT_RECORDED if self.carried and not self.baseline else self.baseline

    @property
    def kind(self) -> str:
        """The question in the team's words, as the Outcome column shows it."""
        return "extension request" if self.outcome == REQUESTED else self.outcome


@dataclass(frozen=True)
class Answer:
    """What the team wrote on one row of the visible sheet."""

    row: int  # sheet row number
    id: str
    decision: str
    value: str
    note: str
    decided_by: str


def questions_from(changes: Sequence[Change], carried: Sequence[OpenDecision] = (),
                   now: dict[tuple[str, str], str] | None = None) -> list[Question]:
    """The conflicts, rejected edits and extension requests of a merge, numbered D1, D2, ... in the merge's
    order, then the questions earlier merges left open (``carried``), each against the master's value
    ``now`` ((ref, field) -> text) so a decision on it is checked against the master as the team saw it."""
    picked = [c for c in changes if c.outcome in {"conflict", "rejected", REQUESTED}]
    asked = [Question(id="", key=c.key, field=c.field or "", master=c.old, officer=c.new, baseline=c.base,
                      outcome=c.outcome, return_id=c.return_id, owner=c.owner,
                      reason=c.reason if c.outcome == REQUESTED else "") for c in picked]
    this_merge = {q.cell for q in asked}
    values = now or {}
    asked += [Question(id="", key=d.key, field=d.field, master=values.get((d.key, d.field), d.old), officer=d.new,
                       baseline="", outcome=d.outcome, return_id=d.return_id, owner=d.owner,
                       reason=d.reason if d.outcome == REQUESTED else "", carried=d.when or "earlier")
              for d in carried if d.cell not in this_merge]
    return [replace(q, id=f"D{i}") for i, q in enumerate(asked, start=1)]


def _record(q: Question) -> list[str]:
    """The recorded cells of a question as hashed: later fields only when set, so older files still check."""
    cells = q.cells()
    while len(cells) > FIRST_RECORD_FIELDS and not cells[-1]:
        cells.pop()
    return cells


def checksum(pairs: dict[str, str], questions: Sequence[Question]) -> str:
    """SHA-256 over the metadata (checksum excluded) and every recorded question."""
    body = {k: v for k, v in pairs.items() if k != "checksum"}
    canonical = json.dumps([body, [_record(q) for q in questions]], ensure_ascii=False, sort_keys=True,
                           separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def write_decisions(path: Path, questions: Sequence[Question], schema: Schema, master_meta: dict[str, str],
                    titles: dict[str, str], *, source: str) -> Path:
    """Write the decisions workbook for ``questions`` asked of the master whose metadata is ``master_meta``.

    ``titles`` maps an action's key to the text shown in the *Action* column.

    Raises:
        WorkbookError: the file cannot be written.
    """
    from govsheet.returns.meta import master_fingerprint
    from govsheet.workbook.write import MIN_WRAP_WIDTH, fit_to_page, print_setup, write_atomic

    pairs = {
        "kind": KIND,
        "decisions_id": uuid.uuid4().hex,
        "master_fingerprint": master_fingerprint(master_meta),
        "master_round": master_meta.get("round", ""),
        "schema": schema.name,
        "merge": source,
        "created": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "rows": str(len(questions)),
    }
    pairs["checksum"] = checksum(pairs, questions)
    field_titles = {f.name: f.title for f in schema.fields}

    def build(book: Any) -> None:
        base = {"font_name": "Arial", "font_size": 10, "valign": "top", "text_wrap": True, "border": 1,
                "border_color": "#BFBFBF"}
        header = book.add_format({**base, "bold": True, "bg_color": "#1F3864", "font_color": "#FFFFFF"})
        locked = book.add_format(base)
        open_cell = book.add_format({**base, "locked": False, "bg_color": "#FFF2CC"})
        sheet = book.add_worksheet(DECISIONS_SHEET)
        widths = fit_to_page([w for _, w in COLUMNS],
                             [c for c, (t, w) in enumerate(COLUMNS) if t in WRAPPED and w > MIN_WRAP_WIDTH])
        for c, (title, _) in enumerate(COLUMNS):
            sheet.set_column(c, c, widths[c])
            sheet.write_string(0, c, title, header)
        sheet.set_row(0, _height([t for t, _ in COLUMNS], widths) + 1)
        for r, q in enumerate(questions, start=1):
            shown = [q.id, q.key, titles.get(q.key, ""), q.owner, field_titles.get(q.field, q.field or "(row)"),
                     q.master, q.officer, q.issued, q.kind, _reason(q)]
            for c, text in enumerate(shown):
                sheet.write_string(r, c, text, locked)
            for c in range(FIRST_EDITABLE, len(COLUMNS)):
                sheet.write_blank(r, c, None, open_cell)
            # tall enough for its text, and for the longest choice of its dropdown once picked
            longest = max(q.choices, key=lambda choice: wrapped_lines(choice, widths[FIRST_EDITABLE]))
            sheet.set_row(r, _height([*shown, longest], widths))
        last = max(len(questions), 1)
        for first, end, choices in _runs(questions):
            sheet.data_validation(first, FIRST_EDITABLE, end, FIRST_EDITABLE, {
                "validate": "list", "source": list(choices), "error_title": "Decision",
                "error_message": "Pick one of: " + ", ".join(choices)})
        sheet.freeze_panes(1, 2)
        sheet.autofilter(0, 0, last, len(COLUMNS) - 1)
        print_setup(sheet, widths, f"Decisions: {source}")
        sheet.protect("", {"autofilter": True, "sort": False, "format_columns": True})
        _instructions(book, base)
        record = book.add_worksheet(RECORD_SHEET)
        record.very_hidden()
        record.write_row(0, 0, list(RECORD_FIELDS))
        for r, q in enumerate(questions, start=1):
            for c, text in enumerate(q.cells()):
                record.write_string(r, c, text)
        write_meta(book, pairs)
        sheet.activate()

    return write_atomic(path, build)


def write_questions(path: Path, report: MergeReport, master: Path, schema: str | Path | Schema | None) -> int:
    """Write the decisions workbook of a merge: its conflicts, rejected edits and extension requests, then
    the questions earlier merges left open, with each action's title.

    Returns:
        How many questions the workbook holds.

    Raises:
        WorkbookError, SchemaError: the master cannot be read or the workbook cannot be written.
    """
    from govsheet.decisions.pending import open_decisions
    from govsheet.model.tracker import display

    source = Path(report.written) if report.written else master
    with OpenedWorkbook.open(source) as opened:  # once: the metadata, the Actions sheet and the Audit rows
        meta = opened.meta or {}
        model = opened.resolve_schema(schema)
        table = opened.actions(model)
        audit_rows = opened.audit_rows
    # the action's own words: the first long text officers cannot change ("Planned Action")
    title = next((f.name for f in model.fields if f.name != model.primary_key and not f.editable
                  and f.type == "text"), None)
    titles: dict[str, str] = {}
    now: dict[tuple[str, str], str] = {}
    for r in table.rows:
        key = display(r.values.get(model.primary_key)).strip()
        if key in titles:
            continue
        titles[key] = display(r.values.get(title)) if title else ""
        now.update({(key, f.name): display(r.values.get(f.name)) for f in model.fields})
    questions = questions_from(report.changes, open_decisions(audit_rows), now)
    write_decisions(path, questions, model, meta, titles,
                    source=f"merge of {len(report.returns)} returns into {master.name}")
    return len(questions)


def _runs(questions: Sequence[Question]) -> list[tuple[int, int, tuple[str, ...]]]:
    """(first row, last row, choices): one dropdown per run of rows asking the same kind of question."""
    runs: list[tuple[int, int, tuple[str, ...]]] = []
    for r, q in enumerate(questions, start=1):
        if runs and runs[-1][2] == q.choices and runs[-1][1] == r - 1:
            runs[-1] = (runs[-1][0], r, q.choices)
        else:
            runs.append((r, r, q.choices))
    return runs or [(1, 1, CHOICES)]


def _reason(q: Question) -> str:
    if q.outcome == REQUESTED:
        why = f"the officer asks for a new target: {q.reason}" if q.reason else "the officer asks for a new target"
    else:
        why = "changed in the master and in the return" if q.outcome == "conflict" else "rejected by the merge"
    return f"carried from an earlier merge ({q.carried}); {why}" if q.carried else why


def _height(cells: Sequence[str], widths: Sequence[float]) -> float:
    """A row's height in points: its most wrapped cell's lines, as tall as a row may be."""
    lines = max(wrapped_lines(text, width) for text, width in zip(cells, widths, strict=False))
    return float(min(MAX_ROW_HEIGHT, lines * LINE_HEIGHT + 3))


INSTRUCTIONS_WIDTH = 90  # one portrait A4 page at 100 %


def _instructions(book: Any, base: dict[str, Any]) -> None:
    sheet = book.add_worksheet("Instructions")
    para = book.add_format({**base, "border": 0})
    title = book.add_format({**base, "border": 0, "bold": True, "font_size": 14, "valign": "vcenter"})
    sheet.set_column(0, 0, INSTRUCTIONS_WIDTH)
    lines = [
        ("Each row is a conflict (the master and the officer both changed a cell), an edit the merge "
         "rejected, or an extension request (the officer proposes a new target date). Rows 'carried from an "
         "earlier merge' were left open before. Nothing on this sheet has been applied to the master yet."),
        (f"In the Decision column choose '{KEEP}', '{TAKE}' or '{OTHER}' (then type the value in the Value "
         "column). Add a Note saying why, and your name under Decided by."),
        (f"For an extension request choose '{APPROVE}', '{KEEP_TARGET}' or '{OTHER}' (a different new "
         "target, typed in the Value column). An approved target replaces the old one on the Actions sheet, "
         "which keeps the original target and each revision with its reason, who approved it and when."),
        "Leave a row blank to decide it later: it stays open and is listed by govsheet resolve.",
        "Then run: govsheet resolve MASTER.xlsx THIS-FILE.xlsx  (add --dry-run to see what it would do).",
        "Every decision applied is recorded on the master's Audit sheet with your note and name.",
    ]
    sheet.write_string(0, 0, "Decisions for the governance team", title)
    sheet.set_row(0, 24)
    for r, text in enumerate(lines, start=1):
        sheet.write_string(r, 0, text, para)
        sheet.set_row(r, _height([text], [INSTRUCTIONS_WIDTH]) + 6)  # a little space between paragraphs
    # one portrait page, every paragraph whole
    sheet.set_paper(9)
    sheet.set_portrait()
    sheet.fit_to_pages(1, 1)
    sheet.set_margins(left=0.6, right=0.6, top=0.7, bottom=0.7)
    sheet.print_area(0, 0, len(lines), 0)


@dataclass(frozen=True)
class DecisionsFile:
    """A decisions workbook as read back: its metadata, what govsheet recorded and what the team wrote."""

    path: Path
    meta: dict[str, str]
    questions: dict[str, Question]
    answers: list[Answer]
    sha256: str


def read_decisions(path: Path, opened: OpenedWorkbook | None = None) -> DecisionsFile:
    """Read a decisions workbook (``opened``: the same file already opened), checking that govsheet's
    record of it is unaltered.

    Raises:
        WorkbookError: not a decisions workbook, or its hidden record was altered.
    """
    path = Path(path)
    if opened is not None:
        return _read_decisions(path, opened)
    with OpenedWorkbook.open(path) as book:  # once: the metadata, both sheets and the file's SHA-256
        return _read_decisions(path, book)


def _read_decisions(path: Path, book: OpenedWorkbook) -> DecisionsFile:
    names = book.sheet_names
    pairs = book.meta or {}
    if pairs.get("kind") != KIND or RECORD_SHEET not in names or DECISIONS_SHEET not in names:
        raise WorkbookError(path, "is not a govsheet decisions workbook; write one with 'govsheet merge ... "
                                  "--decisions FILE.xlsx'")
    grid = book.get_sheet_by_name(RECORD_SHEET).to_python(skip_empty_area=False)
    questions = []
    for row in grid[1:]:
        cells = [cell_text(c) for c in row[: len(RECORD_FIELDS)]]
        cells += [""] * (len(RECORD_FIELDS) - len(cells))
        if any(cells):
            questions.append(Question(*cells))
    if checksum(pairs, questions) != pairs.get("checksum"):
        raise WorkbookError(path, f"its hidden record ({RECORD_SHEET}, {META_SHEET}) was altered (checksum "
                                  "mismatch), so nothing in it is applied; write a fresh one with 'govsheet merge "
                                  "MASTER RETURN... --decisions FILE.xlsx' (the questions still open are carried in)")
    answers = []
    for r, row in enumerate(book.get_sheet_by_name(DECISIONS_SHEET).to_python(skip_empty_area=False)[1:], start=2):
        cells = [cell_text(c).strip() for c in row] + [""] * len(COLUMNS)
        if not any(cells[: len(COLUMNS)]):
            continue
        answers.append(Answer(row=r, id=cells[0], decision=cells[FIRST_EDITABLE], value=cells[FIRST_EDITABLE + 1],
                              note=cells[FIRST_EDITABLE + 2], decided_by=cells[FIRST_EDITABLE + 3]))
    return DecisionsFile(path, pairs, {q.id: q for q in questions}, answers, book.sha256)
