"""The committee table: one drawing-independent model of what goes into the papers.

``build_table`` reads a master (or a return) once and decides everything the xlsx,
HTML and Word renderers share: the title with the round and date, the columns, the
order (sub-items and parts under their parent), each row's narrative, the status as
icon plus text, and the status summary. The renderers only draw it.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from govsheet.model.schema import FieldSpec, Schema
from govsheet.model.tracker import Value, display
from govsheet.render.where import compile_where
from govsheet.workbook.open import OpenedWorkbook
from govsheet.workbook.read import ActionsTable


@dataclass(frozen=True)
class Column:
    """One column of the committee table."""

    name: str
    title: str
    width: float  # in Excel character units, as the schema gives it
    kind: str  # "key", "text", "status" or "date"


@dataclass(frozen=True)
class StatusCell:
    """A status as shown: icon plus label, with the colours used beside (never instead of) the words."""

    code: str
    label: str
    icon: str
    colour: str
    font_colour: str

    @property
    def text(self) -> str:
        return f"{self.icon} {self.label}"


@dataclass(frozen=True)
class TableRow:
    """One action, sub-item or part, with its narrative."""

    key: str
    level: int  # 0 for an action, 1 for a sub-item or part shown under its parent
    parent: str | None
    cells: tuple[str, ...]  # the text of each column; the status column holds icon + label
    status: StatusCell | None
    narrative: str
    sheet_row: int
    narrative_runs: tuple[tuple[str, bool, bool], ...] = ()  # (text, italic, bold); () when plain
    change: str = ""  # what changed since the last report, in words ("In progress → Completed"); "" when nothing


@dataclass(frozen=True)
class SummaryLine:
    """How many rows have one status."""

    label: str
    icon: str
    colour: str
    font_colour: str
    count: int


@dataclass(frozen=True)
class Section:
    """One group of the committee paper's "since the last report" layout (see render/since.py)."""

    code: str  # "completed", "revised", "overdue", "open" or "completed-before"
    title: str  # "Completed since the last report"
    rows: tuple[TableRow, ...]
    count: int  # the actions in it (sub-items without a status of their own are not counted)
    empty: str  # the sentence printed when it has no rows

    @property
    def heading(self) -> str:
        return f"{self.title} ({self.count} action{'' if self.count == 1 else 's'})"


@dataclass(frozen=True)
class CommitteeTable:
    """Everything a renderer draws."""

    title: str
    subtitle: str
    round: str
    as_of: dt.date
    schema_name: str
    columns: tuple[Column, ...]
    rows: tuple[TableRow, ...]
    narrative_title: str
    summary: tuple[SummaryLine, ...]
    where: str | None = None
    total_rows: int = 0
    notes: tuple[str, ...] = field(default=())
    sections: tuple[Section, ...] = ()  # the grouped layout; () draws one ungrouped table
    change_title: str = "What changed"  # the label before each row's change in words

    @property
    def status_column(self) -> int | None:
        return next((i for i, c in enumerate(self.columns) if c.kind == "status"), None)

    @property
    def caption(self) -> str:
        return f"{self.title}. {self.subtitle}"


@dataclass(frozen=True)
class OpenTracker:
    """A tracker workbook read with its schema and metadata."""

    schema: Schema
    meta: dict[str, str]
    table: ActionsTable
    narrative_runs: dict[int, tuple[tuple[str, bool, bool], ...]] = field(default_factory=dict)  # by sheet row


def open_tracker(path: Path, schema: str | Path | Schema | None = None) -> OpenTracker:
    """Read a master or return with the schema named in its metadata (or the one given).

    Raises:
        UsageError: the workbook has no govsheet metadata and no schema was given.
        WorkbookError, SchemaError: the workbook or schema cannot be read.
    """
    path = Path(path)
    with OpenedWorkbook.open(path) as opened:  # once: the metadata, the Actions sheet and its rich text
        meta = opened.meta or {}
        model = opened.resolve_schema(schema)
        table = opened.actions(model)
        runs = read_narrative_runs(opened, model, table)
    return OpenTracker(schema=model, meta=meta, table=table, narrative_runs=runs)


def read_narrative_runs(opened: OpenedWorkbook, schema: Schema,
                        table: ActionsTable) -> dict[int, tuple[tuple[str, bool, bool], ...]]:
    """The italic and bold runs of each row's narrative (only rows whose narrative has any)."""
    narrative = narrative_field(schema)
    if narrative is None or not narrative.rich or narrative.name not in table.columns:
        return {}
    found: dict[int, tuple[tuple[str, bool, bool], ...]] = {}
    sheet = opened.book.sheet(table.sheet)
    for row in table.rows:
        runs = sheet.runs(table.cell(narrative.name, row.number))
        if any(italic or bold for _, italic, bold in runs):
            found[row.number] = tuple(runs)
    return found


def format_value(value: Value) -> str:
    """A value as the papers print it: dates as 31 March 2021, everything else as the tracker shows it."""
    if isinstance(value, dt.datetime | dt.date):
        day = value.date() if isinstance(value, dt.datetime) else value
        return f"{day.day} {day:%B %Y}"
    return display(value)


