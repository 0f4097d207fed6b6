"""Cell values as the XML holds them: text escaping, date serials in both systems, number text, the cell limit."""

# ruff: noqa: DTZ001 - cell dates are naive, as Excel's are

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govsheet.errors import UsageError
from govsheet.xlsx.cells import (
    escape_text,
    from_serial,
    is_date_format,
    longest_text,
    number_text,
    t_element,
    to_serial,
    unescape_text,
)


@pytest.mark.parametrize("text", ["plain", "a & b < c > d", "line\nbreak", "tab\there", "bell\x07", "cr\r\nlf",
                                  "_x0041_ literal", "  padded  ", "=SUM(A1:A3)", "emoji \U0001f600"])
def test_text_escaping_round_trips(text: str) -> None:
    assert unescape_text(escape_text(text)) == text


def test_control_characters_and_literal_escapes_are_written_as_excel_does() -> None:
    assert escape_text("a\x07b") == "a_x0007_b"
    assert escape_text("a\rb") == "a_x000D_b"
    assert escape_text("_x0041_") == "_x005F_x0041_"
    assert t_element(" x") == '<t xml:space="preserve"> x</t>'
    assert t_element("x", "x:") == "<x:t>x</x:t>"


@pytest.mark.parametrize(("day", "serial"), [(date(1900, 1, 1), 1), (date(1900, 2, 28), 59), (date(1900, 3, 1), 61),
                                             (date(2024, 3, 31), 45382), (date(1999, 12, 31), 36525)])
def test_dates_in_the_1900_system(day: date, serial: int) -> None:
    assert to_serial(day) == serial
    assert from_serial(serial) == datetime.combine(day, datetime.min.time())


def test_dates_in_the_1904_system() -> None:
    assert to_serial(date(2024, 3, 31), date1904=True) == 45382 - 1462
    assert from_serial(0, date1904=True) == datetime(1904, 1, 1)


def test_date_and_time_serials_keep_the_time() -> None:
    assert to_serial(datetime(2024, 3, 31, 12, 0)) == 45382.5
    assert from_serial(45382.75) == datetime(2024, 3, 31, 18, 0)


@pytest.mark.parametrize(("fmt_id", "code", "expected"), [(14, None, True), (0, None, False), (22, None, True),
                                                          (164, "d mmmm yyyy", True), (165, "0.00%", False),
                                                          (166, '"Day" 0', False), (167, "[Red]0.0", False),
                                                          (168, "hh:mm", True), (169, "General", False)])
def test_date_formats_are_recognised(fmt_id: int, code: str | None, expected: bool) -> None:
    assert is_date_format(fmt_id, code) is expected


def test_numbers_are_written_in_shortest_form() -> None:
    assert number_text(42) == "42"
    assert number_text(42.0) == "42"
    assert number_text(0.1) == "0.1"
    with pytest.raises(UsageError, match="finite"):
        number_text(float("nan"))


def test_text_over_the_cell_limit_is_found() -> None:
    assert longest_text(b"<t>" + b"x" * 32_767 + b"</t>") == 0
    assert longest_text(b"<x:t>" + b"x" * 32_768 + b"</x:t>") == 32_768
    assert longest_text(b"<t>" + b"&amp;" * 20_000 + b"</t>") == 0, "escapes count as one character"


@given(st.lists(st.sampled_from([b"<", b"a", b"aaaa", b"\xc3\xa9"]), max_size=80), st.integers(1, 24))
def test_a_long_run_is_found_by_its_multiples_as_by_measuring_every_run(pieces: list[bytes], size: int) -> None:
    from govsheet.xlsx.cells import _has_long_run

    data = b"".join(pieces)
    assert _has_long_run(data, size) is (max(map(len, data.split(b"<"))) >= size)


@pytest.mark.parametrize("where", [0, 1, 32_767, 32_768, 100_000])
def test_a_text_over_the_limit_is_found_wherever_it_starts(where: int) -> None:
    long = b"<t>" + b"x" * 32_768 + b"</t>"
    filler = b"<c/>" * (where // 4) + b"y" * (where % 4)
    assert longest_text(filler + long + b"<t>short</t>") == 32_768
    assert longest_text(filler + b"<t>" + b"x" * 32_767 + b"</t>") == 0
    assert longest_text(filler + b"<t>" + b"&amp;" * 7_000 + b"</t>") == 0  # 35,000 bytes, 7,000 characters
