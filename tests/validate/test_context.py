"""What every rule sees: the small text helpers the rules' messages are built with."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govsheet.model.tracker import Value
from govsheet.validate.context import as_text, blank_indexes, is_blank, quoted, repeats_much


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


CELLS = st.one_of(st.sampled_from(["", " ", "\u00a0", "\t\n", "x", " x "]), st.none(), st.integers(0, 3))


@given(st.lists(CELLS, max_size=30))
def test_the_blank_cells_of_a_column_are_those_that_are_blank_one_by_one(column: list[Value]) -> None:
    assert blank_indexes(column) == [i for i, value in enumerate(column) if is_blank(value)]


def test_a_column_all_blank_all_filled_or_of_white_space() -> None:
    assert blank_indexes(["", "", ""]) == [0, 1, 2]
    assert blank_indexes(["a", "b"]) == []
    assert blank_indexes(["a", " \u3000"]) == [1]  # filled on every row, but one cell only white space
    assert blank_indexes([]) == []


def test_a_column_of_repeats_is_told_from_one_of_distinct_values_by_its_first_cells() -> None:
    assert repeats_much(["Completed", "In progress"] * 200)
    assert not repeats_much([str(i) for i in range(400)])
    assert not repeats_much([str(i) for i in range(300)] + ["x"] * 1000)  # only the first 256 are looked at
    assert repeats_much([])
    assert not repeats_much(["only"])
