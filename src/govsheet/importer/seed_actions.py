"""The action-plan layout of a seed extract (seed 000).

What the committee paper shows, and how it becomes rows:

* ``1. Title ...`` with officer, target and status filled: an action, key ``1``. The
  line (or lines) after it with only the first cell filled is its progress narrative,
  even when a page break and a repeated header come between (1c, 3, 7, 11).
* ``1a. Title narrative ...`` with nothing else filled: a sub-item, key ``1a``, parent
  ``1``. Title and narrative share one cell; where the title ends is a guess, reported.
  Sub-items have no officer or status of their own, as in the paper: left blank, they go
  with the parent's owners (an officer may still give a sub-item a status in a return).
* An action whose first cell holds paragraphs ``a) ...``, ``b) ...`` (action 15): the
  action keeps its number and the parts become rows ``15a``, ``15b`` with their own
  target and status (matched by position), the officer copied from the action.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from govsheet.errors import SourceError
from govsheet.importer.fragments import Cell, Paragraph, cell_from_paragraphs, paragraph_text
from govsheet.importer.seed_lines import SeedLine, SeedRow, SeedTable, finish_rows
from govsheet.model.importing import ImportLog, ImportNote
from govsheet.model.schema import Schema
from govsheet.model.tracker import Run, Tracker

_ACTION = re.compile(r"^(\d{1,3})\.\s+")
_SUB_ITEM = re.compile(r"^(\d{1,3})([a-z])\.\s+")
_PART = re.compile(r"^([a-z])\)\s+")
# Words that open a narrative sentence; a sub-item's title never ends with one.
_OPENER = re.compile(r"\s(?=(?:The|An|A|This|These|Following|Since|Work|Progress)\s)")
_LOST_ICON = re.compile(r"(?:^|<p[^>]*>)[ \u00a0]+\S")


@dataclass
class Roles:
    """Which schema field plays which part in this layout."""

    key: str
    parent: str
    title: str
    owner: str
    status: str | None
    target: str | None
    narrative: str | None


@dataclass
class _State:
    rows: list[SeedRow] = field(default_factory=list)
    by_key: dict[str, SeedRow] = field(default_factory=dict)
    narrative_to: list[SeedRow] = field(default_factory=list)  # where the next narrative line goes
    narrative_from: dict[str, list[int]] = field(default_factory=dict)


def roles(table: SeedTable, schema: Schema) -> Roles:
    """Find the fields this layout needs: the first column is the title; the narrative is the
    first text field the extract has no column for."""
    first = min(table.columns, key=lambda name: table.columns[name])
    status = schema.status_field.name if schema.status_field else None
    target = next((f.name for f in schema.fields if f.type == "target" and f.name in table.columns), None)
    narrative = next((f.name for f in schema.fields if f.type == "text" and f.name not in table.columns), None)
    assert schema.parent is not None  # noqa: S101 - read_seed picks this layout only for schemas with a parent
    return Roles(key=schema.primary_key, parent=schema.parent, title=first, owner=schema.owner, status=status,
                 target=target, narrative=narrative)


def read_actions(table: SeedTable, schema: Schema, report: ImportLog) -> Tracker:
    """Build the rows of an action plan from the extract's lines."""
    r = roles(table, schema)
    if not any(_ACTION.match(line.text(r.title)) for line in table.lines):
        raise SourceError(table.path, f"no row starts with an action number such as '1.', and there is no "
                                      f"{schema.field(r.key).title!r} column; check the --schema")
    state = _State()
    for line in table.lines:
        title = line.cell(r.title)
        others = [name for name in line.filled if name != r.title]
        if (m := _ACTION.match(title.text)) and others:
            _action(line, m[1], r, state, report, schema)
        elif (m := _SUB_ITEM.match(title.text)) and not others:
            _sub_item(line, m[1], m[1] + m[2], r, state, report)
        elif not others:
            _narrative(line, title, r, state, report)
        else:
            row = SeedRow(lines=[line.number])
            for name in line.cells:
                row.put(name, line.cell(name))
            state.rows.append(row)
            state.narrative_to = [row]
            report.notes.append(ImportNote(kind="guess", lines=(line.number,), message="a row without an action "
                                           "number; imported as written with no reference, for a person to fix"))
    for row in state.rows:
        key = str(row.values.get(r.key) or "")
        if r.narrative and not row.values.get(r.narrative) and key and key.isdigit():
            children = [k for k, c in state.by_key.items() if c.values.get(r.parent) == key]
            why = f"its sub-items {children[0]}-{children[-1]} carry the narrative" if children else "none follows it"
            report.notes.append(ImportNote(kind="guess", lines=(row.lines[0],), key=key,
                                           message=f"no progress narrative of its own ({why}); left blank"))
    return finish_rows(state.rows, table, schema, report)


