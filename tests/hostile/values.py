"""Shared by the property-based hostile tests: hypothesis settings, a small master's bytes, and setting one cell through the engine."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from govsheet.cli import COMMANDS
from tests.hostile.conftest import build_master

needs_edit = pytest.mark.skipif("edit" not in COMMANDS, reason="'govsheet edit' has not landed yet")


FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


_BASE: dict[str, bytes] = {}


def base_bytes() -> bytes:
    """A small master's bytes, built once per session (hypothesis cannot take function fixtures)."""
    if "master" not in _BASE:
        with tempfile.TemporaryDirectory() as tmp:
            _BASE["master"] = build_master(Path(tmp) / "master.xlsx").read_bytes()
    return _BASE["master"]


def read_back(path: Path, ref_row: int = 1, ref_col: int = 8) -> object:
    from python_calamine import CalamineWorkbook

    grid = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Actions").to_python(skip_empty_area=False)
    return grid[ref_row][ref_col]


def round_trip(value: object) -> object:
    """Set Actions!I2 with the engine, save, and read the cell back with calamine."""
    from govsheet.xlsx import Book

    with tempfile.TemporaryDirectory() as tmp:
        src, out = Path(tmp) / "in.xlsx", Path(tmp) / "out.xlsx"
        src.write_bytes(base_bytes())
        book = Book.open(src)
        book.sheet("Actions").set("I2", value)  # type: ignore[arg-type]
        book.save(out)
        return read_back(out)


# Characters XML 1.0 can carry only escaped (_xHHHH_), plus ordinary, accented, RTL and astral text.
# U+FFFE/U+FFFF and lone surrogates have their own tests (tests/xlsx/test_sheet_hostile.py): they are refused.
TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\ufffe\uffff"), max_size=300)


LONG = st.tuples(st.text(st.characters(codec="utf-8", exclude_characters="\ufffe\uffff"), min_size=1, max_size=50),
                 st.integers(32_000, 32_767)).map(lambda t: (t[0] * (t[1] // len(t[0]) + 1))[: t[1]])
