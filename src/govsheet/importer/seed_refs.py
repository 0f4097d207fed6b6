"""The recommendations layout of a seed extract (seed 004).

Each row starts with a reference, in brackets or bare: ``(10.1) Establish ...``,
``10.3 With the help ...``. A row may name several references (``(10.2.8) ...
(10.2.9) ...``) and a reference may start several rows (10.1 twice). Every row is kept
as its own tracker row: all its references go in the references field, its key is the
first one, and a key already taken gets a suffix (``10.1-2``), reported.

A page break can split a row: the next page's line then starts with no reference, and
the line before usually ends mid-sentence ("... on a cross-" / "party basis ..."). Such a
line is joined, column by column, to the row above, and the join is reported with both
line numbers.
"""

from __future__ import annotations

import itertools
import re

from govsheet.errors import SourceError
from govsheet.importer.fragments import Cell, Paragraph, merge_runs
from govsheet.importer.seed_lines import SeedLine, SeedRow, SeedTable, finish_rows
from govsheet.model.importing import ImportLog, ImportNote
from govsheet.model.schema import Schema
from govsheet.model.tracker import Run, Tracker

_REF = r"\d+(?:\.\d+)+"
_START = re.compile(rf"^\(?({_REF})\)?\s")
# A reference in brackets anywhere, or bare at the start of a sentence followed by a capital.
_ANY_REF = re.compile(rf"\(({_REF})\)|(?:^|(?<=[.:;]\s))({_REF})\s+(?=[A-Z])")
_SENTENCE_END = (".", "!", "?", ":", ";", ")", "\u201d", '"')


def read_references(table: SeedTable, schema: Schema, report: ImportLog) -> Tracker:
    """Build one row per recommendation row of the extract, joining rows split by a page break."""
    title = min(table.columns, key=lambda name: table.columns[name])
    refs_field = next((f.name for f in schema.fields if f.type == "string" and f.name != schema.primary_key
                       and f.name not in table.columns), None)
    if not any(_START.match(line.text(title)) for line in table.lines):
        raise SourceError(table.path, f"no row starts with a reference such as (10.1) or 10.3, and there is no "
                                      f"{schema.field(schema.primary_key).title!r} column; check the --schema")
    rows: list[SeedRow] = []
    joins: list[tuple[SeedRow, ImportNote]] = []
    for line in table.lines:
        if _START.match(line.text(title)) or not rows:
            row = SeedRow(lines=[line.number])
            for name in line.cells:
                row.put(name, line.cell(name))
            rows.append(row)
        else:
            joins.append((rows[-1], _join(rows[-1], line, title)))
    used: dict[str, int] = {}
    for row in rows:
        _give_key(row, title, refs_field, schema.primary_key, used, report)
    # Joins are reported first, but only now do their rows have keys.
    at = next((i for i, n in enumerate(report.notes) if n.kind == "key"), len(report.notes))
    report.notes[at:at] = [note.model_copy(update={"key": row.values.get(schema.primary_key)})
                           for row, note in joins]
    _fill_merged_down(rows, table, schema, title, report)
    _note_missing_columns(table, schema, {schema.primary_key, *([refs_field] if refs_field else [])}, report)
    return finish_rows(rows, table, schema, report)


def _fill_merged_down(rows: list[SeedRow], table: SeedTable, schema: Schema, title: str,
                      report: ImportLog) -> None:
    """Copy the row above into a row whose descriptive columns are all blank, and report it.

    Committee papers merge a workstream or officer cell down over the rows it covers; the
    extract keeps the text only in the first of them. A row with every such column blank
    (here workstream and officer) takes them from the row above, as a guess for a person to check.
    """
    spanning = [name for name in table.columns
                if name not in {title, schema.primary_key} and not schema.field(name).editable]
    if not spanning:
        return
    for above, row in itertools.pairwise(rows):
        if any(row.values.get(n) for n in spanning) or not all(above.values.get(n) for n in spanning):
            continue
        for name in spanning:
            row.values[name] = above.values[name]
            if name in above.rich:
                row.rich[name] = above.rich[name]
        titles = ", ".join(schema.field(n).title for n in spanning)
        report.notes.append(ImportNote(
            kind="guess", lines=tuple(row.lines), key=str(row.values.get(schema.primary_key) or "") or None,
            message=f"{titles} blank, as under a cell merged down in the papers; copied from the row above "
                    f"({above.values.get(schema.primary_key)}); check them"))


