"""The pieces every seed layout works with: the extract's lines, its table, and the rows being built.

:mod:`govsheet.importer.seed` reads the extract into a :class:`SeedTable`; the layouts
(:mod:`~govsheet.importer.seed_actions`, :mod:`~govsheet.importer.seed_refs`) turn its lines into
:class:`SeedRow` objects and hand them to :func:`finish_rows`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from govsheet.importer.fragments import Cell
from govsheet.importer.words import Vocabulary
from govsheet.model.importing import ImportLog, ImportNote
from govsheet.model.schema import Schema
from govsheet.model.tracker import Action, Run, Tracker, Value


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


def finish_rows(rows: list[SeedRow], table: SeedTable, schema: Schema, report: ImportLog) -> Tracker:
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
