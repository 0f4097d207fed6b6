"""The result of validating a workbook: every problem found, with where it is and what to do."""

from __future__ import annotations

from collections import Counter
from typing import Any

from pydantic import model_serializer

from govsheet.model.problem import Problem
from govsheet.model.result import Result, plural
from govsheet.xlsx.refs import col_number, split_ref

# The order problems are listed in: whole-workbook findings first, then by row and column.
_NO_ROW = -1
_DIGITS = "0123456789"
_MAX_ROW_DIGITS = 7
_COLUMNS: dict[str, int] = {}  # the column letters of plain references seen, and their numbers


class ValidationReport(Result):
    """What ``govsheet validate`` found in one workbook.

    Its JSON is the flat shape the specification gives: each problem's location is
    spread into ``sheet``, ``cell`` and ``row`` beside its code and message.
    """

    workbook: str
    schema_name: str
    errors: tuple[Problem, ...] = ()
    rows: int = 0

    @property
    def ok(self) -> bool:
        """True when the workbook is valid (warnings allowed)."""
        return self.valid

    @property
    def valid(self) -> bool:
        """True when there is no problem of severity "error" (warnings are allowed)."""
        return not any(p.severity == "error" for p in self.errors)

    @property
    def error_count(self) -> int:
        """How many problems are errors."""
        return sum(1 for p in self.errors if p.severity == "error")

    @property
    def warning_count(self) -> int:
        """How many problems are warnings."""
        return sum(1 for p in self.errors if p.severity == "warning")

    @property
    def stats(self) -> dict[str, Any]:
        """Counts for the JSON output: rows read, errors, warnings and problems per code."""
        return {
            "rows": self.rows,
            "errors": self.error_count,
            "warnings": self.warning_count,
            "by_code": dict(sorted(Counter(p.code for p in self.errors).items())),
        }

    @model_serializer(mode="plain")
    def _flat(self) -> dict[str, Any]:
        return {
            "valid": self.valid,
            "workbook": self.workbook,
            "schema": self.schema_name,
            "errors": [flat_problem(p) for p in self.errors],
            "stats": self.stats,
        }

    def to_text(self) -> str:
        """The report for people: a summary line, then the problems grouped by row."""
        lines = [self.summary()]
        group: tuple[str | None, int | None] | None = None
        for p in self.errors:
            here = (p.where.sheet, p.where.row)
            if here != group:
                group = here
                lines.append(_group_title(p))
            where = " ".join(part for part in (p.where.cell, p.field) if part)
            lines.append(f"  {p.severity:<7} {where}: {p.message} [{p.code}]" if where
                         else f"  {p.severity:<7} {p.message} [{p.code}]")
        return "\n".join(lines)

    def summary(self) -> str:
        """One line: the workbook, its schema and how many errors and warnings."""
        rows = plural(self.rows, "row")
        if not self.errors:
            return f"{self.workbook}: valid ({self.schema_name}, {rows}, no problems)"
        verdict = "valid" if self.valid else "not valid"
        return (f"{self.workbook}: {verdict} ({self.schema_name}, {rows}): "
                f"{_plural(self.error_count, 'error')}, {_plural(self.warning_count, 'warning')}")


def flat_problem(p: Problem) -> dict[str, Any]:
    """A problem as one flat JSON object, its location spread into sheet, cell and row."""
    return {
        "code": p.code,
        "severity": p.severity,
        "sheet": p.where.sheet,
        "cell": p.where.cell,
        "row": p.where.row,
        "field": p.field,
        "key": p.key,
        "value": p.value,
        "message": p.message,
    }


def sort_key(p: Problem) -> tuple[str, int, int, str, str]:
    """Order problems by sheet, row, column, then code."""
    where = p.where
    cell = where.cell or ""
    letters = cell.rstrip(_DIGITS)
    # a plain reference ("D14", as every cell finding has) by one look-up; anything else as split_ref reads it
    column = _COLUMNS.get(letters) if 1 <= len(cell) - len(letters) <= _MAX_ROW_DIGITS else None
    if column is None:
        parts = split_ref(cell)
        column = col_number(parts[0]) if parts else 0
        if parts and parts[0] == letters:
            _COLUMNS[letters] = column
    row = where.row if where.row is not None else _NO_ROW
    return (where.sheet or "", row, column, p.code, p.message)


def _group_title(p: Problem) -> str:
    sheet = p.where.sheet or "workbook"
    if p.where.row is None:
        return f"{sheet}:"
    key = f', ref "{p.key}"' if p.key else ""
    return f"{sheet} row {p.where.row}{key}:"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")
