"""The Decisions page's work: the questions the master still waits for, and the team's answers resolved.

The open questions are the master's own (``api.open_decisions``: the conflicts, rejected edits and
extension requests on its Audit sheet that nothing has settled since). To show them, the page
writes a decisions workbook of them all, as the next ``merge --decisions`` would carry them, each
against the master's value now. Answers given on the page are typed into that workbook exactly
where someone filling it in Excel would type them, and it is resolved: the page and ``govsheet
resolve`` take one path and leave the same Audit rows, and a cell that changed after the page
was shown is refused as it would be from Excel. Filled workbooks are kept in
``decisions/answered/``; each merge the page runs keeps its own in ``decisions/``.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from govsheet import api
from govsheet.errors import GovsheetError, UsageError

if TYPE_CHECKING:
    from govsheet.decisions.resolve import ResolveReport
    from govsheet.decisions.workbook import DecisionsFile, Question
    from govsheet.workbook.open import OpenedWorkbook

DECISIONS = "decisions"
ANSWERED = "answered"
ASKED = "asked"  # inside the page's work folder: the workbooks the page wrote to show the questions
KEEP_ASKED = 10
CHOICES = ("keep", "take", "other")  # what the page's radio buttons send
_ASKED_ID = re.compile(r"[0-9]{8}-[0-9]{6}-[0-9]{6}")


@dataclass(frozen=True)
class OpenQuestion:
    """One question still open, as the page shows it."""

    question: Question
    field_title: str
    action: str

    @property
    def request(self) -> bool:
        return self.question.outcome == "requested"


@dataclass(frozen=True)
class Asked:
    """The decisions workbook the page wrote to show the open questions, and those questions."""

    id: str
    path: Path
    questions: list[OpenQuestion]


@dataclass(frozen=True)
class Answer:
    """What the page's form said about one question."""

    choice: str  # one of CHOICES
    value: str
    note: str


def stamp() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S-%f")


def new_workbook_path(folder: Path) -> Path:
    """Where the next merge keeps its decisions workbook."""
    out = folder / DECISIONS
    out.mkdir(exist_ok=True)
    return out / f"decisions-{stamp()}.xlsx"


def keep_if_asked(path: Path) -> Path | None:
    """Keep a merge's decisions workbook only when it asks the team something."""
    from govsheet.decisions.workbook import read_decisions

    if path.is_file() and read_decisions(path).questions:
        return path
    path.unlink(missing_ok=True)
    return None


def ask(work: Path, master: Path) -> Asked:
    """Write a decisions workbook of every question the master holds open, and read it back.

    Raises:
        WorkbookError: the master cannot be read or the workbook cannot be written.
    """
    from govsheet.decisions.workbook import read_decisions, write_questions
    from govsheet.merge.report import MergeReport
    from govsheet.returns.write import read_master_tracker

    folder = work / ASKED
    folder.mkdir(parents=True, exist_ok=True)
    for old in sorted(folder.glob("decisions-*.xlsx"))[:-KEEP_ASKED]:
        old.unlink(missing_ok=True)
    asked_id = stamp()
    path = folder / f"decisions-{asked_id}.xlsx"
    write_questions(path, MergeReport(master=str(master)), master, None)  # no merge: only what is open
    tracker, schema, _ = read_master_tracker(master)
    titles = {f.name: f.title for f in schema.fields}
    words = next((f.name for f in schema.fields if f.name != schema.primary_key and not f.editable
                  and f.type == "text"), None)
    actions = {a.text(schema.primary_key).strip(): a.text(words) if words else "" for a in tracker.actions}
    questions = [OpenQuestion(q, titles.get(q.field, q.field or "(row)"), actions.get(q.key, ""))
                 for q in read_decisions(path).questions.values()]
    return Asked(asked_id, path, questions)


def asked_path(work: Path, asked_id: str) -> Path:
    """The workbook behind the questions a page showed.

    Raises:
        UsageError: the page is too old or the id is not one the page wrote.
    """
    path = work / ASKED / f"decisions-{asked_id}.xlsx"
    if not _ASKED_ID.fullmatch(asked_id) or not path.is_file():
        raise UsageError(None, "the questions on that page are no longer known; reload the Decisions page")
    return path


def field_titles(master: Path) -> dict[str, str]:
    """The master's field names and the titles its sheet shows (``progress`` -> "Progress update")."""
    from govsheet.workbook.open import OpenedWorkbook

    with OpenedWorkbook.open(master) as opened:
        schema = opened.master_schema()
    return {f.name: f.title for f in schema.fields}


