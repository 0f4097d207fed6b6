"""What ``govsheet diff`` found: the cells changed and the rows added, removed or moved between two
versions of a tracker (compared in :mod:`govsheet.diff`, drawn as a workbook in
:mod:`govsheet.render.diff_xlsx`)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from govsheet.model.result import Result
from govsheet.model.tracker import Run

# key -> field -> the italic and bold runs of that cell (only cells that have any)
KeyedRuns = dict[str, dict[str, tuple[Run, ...]]]

TEXT_LIMIT = 160


class CellChange(BaseModel):
    """One cell whose value differs between the two versions."""

    model_config = ConfigDict(frozen=True)

    key: str
    field: str
    title: str
    old: str
    new: str
    old_cell: str
    new_cell: str


class RowChange(BaseModel):
    """A row on one side only, with its values as text."""

    model_config = ConfigDict(frozen=True)

    key: str
    row: int
    values: dict[str, str]


class DiffReport(Result):
    """The differences between OLD and NEW."""

    old: str
    new: str
    old_kind: str
    new_kind: str
    schema_name: str
    key_field: str
    fields: list[str]
    label_field: str | None = None  # the field that names a row in text output (the action's wording)
    titles: dict[str, str]
    changed: list[CellChange]
    added: list[RowChange]
    removed: list[RowChange]
    moved: list[str]
    outside_return: int = 0
    duplicate_keys: list[str] = Field(default_factory=list)
    # (key, "added" | "removed" | "changed" | "same") in display order
    order: list[tuple[str, str]] = Field(default_factory=list)
    # NEW's values by key, for drawing the whole table; not part of the JSON output.
    new_values: dict[str, dict[str, str]] = Field(default={}, exclude=True)
    # Each side's rich text (the master's italics and bold), for the diff workbook; not in the JSON.
    old_runs: KeyedRuns = Field(default={}, exclude=True)
    new_runs: KeyedRuns = Field(default={}, exclude=True)

    @property
    def ok(self) -> bool:
        """True when the two versions do not differ."""
        return self.same

    @property
    def same(self) -> bool:
        return not (self.changed or self.added or self.removed)

    def to_text(self) -> str:
        """The differences for people, one line each."""
        lines = [f"{self.old} -> {self.new} ({self.schema_name}, keyed by {self.titles[self.key_field]})"]
        lines += [f"~ {c.key} {c.title}: {_quote(c.old)} -> {_quote(c.new)}" for c in self.changed]
        lines += [f"+ {r.key} added: {_quote(_first_text(self, r))}" for r in self.added]
        lines += [f"- {r.key} removed: {_quote(_first_text(self, r))}" for r in self.removed]
        lines += [f"= {key} moved (order only; not a change)" for key in self.moved]
        lines += [f"! key {key!r} appears more than once; later copies are compared as {key}#2, {key}#3, ..."
                  for key in self.duplicate_keys]
        rows = len({c.key for c in self.changed})
        summary = (f"{_n(len(self.changed), 'cell')} changed in {_n(rows, 'row')}, {_n(len(self.added), 'row')} "
                   f"added, {_n(len(self.removed), 'row')} removed, {_n(len(self.moved), 'row')} moved")
        if self.outside_return:
            summary += f"; {_n(self.outside_return, 'master row')} outside the return not compared"
        lines.append(summary if not self.same else f"no differences; {summary}")
        return "\n".join(lines)


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


def _quote(text: str) -> str:
    flat = text.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t")
    if len(flat) > TEXT_LIMIT:
        flat = flat[: TEXT_LIMIT - 1] + "…"
    return f'"{flat}"'


def _first_text(report: DiffReport, row: RowChange) -> str:
    """The row's wording (the schema's first long-text field), else its first non-blank field after the key."""
    if report.label_field and row.values.get(report.label_field):
        return row.values[report.label_field]
    return next((row.values[f] for f in report.fields if f != report.key_field and row.values.get(f)), "")
