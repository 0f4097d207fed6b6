"""Cell assignments as typed on the command line (``Sheet!A1=value``) and applying them to a workbook.

Typing of ``Sheet!A1=value``:

* empty (``A1=``) clears the cell (its formatting stays);
* a plain number (``42``, ``-3.5``, ``1e6``) is a number, but one with a leading zero (``007``)
  stays text, as Excel users expect of codes and references;
* ``true``/``false`` (any case) is a boolean;
* an ISO date ``2024-03-31`` is a date, ``2024-03-31T14:30`` (or with a space) a date and time;
* anything else is text, stored as text even if it starts with ``=``, ``+``, ``-`` or ``@``.

``Sheet!A1:=value`` always stores the text exactly as given.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager, nullcontext
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from govsheet.errors import UsageError
from govsheet.xlsx.book import Book
from govsheet.xlsx.cells import CellValue
from govsheet.xlsx.refs import check_in_sheet, make_ref, parse_ref
from govsheet.xlsx.sheet import Sheet

_ASSIGNMENT = re.compile(r"^(?:(?P<sheet>.+?)!)?(?P<ref>\$?[A-Za-z]{1,8}\$?[0-9]{1,12})(?P<op>:?=)(?P<value>.*)$",
                         re.DOTALL)
_NUMBER = re.compile(r"[+-]?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?|[+-]?0?\.[0-9]+")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_ISO_DATETIME = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(?::[0-9]{2})?")


class Assignment(BaseModel):
    """One ``--set``/``--formula`` argument: where, and the typed value."""

    model_config = ConfigDict(frozen=True)

    sheet: str | None
    ref: str
    value: str | int | float | bool | datetime | date | None
    kind: Literal["value", "formula"] = "value"


class CellChange(BaseModel):
    """One cell changed by an edit: before and after (values as text)."""

    model_config = ConfigDict(frozen=True)

    sheet: str
    ref: str
    old: str | None
    new: str | None
    # new is a formula ("=..."), whose result a reader sees only once Excel or LibreOffice recalculates
    formula: bool = Field(default=False, exclude=True)


class EditReport(BaseModel):
    """What ``govsheet edit`` did."""

    model_config = ConfigDict(frozen=True)

    workbook: str
    written: str
    changes: tuple[CellChange, ...]
    parts_rewritten: tuple[str, ...]

    @property
    def ok(self) -> bool:
        """Always True: an edit that cannot be made raises instead."""
        return True

    def to_dict(self) -> dict[str, Any]:
        """The JSON-ready object ``edit --format json`` prints."""
        data: dict[str, Any] = self.model_dump(mode="json")
        return data

    def to_text(self) -> str:
        """Each cell's old and new value, then the file written."""
        lines = [f"{c.sheet}!{c.ref}: {(c.new or '').strip('()')}" if c.old is None and is_row_step(c.new)
                 else f"{c.sheet}!{c.ref}: {_shown(c.old)} -> {_shown(c.new)}" for c in self.changes]
        return "\n".join([*lines, f"wrote {self.written}"])


# The new value of a row operation's change; the ref is its rows ("5:7") and the old value None.
ROW_STEPS = ("(rows deleted)", "(rows inserted)")
MOVED_BEFORE = "(rows moved before row "  # followed by the row number and ")"


def is_row_step(new: str | None) -> bool:
    """Whether a change's new value says it is a row operation (delete, insert or move)."""
    return new in ROW_STEPS or (new or "").startswith(MOVED_BEFORE)


def moved_to(new: str | None) -> int | None:
    """The row a move's rows went before (numbered before the move), or None for another change."""
    text = new or ""
    return int(text[len(MOVED_BEFORE):].rstrip(")")) if text.startswith(MOVED_BEFORE) else None


def _shown(text: str | None) -> str:
    return "(empty)" if text is None else f'"{text}"'


def typed_value(text: str) -> CellValue:  # noqa: PLR0911 - one return per documented type
    """The value a command-line text stands for (see the module docstring)."""
    if text == "":
        return None
    if _NUMBER.fullmatch(text):
        number = float(text)
        if number.is_integer() and re.fullmatch(r"[+-]?[0-9]+", text) and abs(number) < 1e15:  # noqa: PLR2004
            return int(text)
        return number
    if text.lower() in ("true", "false"):
        return text.lower() == "true"
    try:
        if _ISO_DATE.fullmatch(text):
            return date.fromisoformat(text)
        if _ISO_DATETIME.fullmatch(text):
            return datetime.fromisoformat(text)
    except ValueError as exc:
        raise UsageError(None, f'"{text}" looks like a date but is not one ({exc}); use YYYY-MM-DD, '
                               f'or write "A1:={text}" to store it as text') from exc
    return text


