"""Formulas where a value belongs, and text that would run as a formula elsewhere."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from govsheet import api

TODAY = dt.date(2020, 6, 1)


def test_a_formula_alone_in_a_row_is_still_found(master: Callable[[str], Path]) -> None:
    """openpyxl stores no cached value, so calamine sees the row as blank; the XML scan does not."""
    path = master("ags-action-plan")
    wb = openpyxl.load_workbook(path)
    wb["Actions"]["C32"] = "=A2"
    wb.save(path)
    report = api.validate(path, today=TODAY)
    assert [(p.code, p.where.cell, p.key, p.value) for p in report.errors] == [
        ("formula-in-cell", "C32", None, "=A2")]


@pytest.mark.parametrize(("text", "flagged"), [
    ("=SUM(A1)", True), ("+44 115 000", True), ("@risk", True), ("\tindented", True), ("-1+2", True),
    ("-SUM(A1:A3)", True), ("- agreed in May", False), ("-Done", False), ("Done - see note", False), ("", False),
])
def test_formula_like_text(text: str, flagged: bool) -> None:
    from govsheet.validate.rules.formulas import _looks_like_formula

    assert _looks_like_formula(text) is flagged


@given(st.lists(st.sampled_from(["", "=1+1", "-", "- done", "+44", "@x", "ok", 3, None]), max_size=40),
       st.integers(1, 20))
def test_the_cells_opening_as_a_formula_might_are_found_in_repeated_and_distinct_columns(
        cells: list[object], times: int) -> None:
    from govsheet.validate.rules.formulas import _FIRST, _openings

    for column in (cells, cells * times):
        assert _openings(column) == [i for i, v in enumerate(column)  # type: ignore[arg-type]
                                     if v.__class__ is str and v[:1] in _FIRST]
