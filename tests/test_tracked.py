"""The tracked values recorded in a master's metadata, and the changes made outside govsheet found against them."""

from __future__ import annotations

from pathlib import Path

import pytest

from govsheet.schemas import load_schema
from govsheet.tracked import OUTSIDE, OutsideChange, compare, entries, outside_changes, patched
from govsheet.workbook.snapshot import Columns
from tests.xlsx.handmade import sheet_xml, workbook

SCHEMA = load_schema("ags-action-plan")  # ref, parent, action, officer, ... : twelve fields
WHEN = "2026-12-02T09:00:00+00:00"


def row(ref: str, status: str = "Not started") -> list[str]:
    values = [""] * len(SCHEMA.fields)
    values[0], values[6] = ref, status
    return values


def test_a_master_without_recorded_values_has_no_outside_changes() -> None:
    assert compare(SCHEMA, None, {"1": row("1")}) == []


def test_rows_added_removed_and_cells_changed_are_found_in_sheet_order() -> None:
    recorded = {"1": row("1"), "2": row("2"), "3": row("3")}
    now = {"1": row("1", "Completed"), "4": row("4"), "3": row("3")}
    changes = compare(SCHEMA, recorded, now)
    assert changes == [OutsideChange("1", "status", "Not started", "Completed"),
                       OutsideChange("4", "", "", "4; Not started"),
                       OutsideChange("2", "", "2; Not started", "")]
    assert [c.describe() for c in changes] == ["1 status: 'Not started' -> 'Completed'", "row 4 added",
                                               "row 2 removed"]
    found = entries(changes, when=WHEN, round_label="2026 Q3", since="", source="master.xlsx", sha256="ab")
    assert [(e.ref, e.field, e.outcome, e.reason) for e in found] == [
        ("1", "status", OUTSIDE, f"changed outside govsheet since govsheet last wrote it; found {WHEN}"),
        ("4", "", OUTSIDE, f"row added; changed outside govsheet since govsheet last wrote it; found {WHEN}"),
        ("2", "", OUTSIDE, f"row removed; changed outside govsheet since govsheet last wrote it; found {WHEN}")]


def columns(rows: dict[str, list[str]]) -> Columns:
    """``rows`` as read from a sheet or a record: column by column."""
    return Columns(list(rows), [list(c) for c in zip(*rows.values(), strict=True)])


def test_records_of_the_same_rows_are_compared_column_by_column_in_sheet_order() -> None:
    recorded = columns({"1": row("1"), "2": row("2"), "3": row("3")})
    now = {"1": row("1"), "2": row("2", "Completed"), "3": row("3", "Completed")}
    now["3"][2] = "reworded"
    changes = compare(SCHEMA, recorded, columns(now))
    assert changes == [OutsideChange("2", "status", "Not started", "Completed"),
                       OutsideChange("3", "action", "", "reworded"),
                       OutsideChange("3", "status", "Not started", "Completed")]
    assert compare(SCHEMA, recorded, columns({"1": row("1"), "2": row("2"), "3": row("3")})) == []


def test_records_of_other_rows_are_compared_row_by_row() -> None:
    recorded = columns({"1": row("1"), "2": row("2"), "3": row("3")})
    now = columns({"1": row("1", "Completed"), "4": row("4"), "3": row("3")})
    assert compare(SCHEMA, recorded, now) == [OutsideChange("1", "status", "Not started", "Completed"),
                                              OutsideChange("4", "", "", "4; Not started"),
                                              OutsideChange("2", "", "2; Not started", "")]
    assert compare(SCHEMA, {"1": row("1")}, columns({"1": row("1", "Completed")})) == [
        OutsideChange("1", "status", "Not started", "Completed")]


def test_a_write_by_govsheet_patches_columns_it_knows_and_leaves_the_record_it_was_given() -> None:
    snap = columns({"1": row("1"), "2": row("2")})
    after = patched(snap, SCHEMA, [("1", "status", "Completed"), ("9", "status", "Completed"),
                                   ("2", "status", "In progress"), ("2", "no_such_field", "x")])
    assert isinstance(after, Columns)
    assert after == {"1": row("1", "Completed"), "2": row("2", "In progress")}
    assert snap == {"1": row("1"), "2": row("2")}
    assert after.columns[0] is snap.columns[0]  # a column no cell of which changed is shared, not copied


def test_a_columns_record_reads_as_a_mapping_of_rows() -> None:
    snap = columns({"1": row("1"), "2": row("2", "Completed")})
    assert snap["2"] == row("2", "Completed")
    assert "2" in snap
    assert "9" not in snap
    assert 2 not in snap
    assert len(snap) == 2
    assert list(snap) == ["1", "2"]
    assert snap.rows() == {"1": row("1"), "2": row("2", "Completed")}
    assert snap != columns({"1": row("1")})
    assert snap != ["not", "a", "mapping"]
    with pytest.raises(KeyError, match="'9'"):
        snap["9"]


def test_a_write_by_govsheet_patches_only_rows_and_fields_it_knows() -> None:
    snap = {"1": row("1")}
    after = patched(snap, SCHEMA, [("1", "status", "Completed"), ("9", "status", "Completed"),
                                   ("1", "no-such-field", "x"), ("1", "progress", 3.0)])
    assert after == {"1": [*row("1", "Completed")[:7], "3", *row("1")[8:]]}
    assert snap == {"1": row("1")}  # the recorded values are not changed in place


def test_nothing_is_found_outside_govsheet_in_a_workbook_that_is_no_master(tmp_path: Path) -> None:
    path = workbook(tmp_path, {"Actions": sheet_xml('<row r="1"><c r="A1" t="inlineStr"><is><t>Ref</t></is></c></row>')})
    assert outside_changes(path) == ("", [])