def _action(line: SeedLine, number: str, r: Roles, state: _State, report: ImportLog, schema: Schema) -> None:
    title = drop_prefix(line.cell(r.title), _ACTION)
    row = SeedRow(lines=[line.number])
    row.values[r.key] = number
    for name in line.cells:
        if name != r.title:
            row.put(name, line.cell(name))
    if r.status:
        _note_lost_icon(line, r.status, number, report)
    heads, parts = split_parts(title)
    row.put(r.title, cell_from_paragraphs(heads) if parts else title)
    _add(state, row, number)
    state.narrative_to = [row]
    if parts:
        state.narrative_to.extend(_parts(line, row, number, parts, r, state, report, schema))


def _parts(line: SeedLine, parent: SeedRow, number: str, parts: list[tuple[str, Paragraph]], r: Roles,
           state: _State, report: ImportLog, schema: Schema) -> list[SeedRow]:
    targets = _by_letter(line.cell(r.target).paragraphs) if r.target else {}
    statuses = list(line.cell(r.status).paragraphs) if r.status else []
    made: list[SeedRow] = []
    for i, (letter, paragraph) in enumerate(parts):
        key = number + letter
        row = SeedRow(lines=[line.number])
        row.values.update({r.key: key, r.parent: number})
        row.put(r.title, cell_from_paragraphs([_drop_runs(paragraph, _PART)]))
        row.values[r.owner] = parent.values.get(r.owner)
        if r.target and letter in targets:
            row.put(r.target, cell_from_paragraphs([targets[letter]]))
        if r.status and i < len(statuses):
            row.put(r.status, cell_from_paragraphs([statuses[i]]))
        _add(state, row, key)
        made.append(row)
    letters = ", ".join(number + letter for letter, _ in parts)
    report.notes.append(ImportNote(kind="guess", lines=(line.number,), key=number, message=(
        f"action {number} has parts {letters}: each a row with its own target and status (statuses matched "
        f"to parts by position); the officer {parent.values.get(r.owner)!r} copied to each part")))
    if r.status:
        _parent_status(parent, number, made, r.status, schema, line.number, report)
    return made


def _parent_status(parent: SeedRow, key: str, parts: list[SeedRow], status: str, schema: Schema, line: int,
                   report: ImportLog) -> None:
    """An action with parts keeps one status: the parts' own when they agree, else "in progress"."""
    found = [schema.read_status(str(p.values.get(status) or "")) for p in parts]
    codes = {f[0].code for f in found if f}
    if len(codes) == 1:
        chosen = next(f[0] for f in found if f)
    else:
        open_middle = [s for s in schema.statuses[1:] if not s.closed]
        chosen = open_middle[0] if open_middle else schema.statuses[0]
    written = parent.values.get(status)
    parent.values[status] = chosen.label
    parent.rich.pop(status, None)
    report.notes.append(ImportNote(kind="guess", lines=(line,), key=key,
                                   message=f"status of the whole action read as {chosen.label!r} from its parts' "
                                           f"statuses (written {str(written or '').replace(chr(10) * 2, ' / ')!r})"))


def _sub_item(line: SeedLine, number: str, key: str, r: Roles, state: _State, report: ImportLog) -> None:
    cell = drop_prefix(line.cell(r.title), _SUB_ITEM)
    title, narrative, how = split_title(cell)
    row = SeedRow(lines=[line.number])
    row.values.update({r.key: key, r.parent: number})
    row.put(r.title, title)
    if r.narrative:
        row.put(r.narrative, narrative)
    report.notes.append(ImportNote(kind="guess", lines=(line.number,), key=key, message=(
        f"title {_short(title.text)!r} and narrative "
        + (f"from {_short(narrative.text)!r}" if not narrative.is_blank else "on the lines that follow")
        + f": {how}")))
    parent = state.by_key.get(number)
    if parent is None:
        report.notes.append(ImportNote(kind="guess", lines=(line.number,), key=key,
                                       message=f"no action {number} comes before this sub-item; parent kept as "
                                               f"{number}"))
    else:
        blank = " or ".join(name for name in (r.owner, r.status) if name)
        report.notes.append(ImportNote(kind="guess", lines=(parent.lines[0], line.number), key=key,
                                       message=f"sub-item has no {blank} of its own, as in the paper; left blank: "
                                               f"it goes with action {number}'s owners"))
    _add(state, row, key)
    state.narrative_to = [row]


def _narrative(line: SeedLine, cell: Cell, r: Roles, state: _State, report: ImportLog) -> None:
    if not state.narrative_to or r.narrative is None:
        row = SeedRow(lines=[line.number])
        row.put(r.narrative or r.title, cell)
        state.rows.append(row)
        report.notes.append(ImportNote(kind="guess", lines=(line.number,), message="narrative with no action "
                                       "above it; imported as a row with no reference, for a person to fix"))
        return
    first = state.narrative_to[0]
    for row in state.narrative_to:
        old = row.values.get(r.narrative)
        runs_old = row.rich.get(r.narrative)
        if old:
            joined = Cell(paragraphs=(*(_as_paragraphs(str(old), runs_old)), *cell.paragraphs))
            row.put(r.narrative, joined)
        else:
            row.put(r.narrative, cell)
        row.lines.append(line.number)
    key = str(first.values.get(r.key) or "")
    across = f", across the page header on line {line.page_header}" if line.page_header else ""
    also = [str(row.values.get(r.key)) for row in state.narrative_to[1:]]
    copied = f"; copied to its parts {', '.join(also)}" if also else ""
    report.notes.append(ImportNote(kind="join", lines=(first.lines[0], line.number), key=key or None, message=(
        f"{r.narrative} narrative on line {line.number} joined to {key or 'the row above'} "
        f"(line {first.lines[0]}){across}{copied}")))


