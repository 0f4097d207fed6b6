"""Edits as the command line gives them: typed values and sheet!cell=value assignments."""

# ruff: noqa: DTZ001 - cell dates are naive, as Excel's are

from __future__ import annotations

from datetime import date, datetime

import pytest

from govsheet.xlsx.edit import parse_assignment, typed_value


@pytest.mark.parametrize(("text", "value"), [
    ("42", 42), ("-3.5", -3.5), ("1e3", 1000.0), ("007", "007"), ("TRUE", True), ("false", False),
    ("2024-03-31", date(2024, 3, 31)), ("2024-03-31T14:30", datetime(2024, 3, 31, 14, 30)),
    ("2024-03-31 09:00:05", datetime(2024, 3, 31, 9, 0, 5)), ("", None), ("In progress", "In progress"),
    ("=SUM(A1:A3)", "=SUM(A1:A3)"), ("+1 call", "+1 call"), ("1,000", "1,000"), ("yes", "yes"),
])
def test_values_on_the_command_line_are_typed_as_documented(text: str, value: object) -> None:
    assert typed_value(text) == value
    assert type(typed_value(text)) is type(value)


def test_assignments_name_a_sheet_a_cell_and_a_value() -> None:
    assert parse_assignment("Actions!D14=In progress").model_dump() == {
        "sheet": "Actions", "ref": "D14", "value": "In progress", "kind": "value"}
    assert parse_assignment("'My sheet'!$b$2=7").model_dump()["sheet"] == "My sheet"
    assert parse_assignment("Q&A!B2=x=y").model_dump()["value"] == "x=y"
    assert parse_assignment("A!B!C3=1").model_dump()["sheet"] == "A!B"
    assert parse_assignment("A1:=42").model_dump() == {"sheet": None, "ref": "A1", "value": "42", "kind": "value"}
