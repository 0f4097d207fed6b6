"""The row map of a row operation: references, formulas and ranges shifted as Excel shifts them."""

from __future__ import annotations

import pytest

from govsheet.xlsx.rowmap import RowMap, shift_formula, shift_ref, shift_sqref


@pytest.mark.parametrize(("formula", "expected"), [
    ("A4+A5+A8+A9", "A4+#REF!+#REF!+A5"),
    ("SUM(A1:A20)+SUM(A5:A8)", "SUM(A1:A16)+SUM(#REF!)"),
    ("SUM($3:$6)+SUM(9:9)+SUM(B:B)", "SUM($3:$4)+SUM(5:5)+SUM(B:B)"),
    ("'Data'!A9&\"A9\"&'Other sheet'!A9", "'Data'!A5&\"A9\"&'Other sheet'!A9"),
    ("LOG10(A10)+Table1[[#This Row],[A9]]+[1]Data!A9", "LOG10(A6)+Table1[[#This Row],[A9]]+[1]Data!A9"),
    ("Other!A9+Data!A9:Data!A10", "Other!A9+Data!A5:Data!A6"),
])
def test_formula_references_shift_with_deleted_rows(formula: str, expected: str) -> None:
    assert shift_formula(RowMap.deleting([(5, 8)]), "Data", formula, "Data") == expected


@pytest.mark.parametrize(("ref", "expected"), [
    ("A5", "A9"), ("A8", "A5"), ("A12", "A12"), ("A4", "A4"),
    ("A5:A7", "A9:A11"),  # wholly in the cut rows: follows them
    ("A1:A20", "A1:A20"),  # holds the cut rows and where they go
    ("A1:A10", "A1:A7"),  # the cut rows left it
    ("A10:A15", "A7:A15"),  # the cut rows came into it
    ("$5:$6", "$9:$10"), ("B:B", "B:B"),
])
def test_references_follow_a_move_as_in_excel(ref: str, expected: str) -> None:
    assert shift_ref(RowMap.moving(5, 7, 12), ref) == expected


def test_formatted_ranges_follow_their_cells() -> None:
    assert shift_sqref(RowMap.moving(5, 7, 12), "A1:A10 C6 D20") == "A1:A7 A9:A11 C10 D20"
    assert shift_sqref(RowMap.moving(10, 10, 2), "B5:B12") == "B2 B6:B12"
