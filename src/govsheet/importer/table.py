"""Import a CSV file or an xlsx sheet whose headers name the schema's fields."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from govsheet.errors import SourceError, WorkbookError
from govsheet.importer.fragments import merge_runs
from govsheet.importer.normalise import finish
from govsheet.model.importing import ImportLog, ImportNote
from govsheet.model.schema import Schema
from govsheet.model.tracker import Run, Tracker
from govsheet.workbook.open import OpenedWorkbook
from govsheet.workbook.read import ActionsTable, table_from_grid

MAX_CSV_BYTES = 50 * 1024 * 1024
MAX_RICH_BYTES = 10 * 1024 * 1024  # beyond this, reading formatting with openpyxl costs too much


def read_csv(path: Path, schema: Schema) -> tuple[Tracker, ImportLog]:
    """Read a CSV file (UTF-8, with or without BOM, or Windows-1252) with a header row."""
    raw = read_source_bytes(path, MAX_CSV_BYTES)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    try:
        dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    # Quoted cells may hold line breaks (paragraphs of a progress note): read records, not lines.
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    grid: list[list[Any]] = []
    starts: list[int] = []  # the file line each record starts on, for the report
    previous_end = 0
    try:
        for record in reader:
            starts.append(previous_end + 1)
            previous_end = reader.line_num
            grid.append([c.replace("\r\n", "\n").replace("\r", "\n") for c in record])
    except csv.Error as exc:
        raise SourceError(path, f"is not a well-formed CSV file ({exc}); save it again as CSV") from None
    return _from_grid(path, "csv", "", grid, schema, lines=starts)


def read_source_bytes(path: Path, limit: int) -> bytes:
    """The bytes of a text source, refusing files far larger than any tracker.

    Raises:
        SourceError: the file cannot be read or is larger than ``limit``.
    """
    try:
        if path.stat().st_size > limit:
            raise SourceError(path, f"is larger than {limit // 2**20} MB, far larger than any tracker; check it is "
                                    "the right file")
        return path.read_bytes()
    except OSError as exc:
        raise SourceError(path, f"cannot be read ({exc.strerror or exc}); check the file and its permissions") from None


def read_xlsx(path: Path, schema: Schema, *, sheet: str | None = None) -> tuple[Tracker, ImportLog]:
    """Read the tracker sheet of another workbook: the named sheet, the schema's, else the first."""
    try:
        opened = OpenedWorkbook.open(path)
    except WorkbookError as exc:
        raise SourceError(path, exc.message) from None
    with opened:  # once: the grid, and the shared strings looked at for rich text
        names = list(opened.sheet_names)
        name = sheet or (schema.sheet if schema.sheet in names else names[0] if names else None)
        if name is None or name not in names:
            raise SourceError(path, f"has no sheet named {sheet!r}; choose one of {', '.join(names)}")
        grid = opened.get_sheet_by_name(name).to_python(skip_empty_area=False)
        tracker, report = _from_grid(path, "xlsx", name, grid, schema)
        _add_rich_text(path, name, schema, tracker, report, opened)
    return tracker, report


def _add_rich_text(path: Path, sheet: str, schema: Schema, tracker: Tracker, report: ImportLog,
                   opened: OpenedWorkbook) -> None:
    """Keep italics and bold of the schema's rich fields, which calamine does not read."""
    rich = {f.name for f in schema.fields if f.rich}
    if not rich or path.stat().st_size > MAX_RICH_BYTES or not _has_rich_strings(opened):
        return
    runs_by_text: dict[str, tuple[Run, ...]] = {}
    try:
        import openpyxl
        from openpyxl.cell.rich_text import CellRichText, TextBlock

        book = openpyxl.load_workbook(path, read_only=True, rich_text=True, data_only=True)
        try:
            for row in book[sheet].iter_rows(values_only=True):
                for value in row:
                    if isinstance(value, CellRichText):
                        runs = tuple(Run(text=b.text, italic=bool(b.font.i), bold=bool(b.font.b))
                                     if isinstance(b, TextBlock) else Run(text=str(b)) for b in value)
                        runs_by_text["".join(r.text for r in runs).strip()] = merge_runs(runs)
        finally:
            book.close()
    except Exception:  # noqa: BLE001 - formatting is a nicety: the values are already read by calamine
        report.notes.append(ImportNote(kind="skip", message="italics and bold could not be read; plain text kept"))
        return
    for action in tracker.actions:
        for name in rich:
            text = action.values.get(name)
            found = runs_by_text.get(text) if isinstance(text, str) else None
            if found and any(r.italic or r.bold for r in found):
                action.rich[name] = found


def _has_rich_strings(opened: OpenedWorkbook) -> bool:
    """Whether any shared string has formatted runs (``<r>``), which is rare: then openpyxl need not run."""
    from govsheet.errors import WorkbookError

    try:
        book = opened.book
        part = book.strings_part
        if part is None:
            return any(n.startswith("xl/worksheets/") for n in book.package.names)  # inline strings may be rich
        data = book.package.read(part)
    except WorkbookError:
        return False  # the calamine read already passed; openpyxl gets its own chance to fail clearly
    return b"<r>" in data or b"<r " in data


def _from_grid(path: Path, kind: str, sheet: str, grid: list[list[Any]], schema: Schema, *,
               lines: list[int] | None = None) -> tuple[Tracker, ImportLog]:
    """Map the header, then read the rows; ``lines`` gives each grid row's line in the file (CSV)."""
    try:
        table = table_from_grid(path, sheet or kind, grid, schema)
    except WorkbookError:
        managed = schema.managed_fields
        titles = ", ".join(repr(f.title) for f in schema.fields if f.name not in managed)
        raise SourceError(path, f"no header row matches the {schema.name} schema; the columns must be titled "
                                f"{titles}") from None
    if lines:
        table.header_row = lines[table.header_row - 1]
        for row in table.rows:
            row.number = lines[row.number - 1]
    report = ImportLog(source=str(path), schema_name=schema.name, format=kind)
    _note_mapping(table, schema, report)
    rows = [(row.number, row.values) for row in table.rows]
    return finish(rows, schema, report), report


def _note_mapping(table: ActionsTable, schema: Schema, report: ImportLog) -> None:
    for f in schema.fields:
        if f.name in table.headers and table.headers[f.name].strip() != f.title:
            report.notes.append(ImportNote(kind="map", lines=(table.header_row,),
                                           message=f"column {table.headers[f.name]!r} read as {f.title!r}"))
    for _, text in table.unmatched:
        report.notes.append(ImportNote(kind="skip", lines=(table.header_row,),
                                       message=f"column {text!r} matches no field and was not imported"))
    managed = schema.managed_fields  # filled by returns and resolve
    missing = [f.title for f in schema.fields
               if f.name not in table.columns and not f.derived_from and f.name not in managed]
    if missing:
        report.notes.append(ImportNote(kind="guess", lines=(table.header_row,),
                                       message="no column for " + ", ".join(repr(m) for m in missing) + "; left blank"))
