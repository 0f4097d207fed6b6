"""Read a seed extract: tab-separated cells of HTML fragments, the header repeated on every page.

The extract is what committee papers look like once copied out of a PDF or a Word table:
one table row a line (or two, when the row was split by a page break), a blank line
between pages and the header row again at the top of each page. This module finds the
header rows, turns every other line into a :class:`SeedLine` of parsed cells, and hands
them to the layout that fits the schema:

* an action plan whose schema has a ``parent`` field (seed 000): numbered actions, each
  followed by its narrative row, sub-items such as ``1a`` and parts ``a)``/``b)``
  (:mod:`govsheet.importer.seed_actions`);
* a list of recommendations keyed by references such as ``(10.2.8)`` (seed 004):
  rows split across pages are joined (:mod:`govsheet.importer.seed_refs`);
* any extract whose header names the key column: one row a line, as a CSV would be.

Last, words the extract broke ("Opportunitie s") are repaired where the document itself
shows the whole word (:mod:`govsheet.importer.words`), and every import's common clean-up
runs (:mod:`govsheet.importer.normalise`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from govsheet.errors import SourceError
from govsheet.importer.fragments import Cell, parse_cell
from govsheet.importer.words import Vocabulary
from govsheet.model.importing import ImportNote, ImportReport
from govsheet.model.schema import Schema
from govsheet.model.tracker import Action, Run, Tracker, Value
from govsheet.workbook.read import match_headers

MAX_SEED_BYTES = 20 * 1024 * 1024
MIN_HEADER_MATCHES = 2


@dataclass
class SeedLine:
    """One data line of the extract: its 1-based line number and its cells by field name."""

    number: int
    cells: dict[str, Cell]
    raw: dict[str, str]
    page_header: int | None = None  # the line of the repeated header just above, if any

    def cell(self, name: str) -> Cell:
        return self.cells.get(name, Cell())

    def text(self, name: str) -> str:
        return self.cell(name).text

    @property
    def filled(self) -> list[str]:
        """The fields with something written in them."""
        return [name for name, c in self.cells.items() if not c.is_blank]


@dataclass
class SeedTable:
    """The extract as data lines under a header, with the columns the header named."""

    path: Path
    columns: dict[str, int]
    headers: dict[str, str]
    header_lines: list[int] = field(default_factory=list)
    lines: list[SeedLine] = field(default_factory=list)
    vocabulary: Vocabulary = field(default_factory=lambda: Vocabulary(()))


@dataclass
class SeedRow:
    """One tracker row being built, with every source line it was read from."""

    lines: list[int]
    values: dict[str, Value] = field(default_factory=dict)
    rich: dict[str, tuple[Run, ...]] = field(default_factory=dict)

    def put(self, name: str, cell: Cell) -> None:
        """Set a field from a cell: its plain text, and its runs when it has italics."""
        self.values[name] = cell.text or None
        if cell.is_rich:
            self.rich[name] = cell.runs()
        else:
            self.rich.pop(name, None)


def finish_rows(rows: list[SeedRow], table: SeedTable, schema: Schema, report: ImportReport) -> Tracker:
    """Repair broken words, then clean statuses and dates as every import does."""
    from govsheet.importer.normalise import finish_actions

    items: list[tuple[int, Action]] = []
    for row in rows:
        key = row.values.get(schema.primary_key)
        for f in schema.fields:
            value = row.values.get(f.name)
            if not isinstance(value, str):
                continue
            repaired, repairs = table.vocabulary.repair(value)
            for r in repairs:
                report.notes.append(ImportNote(kind="repair", lines=tuple(row.lines), key=str(key or "") or None,
                                               message=f"{f.name}: {r.written!r} read as {r.repaired!r} ({r.why})"))
            row.values[f.name] = repaired
            if f.name in row.rich and repairs:
                row.rich[f.name] = tuple(Run(text=table.vocabulary.repair(run.text)[0], italic=run.italic,
                                             bold=run.bold) for run in row.rich[f.name])
        values = {f.name: row.values.get(f.name) for f in schema.fields}
        # a sub-item's officer and status are its parent's, as the validator agrees
        part = bool(schema.parent and values.get(schema.parent))
        blank = [f.title for f in schema.fields if f.constraints.required and values.get(f.name) in (None, "")
                 and not (part and f.type in {"status", "person", "target", "date"})]
        if blank:
            report.notes.append(ImportNote(kind="guess", lines=tuple(row.lines), key=str(key or "") or None,
                                           message="nothing written for " + ", ".join(repr(b) for b in blank)
                                                   + "; left blank for a person to fill"))
        rich = {name: runs for name, runs in row.rich.items() if schema.field(name).rich}
        items.append((row.lines[0], Action(values=values, rich=rich)))
    return finish_actions(items, schema, report)


def read_seed(path: Path, schema: Schema) -> tuple[Tracker, ImportReport]:
    """Import a seed extract into a tracker, noting every join, repair and guess with its lines.

    Raises:
        SourceError: the file cannot be read, has no header row naming the schema's columns,
            or its layout fits neither kind of tracker.
    """
    report = ImportReport(source=str(path), schema_name=schema.name, format="seed")
    table = read_table(path, schema, report)
    if schema.primary_key in table.columns:
        return read_plain(table, schema, report), report
    if schema.parent:
        from govsheet.importer.seed_actions import read_actions

        return read_actions(table, schema, report), report
    from govsheet.importer.seed_refs import read_references

    return read_references(table, schema, report), report


def read_plain(table: SeedTable, schema: Schema, report: ImportReport) -> Tracker:
    """An extract whose header names the key column: one row a line, as a CSV would be."""
    rows: list[SeedRow] = []
    for line in table.lines:
        row = SeedRow(lines=[line.number])
        for name in line.cells:
            row.put(name, line.cell(name))
        rows.append(row)
    return finish_rows(rows, table, schema, report)


def read_text(path: Path) -> str:
    """The extract's text: UTF-8 (with or without BOM), else Windows-1252."""
    from govsheet.importer.table import read_source_bytes

    raw = read_source_bytes(path, MAX_SEED_BYTES)
    if b"\x00" in raw[:4096]:
        raise SourceError(path, "is a binary file, not a text extract; give a .txt/.tsv extract, .csv or .xlsx")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def read_table(path: Path, schema: Schema, report: ImportReport) -> SeedTable:
    """Split the extract into header lines and data lines; note what was skipped."""
    lines = read_text(path).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    table: SeedTable | None = None
    pending_header: int | None = None
    texts: list[str] = []
    for number, line in enumerate(lines, start=1):
        raw_cells = line.split("\t")
        cells = [parse_cell(c) for c in raw_cells]
        if all(c.is_blank for c in cells):
            continue
        columns, headers, unmatched = match_headers([c.text for c in cells], schema)
        if len(columns) >= MIN_HEADER_MATCHES:
            if table is None:
                table = SeedTable(path=path, columns=columns, headers=headers)
                _note_header(table, unmatched, number, schema, report)
            table.columns, table.headers = columns, headers
            table.header_lines.append(number)
            pending_header = number if len(table.header_lines) > 1 else None
            continue
        if table is None:
            shown = " ".join(c.text for c in cells if not c.is_blank)
            report.notes.append(ImportNote(kind="skip", lines=(number,),
                                           message=f"text above the table skipped: {_short(shown)!r}"))
            continue
        by_field = {name: cells[c] if c < len(cells) else Cell() for name, c in table.columns.items()}
        raw = {name: raw_cells[c] if c < len(raw_cells) else "" for name, c in table.columns.items()}
        table.lines.append(SeedLine(number=number, cells=by_field, raw=raw, page_header=pending_header))
        texts.extend(c.text for c in by_field.values())
        pending_header = None
    if table is None:
        titles = ", ".join(repr(f.title) for f in schema.fields[:4])
        raise SourceError(path, f"no header row matches the {schema.name} schema; the extract's columns must be "
                                f"titled {titles}, ...; check the --schema")
    table.vocabulary = Vocabulary(texts)
    return table


def _note_header(table: SeedTable, unmatched: list[tuple[int, str]], number: int, schema: Schema,
                 report: ImportReport) -> None:
    for f in schema.fields:
        written = table.headers.get(f.name)
        if written is not None and " ".join(written.split()) != f.title:
            report.notes.append(ImportNote(kind="map", lines=(number,),
                                           message=f"column {_short(written)!r} read as {f.title!r}"))
    for _, text in unmatched:
        report.notes.append(ImportNote(kind="skip", lines=(number,),
                                       message=f"column {_short(text)!r} matches no field and was not imported"))


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"
