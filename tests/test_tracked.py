"""The tracked values recorded in a master's metadata, and the changes made outside govsheet found against them."""

from __future__ import annotations

from pathlib import Path

from govsheet.schemas import load_schema
from govsheet.tracked import OUTSIDE, OutsideChange, compare, entries, outside_changes, patched
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


def test_a_write_by_govsheet_patches_only_rows_and_fields_it_knows() -> None:
    snap = {"1": row("1")}
    after = patched(snap, SCHEMA, [("1", "status", "Completed"), ("9", "status", "Completed"),
                                   ("1", "no-such-field", "x"), ("1", "progress", 3.0)])
    assert after == {"1": [*row("1", "Completed")[:7], "3", *row("1")[8:]]}
    assert snap == {"1": row("1")}  # the recorded values are not changed in place


def test_nothing_is_found_outside_govsheet_in_a_workbook_that_is_no_master(tmp_path: Path) -> None:
    path = workbook(tmp_path, {"Actions": sheet_xml('<row r="1"><c r="A1" t="inlineStr"><is><t>Ref</t></is></c></row>')})
    assert outside_changes(path) == ("", [])
