"""The import report: every join, repair and guess the importer made, for a person to check."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from pydantic import BaseModel, ConfigDict

from govsheet.model.result import Result, plural

NoteKind = Literal["join", "repair", "guess", "parse", "key", "skip", "map"]


class ImportNote(BaseModel):
    """One decision of the importer, with the source lines it rests on."""

    model_config = ConfigDict(frozen=True)

    kind: NoteKind
    lines: tuple[int, ...] = ()
    key: str | None = None
    message: str

    def __str__(self) -> str:
        where = "line " + ", ".join(str(n) for n in self.lines) if self.lines else "-"
        key = f" [{self.key}]" if self.key else ""
        return f"{where}{key}: {self.kind}: {self.message}"


class ImportReport(Result):
    """What an import read and what it decided."""

    source: str
    schema_name: str
    format: str
    rows: int = 0
    notes: tuple[ImportNote, ...] = ()

    def to_text(self) -> str:
        """The report as plain text, one decision a line."""
        head = [
            f"govsheet import report: {self.source}",
            f"schema {self.schema_name}, {self.format} format, {plural(self.rows, 'row')}",
            "",
        ]
        return "\n".join(head + [str(n) for n in self.notes]) + "\n"


@dataclass
class ImportLog:
    """The notes an import collects as it reads; :meth:`report` freezes them into the result."""

    source: str
    schema_name: str
    format: str
    rows: int = 0
    notes: list[ImportNote] = field(default_factory=list)

    def report(self) -> ImportReport:
        """The finished, frozen import report."""
        return ImportReport(source=self.source, schema_name=self.schema_name, format=self.format, rows=self.rows,
                            notes=tuple(self.notes))
