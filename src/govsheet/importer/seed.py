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

from pathlib import Path

from govsheet.errors import SourceError
from govsheet.importer.fragments import Cell, parse_cell
from govsheet.importer.seed_lines import SeedLine, SeedRow, SeedTable, finish_rows
from govsheet.importer.words import Vocabulary
from govsheet.model.importing import ImportLog, ImportNote
from govsheet.model.schema import Schema
from govsheet.model.tracker import Tracker
from govsheet.workbook.read import match_headers

MAX_SEED_BYTES = 20 * 1024 * 1024
MIN_HEADER_MATCHES = 2


def read_seed(path: Path, schema: Schema) -> tuple[Tracker, ImportLog]:
    """Import a seed extract into a tracker, noting every join, repair and guess with its lines.

    Raises:
        SourceError: the file cannot be read, has no header row naming the schema's columns,
            or its layout fits neither kind of tracker.
    """
    report = ImportLog(source=str(path), schema_name=schema.name, format="seed")
    table = read_table(path, schema, report)
    if schema.primary_key in table.columns:
        return read_plain(table, schema, report), report
    if schema.parent:
        from govsheet.importer.seed_actions import read_actions

        return read_actions(table, schema, report), report
    from govsheet.importer.seed_refs import read_references

    return read_references(table, schema, report), report


def read_plain(table: SeedTable, schema: Schema, report: ImportLog) -> Tracker:
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


def read_table(path: Path, schema: Schema, report: ImportLog) -> SeedTable:
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
                 report: ImportLog) -> None:
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
