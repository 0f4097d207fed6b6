"""Reading the Actions sheet: headers matched by title, cells by location, the values cleaned."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from govsheet.errors import WorkbookError
from govsheet.workbook.read import clean, column_letter, match_headers, read_actions
from tests.returns.helpers import SCHEMA, Cycle


def test_the_master_reads_back_row_by_row_with_cell_locations(cycle: Cycle) -> None:
    table = read_actions(cycle.master, SCHEMA)
    assert (table.sheet, table.header_row) == ("Actions", 1)
    assert [r.number for r in table.rows] == [2, 3, 4, 5, 6]
    assert table.cell("status", 3) == "G3"
    assert table.cell("progress", 2) == "I2"  # the icon column sits between status and progress
    assert table.rows[0].values["officer"] == "Group Manager – Assurance"
    assert table.rows[4].values["progress"] == "=SUM(1,2)"  # formula-like text read as text
    assert table.to_tracker(SCHEMA).keys("ref") == ["1", "2", "3", "4", "5"]


def test_headers_match_by_title_whatever_the_spacing_and_repeats_are_named() -> None:
    columns, titles, unmatched = match_headers(["Ref", " progress  UPDATE ", "Ref", "Colour"], SCHEMA)
    assert columns == {"ref": 0, "progress": 1}
    assert titles == {"ref": "Ref", "progress": " progress  UPDATE "}
    assert unmatched == [(2, "Ref"), (3, "Colour")]


@pytest.mark.parametrize(("value", "cleaned"), [("", None), (None, None), ("  x ", "  x "), (3.0, 3.0), (True, True)])
def test_blank_text_is_no_value_and_the_rest_is_kept(value: object, cleaned: object) -> None:
    assert clean(value) == cleaned


@pytest.mark.parametrize(("index", "letters"), [(0, "A"), (25, "Z"), (26, "AA"), (16383, "XFD")])
def test_column_letters_of_0_based_indexes(index: int, letters: str) -> None:
    assert column_letter(index) == letters


def test_a_workbook_without_the_tracker_sheet_is_named(tmp_path: Path) -> None:
    plain = tmp_path / "plain.xlsx"
    openpyxl.Workbook().save(plain)
    with pytest.raises(WorkbookError) as refused:
        read_actions(plain, SCHEMA)
    assert str(refused.value) == (f"{plain}: has no sheet named 'Actions' (sheets: 'Sheet'); rename the tracker "
                                  "sheet to 'Actions'")
