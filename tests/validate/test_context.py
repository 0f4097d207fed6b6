"""What every rule sees: the small text helpers the rules' messages are built with."""

from __future__ import annotations

import datetime as dt

import pytest

from govsheet.model.tracker import Value
from govsheet.validate.context import as_text, is_blank, quoted


def test_quoted_lists_items_for_a_message() -> None:
    assert quoted(["Yet to start", "Completed"]) == '"Yet to start", "Completed"'
    assert quoted(()) == ""


@pytest.mark.parametrize(("value", "text"), [("  as typed ", "  as typed "), (3.0, "3"), (dt.date(2021, 3, 31),
                                                                                        "2021-03-31"), (None, "")])
def test_values_as_an_officer_sees_them(value: Value, text: str) -> None:
    assert as_text(value) == text


@pytest.mark.parametrize(("value", "blank"), [(None, True), ("", True), ("  \t", True), ("x", False), (0, False)])
def test_blank_is_empty_or_only_spaces(value: Value, blank: bool) -> None:
    assert is_blank(value) is blank
