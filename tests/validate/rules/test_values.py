"""Each cell on its own: required, its type, and the schema's constraints."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govsheet import api
from govsheet.validate.report import ValidationReport
from tests.validate.custom import HEADER, custom_workbook


@pytest.mark.parametrize(("value", "integer", "number"), [
    (3, True, True), (3.0, True, True), (2.5, False, True), ("1,200", True, True), (" 7 ", True, True),
    ("2.5", False, True), ("three", False, False), (True, False, False), (None, False, False),
    (dt.date(2021, 1, 1), False, False),
])
def test_what_counts_as_a_number(value: object, integer: bool, number: bool) -> None:
    from govsheet.validate.rules.values import _is_integer, _is_number

    assert (_is_integer(value), _is_number(value)) == (integer, number)  # type: ignore[arg-type]


BEFORE_TARGETS = dt.date(2020, 6, 1)


def found(report: ValidationReport) -> list[tuple[str, str | None]]:
    return [(p.code, p.where.cell) for p in report.errors]


def test_constraints_of_a_custom_schema(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        ["A1", "Ann", 3, 1.5, "Audit", "X1", dt.date(2021, 3, 31), "Open", None],
        ["A2", "Bob", 11, "lots", "Polcy", "X1", dt.date(2021, 3, 31), "Open", None],
        ["A3", "Cy", "three", 2, "Training", "TOOLONG", dt.date(2021, 3, 31), "Open", None],
        ["A4", "Di", 2.5, 2, "Policy", "X4", dt.date(2021, 3, 31), "Done", None],
    ]
    path, schema = custom_workbook(tmp_path, HEADER, rows)
    report = api.validate(path, schema, today=BEFORE_TARGETS)
    assert found(report) == [
        ("out-of-range", "C3"), ("not-a-number", "D3"), ("enum-invalid", "E3"), ("not-unique", "F3"),
        ("not-an-integer", "C4"), ("too-long", "F4"),
        ("not-an-integer", "C5"),
    ]
    by_cell = {p.where.cell: p for p in report.errors}
    assert by_cell["E3"].message == '"Polcy" is not one of "Audit", "Policy", "Training"; did you mean "Policy"?'
    assert by_cell["C3"].message == '"Score" holds 11, outside 0 to 10; correct it'
    assert by_cell["F3"].message == ('"X1" is already used in row 2; "Code" must be unique, so change one of them')


@given(st.lists(st.sampled_from(["", "1", "12", "1a", "x", "1 ", "123456"]), max_size=600))
def test_the_cells_a_pattern_misses_are_found_whether_the_column_repeats_or_not(texts: list[str]) -> None:
    import re

    from govsheet.validate.rules.values import _mismatches

    pattern = re.compile(r"^[0-9]{1,5}[a-z]?$")
    expected = {i for i, text in enumerate(texts) if not pattern.fullmatch(text)}
    assert _mismatches(texts, pattern) == expected
    distinct = [f"{i}" for i in range(300)] + ["x"]  # mostly distinct, as references are: each cell is matched
    assert _mismatches(distinct, pattern) == {300}