def narrative_field(schema: Schema) -> FieldSpec | None:
    """The field printed under each row: the first editable long-text field (the progress update)."""
    return next((f for f in schema.fields if f.editable and f.type == "text"), None)


def table_columns(schema: Schema) -> tuple[Column, ...]:
    """The schema's columns as the committee sees them: no parent link, derived copy, narrative or request."""
    narrative = narrative_field(schema)
    # a request and the target's history are for the team and the Actions sheet, not the committee table
    managed = schema.managed_fields
    skip = {schema.parent, narrative.name if narrative else None, *managed}
    cols: list[Column] = []
    for f in schema.fields:
        if f.name in skip or f.derived_from:
            continue
        kind = "key" if f.name == schema.primary_key else "status" if f.type == "status" else (
            "date" if f.type == "date" else "text")
        cols.append(Column(f.name, f.title, f.width, kind))
    return tuple(cols)


def status_cell(schema: Schema, value: Value) -> StatusCell | None:
    """The status an officer's text names, or None when it names none."""
    found = schema.read_status(display(value))
    if found is None:
        return None
    s = found[0]
    return StatusCell(s.code, s.label, s.icon, s.colour, s.font_colour)


def _order(rows: list[tuple[str, str | None, dict[str, Value], int]]) -> list[tuple[int, int]]:
    """(index, level) in committee order: each action, then its sub-items and parts in sheet order."""
    keys = {key for key, _, _, _ in rows}
    children: dict[str, list[int]] = {}
    for i, (_, parent, _, _) in enumerate(rows):
        if parent and parent in keys:
            children.setdefault(parent, []).append(i)
    ordered: list[tuple[int, int]] = []
    placed: set[int] = set()
    for i, (key, parent, _, _) in enumerate(rows):
        if i in placed or (parent and parent in keys):
            continue
        ordered.append((i, 1 if parent else 0))
        placed.add(i)
        for child in children.get(key, []):
            if child not in placed:
                ordered.append((child, 1))
                placed.add(child)
    return ordered


def build_table(
    source: OpenTracker,
    *,
    where: str | None = None,
    today: dt.date | None = None,
    title: str | None = None,
) -> CommitteeTable:
    """Build the committee table of a tracker, filtered by ``where`` if given.

    Raises:
        UsageError: the ``where`` expression cannot be read.
    """
    schema = source.schema
    today = today or dt.datetime.now(dt.UTC).date()
    keep = compile_where(where, schema, today=today) if where is not None else None
    cols = table_columns(schema)
    narrative = narrative_field(schema)
    parent = schema.parent
    raw = [(display(r.values.get(schema.primary_key)).strip(),
            (display(r.values.get(parent)).strip() or None) if parent else None, r.values, r.number)
           for r in source.table.rows]
    chosen = [row for row in raw if keep is None or keep(row[2])]
    rows: list[TableRow] = []
    for i, level in _order(chosen):
        key, parent_key, values, number = chosen[i]
        status = None
        cells: list[str] = []
        for col in cols:
            if col.kind == "status":
                status = status_cell(schema, values.get(col.name))
                cells.append(status.text if status else format_value(values.get(col.name)))
            else:
                cells.append(format_value(values.get(col.name)))
        text = format_value(values.get(narrative.name)) if narrative else ""
        runs = source.narrative_runs.get(number, ())
        if "".join(t for t, _, _ in runs) != text:
            runs = ()  # a narrative the papers print differently from how it is stored is printed plain
        rows.append(TableRow(key, level, parent_key, tuple(cells), status, text, number, runs))
    round_label = source.meta.get("round", "")
    status_index = next((i for i, c in enumerate(cols) if c.kind == "status"), None)
    heading = title or (f"{schema.title}: {round_label}" if round_label else schema.title)
    subtitle = f"Position at {format_value(today)}"
    if where is not None:
        subtitle += f"; showing {len(rows)} of {len(raw)} row{'' if len(raw) == 1 else 's'} where {where}"
    return CommitteeTable(
        title=heading, subtitle=subtitle, round=round_label, as_of=today, schema_name=schema.name,
        columns=cols, rows=tuple(rows), narrative_title=narrative.title if narrative else "",
        summary=summarise(schema, rows, status_index), where=where, total_rows=len(raw),
    )


def summarise(schema: Schema, rows: list[TableRow], status_index: int | None) -> tuple[SummaryLine, ...]:
    """Counts per status in vocabulary order; a non-blank status no one recognises is counted apart.

    Rows with a blank status (the seed's sub-items carry none of their own) are not counted.
    """
    counts = Counter(r.status.code for r in rows if r.status)
    lines = [SummaryLine(s.label, s.icon, s.colour, s.font_colour, counts.get(s.code, 0)) for s in schema.statuses]
    if status_index is not None:
        unknown = sum(1 for r in rows if r.status is None and r.cells[status_index])
        if unknown:
            lines.append(SummaryLine("Status not recognised", "?", "#FFFFFF", "#000000", unknown))
    return tuple(lines)
