"""The Decisions page's work: the questions still open, and the team's answers applied with ``resolve``.

Every merge the page runs keeps its decisions workbook (what ``merge --decisions`` writes) in the
round folder's ``decisions/``; a team member may also put one written on the command line there.
A question is open while the master has not recorded it as decided. Answers given on the page are
written into a copy of that decisions workbook, exactly where someone filling it in Excel would
type them, and the copy is resolved: the page and ``govsheet resolve`` take one path and leave
the same Audit rows. The filled copies are kept in ``decisions/answered/``.
"""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from govsheet import api
from govsheet.errors import GovsheetError, UsageError

if TYPE_CHECKING:
    from govsheet.decisions.resolve import ResolveReport
    from govsheet.decisions.workbook import Question

DECISIONS = "decisions"
ANSWERED = "answered"
# what the page's radio buttons send -> the decisions workbook's words
CHOICE_WORDS = {"keep": "Keep the master", "take": "Take the officer's", "other": "Another value"}


@dataclass(frozen=True)
class OpenQuestion:
    """One question still open: where it was asked and what it is about."""

    key: str  # the form's name for it: "<workbook stem>:<question id>"
    workbook: Path
    question: Question
    field_title: str
    action: str


@dataclass(frozen=True)
class Answer:
    """What the page's form said about one open question."""

    choice: str  # "keep", "take" or "other"
    value: str
    note: str


def stamp() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S-%f")


def decisions_folder(folder: Path) -> Path:
    return folder / DECISIONS


def new_workbook_path(folder: Path) -> Path:
    """Where the next merge keeps its decisions workbook."""
    out = decisions_folder(folder)
    out.mkdir(exist_ok=True)
    return out / f"decisions-{stamp()}.xlsx"


def keep_if_asked(path: Path, report_changes: int) -> Path | None:
    """Keep a merge's decisions workbook only when the merge asked the team something."""
    if report_changes:
        return path
    path.unlink(missing_ok=True)
    return None


def open_questions(folder: Path, master: Path) -> list[OpenQuestion]:
    """The questions of every decisions workbook in ``decisions/`` that the master has not recorded as decided.

    Raises:
        WorkbookError: the master cannot be read.
    """
    from govsheet.decisions.resolve import DECIDED_PREFIX
    from govsheet.decisions.workbook import read_decisions
    from govsheet.returns.meta import master_fingerprint
    from govsheet.returns.write import read_master_tracker

    tracker, schema, meta = read_master_tracker(master)
    titles = {f.name: f.title for f in schema.fields}
    words = next((f.name for f in schema.fields if f.name != schema.primary_key and not f.editable
                  and f.type == "text"), None)
    actions = {action.text(schema.primary_key).strip(): action.text(words) if words else ""
               for action in tracker.actions}
    found: list[OpenQuestion] = []
    for path in sorted(decisions_folder(folder).glob("*.xlsx")):
        try:
            filled = read_decisions(path)
        except GovsheetError:
            continue  # not one of ours, or altered: resolve names why when it is uploaded
        if filled.meta.get("master_fingerprint") != master_fingerprint(meta):
            continue
        done = set(meta.get(DECIDED_PREFIX + filled.meta.get("decisions_id", ""), "").split())
        found.extend(OpenQuestion(key=f"{path.stem}:{q.id}", workbook=path, question=q,
                                  field_title=titles.get(q.field, q.field or "(row)"),
                                  action=actions.get(q.key, ""))
                     for q in filled.questions.values() if q.id not in done)
    return found


def field_titles(master: Path) -> dict[str, str]:
    """The master's field names and the titles its sheet shows (``progress`` -> "Progress update")."""
    from govsheet.workbook.meta import master_schema, read_pairs
    from govsheet.workbook.read import open_calamine

    schema = master_schema(master, read_pairs(open_calamine(master)), None)
    return {f.name: f.title for f in schema.fields}


def answers_from(form: dict[str, str], questions: list[OpenQuestion]) -> dict[str, Answer]:
    """The answered questions of the page's form (a question left on "decide later" is not one).

    Raises:
        UsageError: an answer the page does not offer.
    """
    answers: dict[str, Answer] = {}
    for q in questions:
        choice = form.get(f"choice-{q.key}", "").strip()
        if not choice:
            continue
        if choice not in CHOICE_WORDS:
            raise UsageError(None, f'"{choice}" is not a decision the page offers; reload the page')
        answers[q.key] = Answer(choice, form.get(f"value-{q.key}", "").strip(), form.get(f"note-{q.key}", "").strip())
    return answers


def fill(source: Path, out: Path, answers: dict[str, Answer], who: str) -> Path:
    """Copy a decisions workbook to ``out`` with the answers typed into its Decision, Value, Note and
    Decided by cells, as the team would in Excel; the record govsheet wrote stays untouched.

    ``answers`` maps a question id (D1, D2, ...) to its answer.

    Raises:
        WorkbookError: the workbook cannot be read or written.
    """
    from govsheet.decisions.workbook import DECISIONS_SHEET, FIRST_EDITABLE, read_decisions
    from govsheet.xlsx import Book
    from govsheet.xlsx.refs import make_ref

    rows = {a.id: a.row for a in read_decisions(source).answers}
    with Book.open(source) as book:
        sheet = book.sheet(DECISIONS_SHEET)
        for qid, answer in answers.items():
            row = rows[qid]
            cells = (CHOICE_WORDS[answer.choice], answer.value if answer.choice == "other" else "", answer.note, who)
            for offset, text in enumerate(cells):
                sheet.set(make_ref(row, FIRST_EDITABLE + 1 + offset), text or None)
        book.save(out)
    return out


def decide(folder: Path, master: Path, answers: dict[str, Answer], who: str) -> list[ResolveReport]:
    """Write the answers into a filled copy of each decisions workbook they belong to and resolve it.

    Raises:
        UsageError: nothing was decided.
        WorkbookError, LockError: as ``govsheet resolve``.
    """
    if not answers:
        raise UsageError(None, "no question was decided; choose keep, take or another value for at least one")
    by_book: dict[str, dict[str, Answer]] = {}
    for key, answer in answers.items():
        stem, qid = key.rsplit(":", 1)
        by_book.setdefault(stem, {})[qid] = answer
    answered = decisions_folder(folder) / ANSWERED
    answered.mkdir(parents=True, exist_ok=True)
    reports = []
    for stem, chosen in sorted(by_book.items()):
        source = decisions_folder(folder) / f"{stem}.xlsx"
        filled = fill(source, answered / f"{stem}-answered-{stamp()}.xlsx", chosen, who)
        reports.append(api.resolve(master, filled))
    return reports


def resolve_upload(folder: Path, master: Path, upload: Path, name: str) -> ResolveReport:
    """Keep an uploaded, filled decisions workbook in ``decisions/answered/`` and resolve it.

    Raises:
        WorkbookError, LockError: as ``govsheet resolve``.
    """
    answered = decisions_folder(folder) / ANSWERED
    answered.mkdir(parents=True, exist_ok=True)
    kept = answered / f"{stamp()}-{name}"
    shutil.move(upload, kept)
    try:
        return api.resolve(master, kept)
    except GovsheetError:
        kept.unlink(missing_ok=True)  # refused whole: nothing of it is kept
        raise