def references(text: str) -> list[str]:
    """The recommendation references a text names, in order, each once."""
    found: list[str] = []
    for m in _ANY_REF.finditer(text):
        ref = m[1] or m[2]
        if ref not in found:
            found.append(ref)
    return found


def _join(row: SeedRow, line: SeedLine, title: str) -> ImportNote:
    before = str(row.values.get(title) or "")
    mid_sentence = bool(before) and not before.rstrip().endswith(_SENTENCE_END)
    joined: list[str] = []
    for name in line.filled:
        old = row.values.get(name)
        if not old:
            row.put(name, line.cell(name))
        else:
            row.put(name, join_cells(_cell_of(row, name), line.cell(name)))
        joined.append(name)
    previous = row.lines[-1]
    row.lines.append(line.number)
    tail = " ".join(before.split()[-4:])
    head = " ".join(line.text(title).split()[:4])
    if mid_sentence:
        evidence = f"line {line.number} starts with no reference and line {previous} ends mid-sentence"
    else:
        evidence = (f"line {line.number} starts with no reference (line {previous} ends a sentence, so this is "
                    "less certain)")
    return ImportNote(kind="join" if mid_sentence else "guess", lines=(previous, line.number), message=(
        f"{evidence}: the row continues across the page break; {', '.join(joined)} joined "
        f"(\u2026{tail!r} + {head!r}\u2026)"))


def join_cells(first: Cell, second: Cell) -> Cell:
    """One cell continued on the next page: the last paragraph runs on into the first of the next.

    A line that ends with a hyphen ("cross-") runs straight on ("cross-party"); otherwise a space.
    """
    if first.is_blank or second.is_blank:
        return first if second.is_blank else second
    last, head = first.paragraphs[-1], second.paragraphs[0]
    glue: Paragraph = () if last[-1].text.endswith("-") else (Run(text=" "),)
    middle = merge_runs((*last, *glue, *head))
    return Cell(paragraphs=(*first.paragraphs[:-1], middle, *second.paragraphs[1:]))


def _cell_of(row: SeedRow, name: str) -> Cell:
    if name in row.rich:
        paragraphs: list[list[Run]] = [[]]
        for run in row.rich[name]:
            for i, piece in enumerate(run.text.split("\n\n")):
                if i:
                    paragraphs.append([])
                if piece:
                    paragraphs[-1].append(Run(text=piece, italic=run.italic, bold=run.bold))
        return Cell(paragraphs=tuple(tuple(p) for p in paragraphs if p))
    text = str(row.values.get(name) or "")
    return Cell(paragraphs=tuple((Run(text=p),) for p in text.split("\n\n") if p))


def _give_key(row: SeedRow, title: str, refs_field: str | None, key_field: str, used: dict[str, int],
              report: ImportLog) -> None:
    found = references(str(row.values.get(title) or ""))
    if refs_field:
        row.values[refs_field] = ", ".join(found) or None
    if not found:
        report.notes.append(ImportNote(kind="guess", lines=tuple(row.lines),
                                       message="no recommendation reference found; the row has no key, for a "
                                               "person to fix"))
        return
    first = found[0]
    used[first] = used.get(first, 0) + 1
    key = first if used[first] == 1 else f"{first}-{used[first]}"
    row.values[key_field] = key
    if len(found) > 1:
        report.notes.append(ImportNote(kind="key", lines=(row.lines[0],), key=key, message=(
            f"the row covers references {', '.join(found)}; all are kept in {refs_field}, the key is the first")))
    if key != first:
        report.notes.append(ImportNote(kind="key", lines=(row.lines[0],), key=key, message=(
            f"reference {first} also starts an earlier row; this row's key is {key!r} so every key is unique "
            f"({refs_field} still says {first!r})")))


def _note_missing_columns(table: SeedTable, schema: Schema, filled: set[str], report: ImportLog) -> None:
    managed = schema.managed_fields
    missing = [f.title for f in schema.fields
               if f.name not in {*table.columns, *filled, *managed} and not f.derived_from]
    if missing:
        report.notes.append(ImportNote(kind="map", lines=tuple(table.header_lines[:1]), message=(
            "the extract has no column for " + ", ".join(repr(m) for m in missing) + "; left blank")))
