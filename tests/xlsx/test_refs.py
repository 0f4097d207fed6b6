"""A1 references and ranges: parsed, printed, and refused by name past the sheet edge."""

from __future__ import annotations

import pytest

from govsheet.errors import UsageError
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


def test_column_letters_as_they_sit_in_the_xml_give_their_number() -> None:
    from govsheet.xlsx.refs import column_of

    assert [column_of(b"A"), column_of(b"z"), column_of(b"AA"), column_of(b"XFD")] == [1, 26, 27, 16384]
