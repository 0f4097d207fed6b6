"""What every rule sees: the schema, the rows read with their cells, the sheet scan and the metadata."""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from itertools import compress, count
from pathlib import Path
from typing import Any, Literal, cast

from govsheet.model.problem import Location, Problem, Severity
from govsheet.model.schema import Schema, Status, StatusMatch
from govsheet.model.tracker import Value, display
from govsheet.validate.scan import SheetScan
from govsheet.validate.table import Rows
from govsheet.workbook.read import ActionsTable, Row, column_letter

Expect = Literal["any", "return"]  # "return": the caller (merge) needs a govsheet return


@dataclass
class Context:
    """One workbook being validated against one schema."""

    path: Path
    schema: Schema
    table: ActionsTable
    rows: Rows
    scan: SheetScan
    meta: dict[str, str] | None
    today: dt.date
    expect: Expect = "any"
    baseline: dict[str, dict[str, str]] | None = None
    book: Any = None  # the calamine workbook, for rules that read another sheet
    letters: dict[str, str] = field(default_factory=dict)  # field name -> column letters
    file: str = field(init=False, default="")  # the path as every finding names it

    def __post_init__(self) -> None:
        self.file = str(self.path)
        self.letters = {name: column_letter(c) for name, c in self.table.columns.items()}
        self._statuses: dict[str, tuple[Status, StatusMatch] | None] = {}
        self._blanks: dict[str, list[int]] = {}
        self._keys: list[str] | None = None
        self.formula_cells = {
            (name, row) for (col, row) in self.scan.formulas for name, letters in self.letters.items()
            if letters == col and row > self.table.header_row
        }

    @property
    def sheet(self) -> str:
        """The tracker sheet's name."""
        return self.table.sheet

    def key(self, row: Row) -> str | None:
        """The row's primary key as text, None when blank."""
        return _key_text(row.values.get(self.schema.primary_key))

    def column(self, field_name: str) -> list[Value]:
        """A field's values, one per data row (``rows[i]``), for rules that scan a whole column."""
        column = self.rows.values.get(field_name)
        return column if column is not None else [None] * len(self.rows)

    def blanks(self, field_name: str) -> list[int]:
        """The indexes of the data rows whose cell in this field is blank (remembered per field)."""
        if field_name not in self._blanks:
            self._blanks[field_name] = blank_indexes(self.column(field_name))
        return self._blanks[field_name]

    def filled(self, field_name: str) -> set[int]:
        """The sheet row numbers of the data rows whose cell in this field is not blank."""
        blank = self.blanks(field_name)
        if not blank:
            return set(self.rows.numbers)
        numbers = self.rows.numbers
        return set(numbers) - {numbers[i] for i in blank}

    def keys(self) -> list[str]:
        """Each data row's primary key as stripped text ("" when blank)."""
        if self._keys is None:
            column = self.column(self.schema.primary_key)
            try:  # a column of text, at C speed
                self._keys = list(map(str.strip, cast("list[str]", column)))
            except TypeError:  # a number among them
                self._keys = [v.strip() if v.__class__ is str else display(v).strip() for v in column]
        return self._keys

    def formula_rows(self, field_name: str) -> set[int]:
        """The data rows whose cell in this field holds a formula."""
        return {number for name, number in self.formula_cells if name == field_name}

    def repeats(self, texts: list[str], formulas: set[int]) -> Iterator[tuple[int, str, int]]:
        """Each repeat of a non-blank text: (its index, the text, the sheet row that had it first).

        Formula cells are left to the formula rule, so they are neither first nor repeats.
        """
        filled = list(filter(None, texts))
        if len(set(filled)) == len(filled):
            return
        first: dict[str, int] = {}
        for i, text in enumerate(texts):
            number = self.rows.numbers[i]
            if not text or number in formulas:
                continue
            seen = first.setdefault(text, number)
            if seen != number:
                yield i, text, seen

    def read_status(self, text: str) -> tuple[Status, StatusMatch] | None:
        """``Schema.read_status``, remembered per text: a tracker repeats a handful of statuses."""
        if text not in self._statuses:
            self._statuses[text] = self.schema.read_status(text)
        return self._statuses[text]

    def is_formula(self, field_name: str, row: Row) -> bool:
        """True when this cell holds a formula (reported once, by the formula rule)."""
        return (field_name, row.number) in self.formula_cells

    def cell_problem(self, code: str, severity: Severity, message: str, row: Row | int, field_name: str,
                     value: Value = None) -> Problem:
        """A problem at one field's cell of a data row: a Row, or the row's index (``rows[i]``, not built)."""
        letters = self.letters.get(field_name)
        if isinstance(row, int):
            number = self.rows.numbers[row]
            keys = self.rows.values.get(self.schema.primary_key)
            shown = _key_text(keys[row] if keys is not None else None)
        else:
            number, shown = row.number, self.key(row)
        # built without validation: thousands of findings (every action overdue) must stay cheap
        return Problem.trusted(
            code, severity,
            Location.trusted(self.file, self.table.sheet, f"{letters}{number}" if letters else None, number),
            field_name, shown, None if value is None else as_text(value), message,
        )

    def sheet_problem(self, code: str, severity: Severity, message: str, *, sheet: str | None = None,  # noqa: PLR0913
                      cell: str | None = None, row: int | None = None, field_name: str | None = None,
                      key: str | None = None, value: str | None = None) -> Problem:
        """A problem not tied to a data row's field: a header, a merged range, the metadata sheet.

        ``sheet`` defaults to the tracker sheet; "" means the whole workbook.
        """
        # built without validation: thousands of findings (every action overdue) must stay cheap
        return Problem.trusted(
            code, severity, Location.trusted(self.file, self.sheet if sheet is None else (sheet or None), cell, row),
            field_name, key, value, message,
        )


def _key_text(value: Value) -> str | None:
    """A primary key cell as its text, None when blank."""
    return (value if value.__class__ is str else display(value)) or None


def quoted(items: list[str] | tuple[str, ...]) -> str:
    """'"a", "b", "c"' for a message."""
    return ", ".join(f'"{i}"' for i in items)


def as_text(value: Value) -> str:
    """A value as the text an officer sees (strings as they are)."""
    return value if value.__class__ is str else display(value)


def is_blank(value: Value) -> bool:
    """True for an empty cell or one holding only spaces."""
    return value is None or (isinstance(value, str) and not value.strip())


def blank_indexes(column: list[Value]) -> list[int]:
    """The indexes of the blank cells of a column (None, "" or only white space)."""
    try:  # a column of text (blank cells are "" as read), at C speed
        texts = cast("list[str]", column)
        empty = texts.count("")
        if empty == len(texts):
            return list(range(len(texts)))  # a column nobody has filled in
        if not empty and not any(map(str.isspace, texts)):
            return []  # filled in on every row
        return list(compress(count(), map(operator.not_, map(str.strip, texts))))
    except TypeError:  # a number, a date or None among them
        return [i for i, v in enumerate(column) if v is None or (v.__class__ is str and not v.strip())]


_SAMPLE = 256  # the cells looked at to tell a column of repeated values from one of distinct values


def repeats_much(column: Sequence[object]) -> bool:
    """Whether a column's values mostly repeat (statuses, officers, blanks), judged on its first cells;
    a rule then looks at each distinct value once rather than at every cell."""
    return len(set(column[:_SAMPLE])) * 2 <= min(len(column), _SAMPLE)