def parse_assignment(text: str, *, formula: bool = False) -> Assignment:
    """``"Actions!D14=In progress"`` -> Assignment; ``'My sheet'!A1=x`` and a bare ``A1=x`` work too.

    Raises:
        UsageError: the text is not of the form SHEET!CELL=VALUE.
    """
    match = _ASSIGNMENT.match(text)
    if match is None:
        raise UsageError(None, f'"{text}" is not of the form SHEET!CELL=VALUE, e.g. "Actions!D14=In progress"')
    sheet = match.group("sheet")
    if sheet is not None and len(sheet) > 1 and sheet[0] == sheet[-1] == "'":
        sheet = sheet[1:-1].replace("''", "'")
    ref = match.group("ref").replace("$", "")
    check_in_sheet(ref)
    row, col = parse_ref(ref)
    raw = match.group("value")
    if formula:
        return Assignment(sheet=sheet, ref=make_ref(row, col), value=raw, kind="formula")
    value = raw if match.group("op") == ":=" else typed_value(raw)
    return Assignment(sheet=sheet, ref=make_ref(row, col), value=value)


def _show(value: CellValue) -> str | None:
    """A cell value as text, as Excel shows it: TRUE/FALSE, whole numbers without ".0", ISO dates."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime) and value.time() == datetime.min.time():
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def open_elsewhere(path: Path) -> Path | None:
    """The lock file Excel (``~$name``) or LibreOffice (``.~lock.name#``) keeps beside an open workbook."""
    for lock in (path.with_name(f"~${path.name}"), path.with_name(f".~lock.{path.name}#")):
        if lock.exists():
            return lock
    return None


def apply_edits(path: Path, assignments: Sequence[Assignment], *, out: Path | None = None,
                force: bool = False,
                before_save: Callable[[Book, Sequence[CellChange]], None] | None = None,
                opened: Book | None = None) -> EditReport:
    """Set cells of a workbook in place (or into ``out``), changing nothing else.

    Args:
        path: the workbook (.xlsx or .xlsm).
        assignments: the cells to set; a missing sheet name means the first sheet.
        out: write here instead of replacing ``path`` (atomically) in place.
        force: edit locked cells of protected sheets, pivot table cells, and a file Excel or
            LibreOffice has open, too.
        before_save: called with the open book and the changes just before it is saved (e.g. to
            append Audit rows in the same save).
        opened: ``path`` opened already by the caller (who closes it), so it is not opened again.

    Returns:
        An EditReport listing each cell's old and new value.

    Raises:
        WorkbookError: the file cannot be opened safely or written.
        UsageError: a missing sheet, a bad reference, a locked cell on a protected sheet.
    """
    if not assignments:
        raise UsageError(path, "nothing to do; give at least one --set SHEET!CELL=VALUE")
    _refuse_open_elsewhere(out if out is not None else path, force=force)
    with _opened(path, opened) as book:
        changes: list[CellChange] = []
        for item in assignments:
            sheet = _sheet_of(book, item.sheet)
            changes.extend(_assign(book, sheet, item, force=force))
        if before_save is not None:
            before_save(book, changes)
        written = book.save(out)
        rewritten = book.package.written
    return EditReport(workbook=str(path), written=str(written), changes=tuple(changes),
                      parts_rewritten=tuple(rewritten))


# ---------------------------------------------------------------------- whole rows
_ROW_RANGE = re.compile(r"^(?:(?P<sheet>.+)!)?\$?(?P<first>[0-9]{1,7})(?::\$?(?P<last>[0-9]{1,7}))?$", re.DOTALL)


RowKind = Literal["delete-rows", "insert-rows", "move-rows"]


class RowOperation(BaseModel):
    """One ``--delete-rows``/``--insert-rows``/``--move-rows`` argument: which sheet and rows."""

    model_config = ConfigDict(frozen=True)

    sheet: str | None
    first: int
    last: int
    kind: RowKind
    to: int | None = None  # move-rows: the rows go before this row (numbered before the move)

    @property
    def text(self) -> str:
        """The rows as Excel writes them: ``5:7`` (``5:7>12`` for a move)."""
        return f"{self.first}:{self.last}" + (f">{self.to}" if self.to is not None else "")


def parse_row_range(text: str, kind: RowKind) -> RowOperation:
    """``"Actions!5:7"`` (or ``'My sheet'!5``, or ``5:7`` for the first sheet) -> RowOperation.

    A move names where the rows go after ``>``: ``"Actions!5:7>12"`` cuts rows 5..7 and inserts
    them before row 12, as Excel's "Insert Cut Cells" does.

    Raises:
        UsageError: the text is not a range of rows.
    """
    from govsheet.xlsx.limits import MAX_ROWS

    to: int | None = None
    if kind == "move-rows":
        rows, sep, where = text.strip().rpartition(">")
        if not sep or not where.strip().isdigit():
            raise UsageError(None, f'--move-rows "{text}" does not say where the rows go; write it like '
                                   '"Actions!5:7>12" (rows 5 to 7 go before row 12)')
        to, text = int(where), rows
        if not 1 <= to <= MAX_ROWS:
            raise UsageError(None, f'--move-rows "{text}>{where.strip()}": the row to move before must be 1 to '
                                   f"{MAX_ROWS:,}")
    match = _ROW_RANGE.match(text.strip())
    if match is None:
        raise UsageError(None, f'--{kind} "{text}" is not a range of rows; write it like "Actions!5:7" (or '
                               '"Actions!5" for one row)')
    sheet = match.group("sheet")
    if sheet is not None and len(sheet) > 1 and sheet[0] == sheet[-1] == "'":
        sheet = sheet[1:-1].replace("''", "'")
    first = int(match.group("first"))
    last = int(match.group("last") or first)
    if not 1 <= first <= last <= MAX_ROWS:
        raise UsageError(None, f'--{kind} "{text}": rows must run from a first to a last row, 1 to {MAX_ROWS:,}, '
                               "first <= last")
    return RowOperation(sheet=sheet, first=first, last=last, kind=kind, to=to)


def apply_steps(path: Path, steps: Sequence[Assignment | RowOperation], *, out: Path | None = None,
                force: bool = False,
                before_save: Callable[[Book, Sequence[CellChange]], None] | None = None,
                opened: Book | None = None) -> EditReport:
    """Like :func:`apply_edits`, with whole-row deletions, insertions and moves among the cell edits, in order.

    A cell reference of a later step counts rows as the earlier steps left them. Rows of a
    protected sheet are only deleted or inserted with ``force``.

    Raises:
        WorkbookError: the file cannot be opened safely or written.
        UsageError: as :func:`apply_edits`, or a bad row range, or a row feature that cannot move.
    """
    if not any(isinstance(step, RowOperation) for step in steps):
        return apply_edits(path, [s for s in steps if isinstance(s, Assignment)], out=out, force=force,
                           before_save=before_save, opened=opened)
    _refuse_open_elsewhere(out if out is not None else path, force=force)
    with _opened(path, opened) as book:
        changes: list[CellChange] = []
        for step in steps:
            sheet = _sheet_of(book, step.sheet)
            if isinstance(step, RowOperation):
                if sheet.is_protected and not force:
                    raise UsageError(path, f'sheet "{sheet.name}" is protected; unprotect it in Excel, or pass '
                                           f"--force to {step.kind.replace('-', ' ')} {step.text} anyway")
                if step.kind == "delete-rows":
                    sheet.delete_rows(step.first, step.last)
                    new = ROW_STEPS[0]
                elif step.to is not None:
                    sheet.move_rows(step.first, step.last, step.to)
                    new = f"{MOVED_BEFORE}{step.to})"
                else:
                    sheet.insert_rows(step.first, step.last)
                    new = ROW_STEPS[1]
                changes.append(CellChange(sheet=sheet.name, ref=f"{step.first}:{step.last}", old=None, new=new))
                continue
            changes.extend(_assign(book, sheet, step, force=force))
        if before_save is not None:
            before_save(book, changes)
        written = book.save(out)
        rewritten = book.package.written
    return EditReport(workbook=str(path), written=str(written), changes=tuple(changes),
                      parts_rewritten=tuple(rewritten))


def _opened(path: Path, book: Book | None) -> AbstractContextManager[Book]:
    """``book`` when the caller opened the workbook already (and closes it), else ``path`` opened here."""
    return Book.open(path) if book is None else nullcontext(book)


def _refuse_open_elsewhere(target: Path, *, force: bool) -> None:
    lock = open_elsewhere(target)
    if lock is not None and not force:
        raise UsageError(target, f"is open in Excel or LibreOffice ({lock.name} is beside it), which would write "
                                 "over this edit when it saves; close it first, or pass --force")


def _sheet_of(book: Book, name: str | None) -> Sheet:
    """The sheet an edit names, or the first sheet when it names none."""
    if not book.sheet_names:
        raise UsageError(book.path, "has no worksheets to edit")
    return book.sheet(name if name is not None else book.sheet_names[0])


def _assign(book: Book, sheet: Sheet, item: Assignment, *, force: bool) -> list[CellChange]:
    path = book.path
    if not force and sheet.is_protected and sheet.is_locked(item.ref):
        raise UsageError(path, f'sheet "{sheet.name}" is protected and {item.ref} is locked; unprotect '
                               "the sheet in Excel, or pass --force to edit it anyway")
    pivot = sheet.pivot_range_of(item.ref)
    if pivot is not None and not force:
        raise UsageError(path, f'sheet "{sheet.name}": {item.ref} is inside a pivot table ({pivot}), which '
                               "Excel and LibreOffice rebuild when it is refreshed; change its source data "
                               "instead, or pass --force")
    old = sheet.cell(item.ref)
    if item.kind == "formula":
        sheet.set_formula(item.ref, str(item.value))
        new: str | None = "=" + str(item.value).removeprefix("=")
    else:
        sheet.set(item.ref, item.value)
        new = _show(item.value)
    old_text: str | None = "=" + old.formula if old.formula is not None else _show(old.value)
    return [CellChange(sheet=sheet.name, ref=item.ref, old=old_text, new=new, formula=item.kind == "formula")]
