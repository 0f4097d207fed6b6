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


def test_rows_are_read_below_the_header_blank_rows_skipped_short_rows_padded() -> None:
    import datetime as dt

    from govsheet.workbook.read import table_from_grid

    grid: list[list[object]] = [
        ["Action plan", "", "", ""],  # a title above the header
        ["Ref", "Progress status", "Target (as date)", "Progress update"],
        ["1", "Completed", dt.date(2021, 3, 31), 4.0],
        ["", "", "", ""],  # blank in every schema column: not a row
        ["2", "In progress"],  # shorter than the header, as a hand-made grid may be
        ["", "", "", "only an update"],
    ]
    table = table_from_grid(Path("t.xlsx"), "Actions", grid, SCHEMA)  # type: ignore[arg-type]
    assert table.header_row == 2
    assert [(r.number, r.values) for r in table.rows] == [
        (3, {"ref": "1", "status": "Completed", "target_date": dt.date(2021, 3, 31), "progress": 4.0}),
        (5, {"ref": "2", "status": "In progress", "target_date": None, "progress": None}),
        (6, {"ref": None, "status": None, "target_date": None, "progress": "only an update"}),
    ]


def test_a_column_is_cleaned_alike_whether_it_holds_only_text_or_not() -> None:
    import datetime as dt

    from govsheet.workbook.read import clean, cleaned

    text = ["a", "", " ", "0"]
    mixed = ["a", "", 2.0, None, dt.time(9, 30), True]
    assert cleaned(text) == ["a", None, " ", "0"] == [clean(v) for v in text]
    assert cleaned(mixed) == ["a", None, 2.0, None, "09:30:00", True] == [clean(v) for v in mixed]
