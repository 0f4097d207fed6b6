"""A1 references, text escaping and date serials."""

# ruff: noqa: DTZ001 - cell dates are naive, as Excel's are

from __future__ import annotations

from datetime import date, datetime

import pytest

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
from govsheet.xlsx.patch import extend_sqref
from govsheet.xlsx.refs import col_letters, col_number, make_range, make_ref, parse_range, parse_ref


@pytest.mark.parametrize(("ref", "row", "col"), [("A1", 1, 1), ("D14", 14, 4), ("$AA$3", 3, 27), ("xfd1048576",
                                                 1048576, 16384), ("AZ10", 10, 52)])
def test_a1_references_round_trip(ref: str, row: int, col: int) -> None:
    assert parse_ref(ref) == (row, col)
    assert make_ref(row, col) == ref.replace("$", "").upper()
    assert col_number(col_letters(col)) == col


@pytest.mark.parametrize("bad", ["", "14D", "D0", "A1048577", "XFE1", "Sheet1!A1", "A1:B2"])
def test_a_bad_reference_is_refused_by_name(bad: str) -> None:
    with pytest.raises(UsageError, match=f'"{bad}" is'):
        parse_ref(bad)


def test_ranges_parse_and_print() -> None:
    assert parse_range("B2:D14") == (2, 2, 14, 4)
    assert parse_range("D14:B2") == (2, 2, 14, 4)
    assert parse_range("C3") == (3, 3, 3, 3)
    assert parse_range("A:A") is None
    assert make_range(2, 2, 14, 4) == "B2:D14"
    assert make_range(3, 3, 3, 3) == "C3"


def test_sqref_ranges_ending_at_the_old_last_row_grow() -> None:
    assert extend_sqref("D2:D10 F2:F9 A1:H1", 10, 12) == "D2:D12 F2:F9 A1:H1"
    assert extend_sqref("B10", 10, 15) == "B10:B15"
    assert extend_sqref("A1", 1, 5) == "A1", "a header-only range is not a column of data"


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


def test_split_ref_gives_letters_and_row_without_checking_the_edge() -> None:
    from govsheet.xlsx.refs import split_ref

    assert split_ref("D14") == ("D", 14)
    assert split_ref("$ab$7") == ("AB", 7)
    assert split_ref("Actions!D14") is None
    assert split_ref("") is None


def test_check_in_sheet_names_the_part_past_the_edge() -> None:
    from govsheet.errors import UsageError
    from govsheet.xlsx.refs import check_in_sheet

    check_in_sheet("XFD1048576")
    with pytest.raises(UsageError) as err:
        check_in_sheet("XFE1")
    assert str(err.value) == '"XFE1": column XFE is out of range; Excel\'s last column is XFD'
    with pytest.raises(UsageError) as err:
        check_in_sheet("A1048577")
    assert str(err.value) == '"A1048577": row 1048577 is out of range; Excel\'s last row is 1048576'


def test_every_limit_is_read_from_the_environment_the_same_way() -> None:
    from govsheet.xlsx.limits import Limits, ReadLimits

    env = {"GOVSHEET_MAX_ROWS": " 10 ", "GOVSHEET_MAX_PARTS": "7", "GOVSHEET_MAX_CELLS": "many"}
    assert ReadLimits.from_env(env) == ReadLimits(max_rows=10)
    assert Limits.from_env(env) == Limits(max_parts=7)