def answers_from(form: dict[str, str], question_ids: list[str]) -> dict[str, Answer]:
    """The answered questions of the page's form (a question left on "decide later" is not one).

    Raises:
        UsageError: an answer the page does not offer.
    """
    answers: dict[str, Answer] = {}
    for qid in question_ids:
        choice = form.get(f"choice-{qid}", "").strip()
        if not choice:
            continue
        if choice not in CHOICES:
            raise UsageError(None, f'"{choice}" is not a decision the page offers; reload the page')
        answers[qid] = Answer(choice, form.get(f"value-{qid}", "").strip(), form.get(f"note-{qid}", "").strip())
    return answers


def fill(source: Path, out: Path, answers: dict[str, Answer], who: str) -> Path:
    """Copy a decisions workbook to ``out`` with the answers typed into its Decision, Value, Note and
    Decided by cells, as the team would in Excel; the record govsheet wrote stays untouched.

    ``answers`` maps a question id (D1, D2, ...) to its answer.

    Raises:
        WorkbookError: the workbook cannot be read or written.
    """
    from govsheet.decisions.workbook import read_decisions
    from govsheet.workbook.open import OpenedWorkbook

    with OpenedWorkbook.open(source) as opened:  # once: the record read and the cells typed in
        return _fill(opened, read_decisions(source, opened), out, answers, who)


def _fill(opened: OpenedWorkbook, asked: DecisionsFile, out: Path, answers: dict[str, Answer], who: str) -> Path:
    from govsheet.decisions.workbook import DECISIONS_SHEET, FIRST_EDITABLE
    from govsheet.xlsx.refs import make_ref

    rows = {a.id: a.row for a in asked.answers}
    book = opened.book
    sheet = book.sheet(DECISIONS_SHEET)
    for qid, answer in answers.items():
        keep, take, other = _words(asked.questions[qid])
        decision = {"keep": keep, "take": take, "other": other}[answer.choice]
        cells = (decision, answer.value if answer.choice == "other" else "", answer.note, who)
        for offset, text in enumerate(cells):
            sheet.set(make_ref(rows[qid], FIRST_EDITABLE + 1 + offset), text or None)
    book.save(out)
    return out


def _words(q: Question) -> tuple[str, str, str]:
    """The decisions workbook's words for keep, take and another value, for this kind of question."""
    from govsheet.decisions.workbook import APPROVE, KEEP, KEEP_TARGET, OTHER, TAKE

    return (KEEP_TARGET, APPROVE, OTHER) if q.outcome == "requested" else (KEEP, TAKE, OTHER)


def decide(folder: Path, work: Path, master: Path, asked_id: str, form: dict[str, str], who: str) -> ResolveReport:
    """Type the page's answers into the workbook the page showed and resolve it.

    Raises:
        UsageError: nothing was decided, an answer the page does not offer, or the page is too old.
        WorkbookError, LockError: as ``govsheet resolve``.
    """
    from govsheet.decisions.workbook import read_decisions
    from govsheet.workbook.open import OpenedWorkbook

    source = asked_path(work, asked_id)
    with OpenedWorkbook.open(source) as opened:  # once: the questions read, then the answers typed in
        asked = read_decisions(source, opened)
        answers = answers_from(form, list(asked.questions))
        if not answers:
            raise UsageError(None, "no question was decided; choose keep, take or another value for at least one")
        answered = folder / DECISIONS / ANSWERED
        answered.mkdir(parents=True, exist_ok=True)
        filled = _fill(opened, asked, answered / f"decisions-{asked_id}-answered-{stamp()}.xlsx", answers, who)
    return api.resolve(master, filled)


def resolve_upload(folder: Path, master: Path, upload: Path, name: str) -> ResolveReport:
    """Keep an uploaded, filled decisions workbook in ``decisions/answered/`` and resolve it.

    Raises:
        WorkbookError, LockError: as ``govsheet resolve``.
    """
    answered = folder / DECISIONS / ANSWERED
    answered.mkdir(parents=True, exist_ok=True)
    kept = answered / f"{stamp()}-{name}"
    shutil.move(upload, kept)
    try:
        return api.resolve(master, kept)
    except GovsheetError:
        kept.unlink(missing_ok=True)  # refused whole: nothing of it is kept
        raise