def _as_paragraphs(text: str, runs: tuple[Run, ...] | None) -> tuple[Paragraph, ...]:
    if runs is None:
        return tuple((Run(text=p),) for p in text.split("\n\n"))
    out: list[list[Run]] = [[]]
    for run in runs:
        pieces = run.text.split("\n\n")
        for i, piece in enumerate(pieces):
            if i:
                out.append([])
            if piece:
                out[-1].append(Run(text=piece, italic=run.italic, bold=run.bold))
    return tuple(tuple(p) for p in out if p)


def _add(state: _State, row: SeedRow, key: str) -> None:
    state.rows.append(row)
    state.by_key.setdefault(key, row)


def _note_lost_icon(line: SeedLine, status: str, key: str, report: ImportLog) -> None:
    raw = line.raw.get(status, "")
    if _LOST_ICON.search(raw):
        report.notes.append(ImportNote(kind="repair", lines=(line.number,), key=key, message=(
            f"status {_short(line.cell(status).text.replace(chr(10) * 2, ' / '))!r} began with a space where the "
            "extract lost the status icon; the space was removed")))


def drop_prefix(cell: Cell, pattern: re.Pattern[str]) -> Cell:
    """The cell without the numbering its first paragraph starts with ("1. ", "1a. ")."""
    if cell.is_blank:
        return cell
    return Cell(paragraphs=(_drop_runs(cell.paragraphs[0], pattern), *cell.paragraphs[1:]))


def _drop_runs(paragraph: Paragraph, pattern: re.Pattern[str]) -> Paragraph:
    m = pattern.match(paragraph_text(paragraph))
    return split_runs(paragraph, m.end())[1] if m else paragraph


def split_runs(paragraph: Paragraph, offset: int) -> tuple[Paragraph, Paragraph]:
    """Cut a paragraph's runs at a character offset of its text."""
    head: list[Run] = []
    tail: list[Run] = []
    seen = 0
    for run in paragraph:
        end = seen + len(run.text)
        if end <= offset:
            head.append(run)
        elif seen >= offset:
            tail.append(run)
        else:
            cut = offset - seen
            head.append(Run(text=run.text[:cut], italic=run.italic, bold=run.bold))
            tail.append(Run(text=run.text[cut:], italic=run.italic, bold=run.bold))
        seen = end
    return tuple(head), tuple(tail)


def split_title(cell: Cell) -> tuple[Cell, Cell, str]:
    """Where a sub-item's title ends and its narrative begins, and why it was cut there."""
    first, rest = cell.paragraphs[0], cell.paragraphs[1:]
    italic_at = next((i for i, run in enumerate(first) if run.italic), None)
    if italic_at:
        title, tail = first[:italic_at], first[italic_at:]
        how = "cut before the italic subheading, which opens the narrative as the later ones do"
    elif m := _OPENER.search(paragraph_text(first)):
        title, tail = split_runs(first, m.start())
        how = f"cut before {paragraph_text(tail).split()[0]!r}, the first word that opens a sentence"
    else:
        title, tail = first, ()
        how = "the whole first paragraph is the title"
    return cell_from_paragraphs([title]), cell_from_paragraphs([tail, *rest]), how


def split_parts(cell: Cell) -> tuple[list[Paragraph], list[tuple[str, Paragraph]]]:
    """The paragraphs before the parts, and each part ``a) ...`` with its letter (none if < 2)."""
    heads: list[Paragraph] = []
    parts: list[tuple[str, Paragraph]] = []
    for paragraph in cell.paragraphs:
        m = _PART.match(paragraph_text(paragraph))
        if m:
            parts.append((m[1], paragraph))
        elif parts:
            letter, last = parts[-1]
            parts[-1] = (letter, (*last, Run(text=" "), *paragraph))
        else:
            heads.append(paragraph)
    if len(parts) < 2:  # noqa: PLR2004 - one "a)" alone is text, not a list of parts
        return list(cell.paragraphs), []
    return heads, parts


def _by_letter(paragraphs: tuple[Paragraph, ...]) -> dict[str, Paragraph]:
    out: dict[str, Paragraph] = {}
    for paragraph in paragraphs:
        m = _PART.match(paragraph_text(paragraph))
        if m:
            out[m[1]] = _drop_runs(paragraph, _PART)
    return out


def _short(text: str, limit: int = 50) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"
