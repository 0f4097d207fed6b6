"""Each rule of the validator, on real workbooks: the seed masters and copies with planted faults."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
import yaml

from govsheet import api
from govsheet.errors import UsageError, WorkbookError
from govsheet.validate.report import ValidationReport

from .faults import AGS_FAULTS, plant_ags_faults

BEFORE_TARGETS = dt.date(2020, 6, 1)
LATER = dt.date(2026, 11, 25)


def found(report: ValidationReport) -> list[tuple[str, str | None]]:
    return [(p.code, p.where.cell) for p in report.errors]


def test_action_plan_seed_master_is_clean_before_its_targets(master: Callable[[str], Path]) -> None:
    report = api.validate(master("ags-action-plan"), today=BEFORE_TARGETS)
    assert report.valid
    assert report.errors == ()
    assert report.schema_name == "ags-action-plan"
    assert report.rows == 28


def test_action_plan_seed_master_warns_only_of_open_actions_past_their_target(
        master: Callable[[str], Path]) -> None:
    report = api.validate(master("ags-action-plan"), today=LATER)
    assert report.valid
    assert {p.severity for p in report.errors} == {"warning"}
    # refs 2, 4-6, 8-13, 15 and 15a are open with a dated target; 3 and 15b are completed
    assert found(report) == [("overdue", f"E{r}") for r in (8, 10, 11, 12, 14, 15, 16, 17, 18, 19, 21, 22)]
    first = report.errors[0]
    assert (first.key, first.field, first.value) == ("2", "target", "March 2021")
    assert first.message == ("the target date has passed and the action is not completed; update the status or "
                             "agree a new target (due 31 March 2021, checked on 25 November 2026)")


def test_governance_review_seed_master_is_clean(master: Callable[[str], Path]) -> None:
    """Seed 004 has no target dates, so no overdue warnings either; its officers are all named after import."""
    report = api.validate(master("governance-review"), today=LATER)
    assert found(report) == []
    assert report.valid


def test_planted_faults_are_reported_at_exactly_their_cells(master: Callable[[str], Path], tmp_path: Path) -> None:
    faulty = plant_ags_faults(master("ags-action-plan"), tmp_path / "faulty.xlsx")
    report = api.validate(faulty, today=BEFORE_TARGETS)
    assert found(report) == AGS_FAULTS
    assert not report.valid
    assert report.error_count == 11
    assert report.warning_count == 9


def test_status_messages_say_what_was_read(master: Callable[[str], Path], tmp_path: Path) -> None:
    faulty = plant_ags_faults(master("ags-action-plan"), tmp_path / "faulty.xlsx")
    by_cell = {p.where.cell: p for p in api.validate(faulty, today=BEFORE_TARGETS).errors}
    assert by_cell["G10"].message == ('status "In progrss" is not one of "Yet to start", "In progress", '
                                      '"Completed"; did you mean "In progress"?')
    assert by_cell["G10"].severity == "error"
    assert by_cell["G11"].message == 'status "Done" was read as "Completed"; pick "Completed" from the list'
    assert by_cell["G12"].message == ('status "Compleated" looks misspelt and was read as "Completed"; pick '
                                      '"Completed" from the list')
    assert str(by_cell["G10"]).startswith(f'{faulty}: Actions!G10: status "In progrss"')
    assert str(by_cell["G10"]).endswith("[status-unknown]")


def test_formula_and_merge_findings_carry_their_value(master: Callable[[str], Path], tmp_path: Path) -> None:
    faulty = plant_ags_faults(master("ags-action-plan"), tmp_path / "faulty.xlsx")
    by_cell = {p.where.cell: p for p in api.validate(faulty, today=BEFORE_TARGETS).errors}
    assert (by_cell["C17"].value, by_cell["C17"].key, by_cell["C17"].field) == ("=SUM(1,2)", "11", "action")
    assert by_cell["I19"].value == "I19:I20"
    assert by_cell["I18"].value == "@SUM(A1:A3)"


def test_no_schema_and_no_metadata_cannot_run(tmp_path: Path) -> None:
    path = tmp_path / "plain.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "Actions"
    wb.active.append(["Ref", "Planned Action"])
    wb.save(path)
    with pytest.raises(UsageError) as err:
        api.validate(path)
    assert str(err.value) == (f"{path}: does not say which schema it follows (no govsheet metadata); give --schema "
                              "NAME or a schema file")


def test_a_legacy_or_broken_file_cannot_run(tmp_path: Path) -> None:
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    with pytest.raises(WorkbookError, match=r"legacy \.xls"):
        api.validate(path, "ags-action-plan")


# --- a schema with every constraint, on a workbook made from scratch ---------------------------------

CUSTOM_SCHEMA = {
    "name": "custom-tracker",
    "title": "Custom tracker",
    "primaryKey": "ref",
    "owner": "owner",
    "fields": [
        {"name": "ref", "title": "Ref", "constraints": {"required": True, "unique": True}},
        {"name": "owner", "title": "Owner", "type": "person", "constraints": {"required": True}},
        {"name": "score", "title": "Score", "type": "integer", "constraints": {"minimum": 0, "maximum": 10}},
        {"name": "cost", "title": "Cost", "type": "number"},
        {"name": "kind", "title": "Kind", "constraints": {"enum": ["Audit", "Policy", "Training"]}},
        {"name": "code", "title": "Code", "constraints": {"unique": True, "maxLength": 4}},
        {"name": "due", "title": "Due", "type": "date"},
        {"name": "status", "title": "Status", "type": "status", "constraints": {"required": True}},
        {"name": "notes", "title": "Notes", "type": "text"},
    ],
    "statuses": [
        {"code": "open", "label": "Open", "colour": "#FFE699", "icon": "o"},
        {"code": "done", "label": "Done", "colour": "#C6EFCE", "icon": "x", "closed": True},
    ],
    "rules": [
        {"code": "overdue", "kind": "overdue", "date": "due", "status": "status", "severity": "warning",
         "message": "the action is past its due date; update it"},
    ],
}


def custom_workbook(tmp_path: Path, header: list[str], rows: list[list[object]], *,
                    date1904: bool = False) -> tuple[Path, Path]:
    schema = tmp_path / "custom.yaml"
    schema.write_text(yaml.safe_dump(CUSTOM_SCHEMA), encoding="utf-8")
    wb = openpyxl.Workbook()
    if date1904:
        from openpyxl.utils.datetime import CALENDAR_MAC_1904

        wb.epoch = CALENDAR_MAC_1904
    ws = wb.active
    ws.title = "Actions"
    ws.append(header)
    for row in rows:
        ws.append(row)
    path = tmp_path / "custom.xlsx"
    wb.save(path)
    return path, schema


HEADER = ["Ref", "Owner", "Score", "Cost", "Kind", "Code", "Due", "Status", "Notes"]


def test_constraints_of_a_custom_schema(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        ["A1", "Ann", 3, 1.5, "Audit", "X1", dt.date(2021, 3, 31), "Open", None],
        ["A2", "Bob", 11, "lots", "Polcy", "X1", dt.date(2021, 3, 31), "Open", None],
        ["A3", "Cy", "three", 2, "Training", "TOOLONG", dt.date(2021, 3, 31), "Open", None],
        ["A4", "Di", 2.5, 2, "Policy", "X4", dt.date(2021, 3, 31), "Done", None],
    ]
    path, schema = custom_workbook(tmp_path, HEADER, rows)
    report = api.validate(path, schema, today=BEFORE_TARGETS)
    assert found(report) == [
        ("out-of-range", "C3"), ("not-a-number", "D3"), ("enum-invalid", "E3"), ("not-unique", "F3"),
        ("not-an-integer", "C4"), ("too-long", "F4"),
        ("not-an-integer", "C5"),
    ]
    by_cell = {p.where.cell: p for p in report.errors}
    assert by_cell["E3"].message == '"Polcy" is not one of "Audit", "Policy", "Training"; did you mean "Policy"?'
    assert by_cell["C3"].message == '"Score" holds 11, outside 0 to 10; correct it'
    assert by_cell["F3"].message == ('"X1" is already used in row 2; "Code" must be unique, so change one of them')


def test_columns_reordered_missing_and_merged_across_columns(tmp_path: Path) -> None:
    header = ["Ref", "Status", "Score", "Cost", "Kind", "Code", "Due", "Notes"]  # Status moved, Owner gone
    rows: list[list[object]] = [
        ["A1", "Open", 1, 1, "Audit", "C1", dt.date(2021, 3, 31), "a"],
        ["A2", "Open", 2, 2, "Audit", "C2", dt.date(2021, 3, 31), "b"],
    ]
    path, schema = custom_workbook(tmp_path, header, rows)
    wb = openpyxl.load_workbook(path)
    wb["Actions"].merge_cells("D3:E3")
    wb.save(path)
    report = api.validate(path, schema, today=BEFORE_TARGETS)
    assert [(p.code, p.where.cell, p.field) for p in report.errors] == [
        ("column-missing", None, "owner"), ("header-reordered", "B1", "status"),
        ("merged-cells", "D3", "cost"), ("merged-hidden-cell", "E3", "kind"),
    ]
    assert report.errors[0].message == 'the required column "Owner" is missing; add a column headed "Owner"'
    assert report.errors[0].where.row == 1
    # fields are still read by title: no status or type problem from the moved column
    assert report.errors[2].message == "cells D3:E3 are merged; unmerge them so each column holds its own value"


@pytest.mark.parametrize("date1904", [False, True])
def test_dates_read_the_same_in_both_date_systems(tmp_path: Path, date1904: bool) -> None:
    serial = 44286 - (1462 if date1904 else 0)  # 31 March 2021 in each system
    rows: list[list[object]] = [
        ["A1", "Ann", 1, 1, "Audit", "C1", dt.date(2020, 1, 31), "Open", None],
        ["A2", "Bob", 1, 1, "Audit", "C2", serial, "Open", None],
    ]
    path, schema = custom_workbook(tmp_path, HEADER, rows, date1904=date1904)
    report = api.validate(path, schema, today=dt.date(2021, 1, 1))
    assert [(p.code, p.where.cell) for p in report.errors] == [("overdue", "G2"), ("date-as-number", "G3")]
    assert report.errors[0].message.endswith("(due 31 January 2020, checked on 1 January 2021)")
    assert report.errors[1].message == (f'"Due" shows the number "{serial}", read as 31 March 2021; format the '
                                        "cell as a date")


# --- returns: the hidden metadata -----------------------------------------------------------------------

@pytest.fixture
def a_return(master: Callable[[str], Path], tmp_path: Path) -> Path:
    result = api.issue(master("ags-action-plan"), tmp_path / "returns", owners=["Chief Executive"])
    return result.returns[0].path


def test_an_issued_return_is_valid(a_return: Path) -> None:
    report = api.validate(a_return, today=BEFORE_TARGETS, expect="return")
    assert report.errors == ()


def test_altered_return_metadata_is_an_error(a_return: Path) -> None:
    wb = openpyxl.load_workbook(a_return)
    meta = wb["_govsheet"]
    for row in meta.iter_rows(min_row=2):
        if row[0].value == "owner":
            row[1].value = "Someone Else"
    wb.save(a_return)
    report = api.validate(a_return, today=BEFORE_TARGETS, expect="return")
    assert [(p.code, p.where.sheet, p.where.cell) for p in report.errors] == [("meta-altered", "_govsheet", None)]
    assert report.errors[0].message == ("the return's hidden metadata or baseline was altered (its checksum does "
                                        "not match); issue the return again")


def test_a_return_without_its_baseline_or_keys(a_return: Path) -> None:
    wb = openpyxl.load_workbook(a_return)
    del wb["_govsheet_baseline"]
    meta = wb["_govsheet"]
    for row in meta.iter_rows(min_row=2):
        if row[0].value == "return_id":
            row[0].value = None
            row[1].value = None
    wb.save(a_return)
    report = api.validate(a_return, today=BEFORE_TARGETS, expect="return")
    assert [(p.code, p.where.sheet, p.field) for p in report.errors] == [
        ("meta-key-missing", "_govsheet", "return_id"), ("baseline-missing", "_govsheet_baseline", None)]


def test_a_master_or_plain_workbook_given_as_a_return(master: Callable[[str], Path], tmp_path: Path) -> None:
    path = master("ags-action-plan")
    report = api.validate(path, today=BEFORE_TARGETS, expect="return")
    assert found(report) == [("meta-not-return", None)]
    assert report.errors[0].message == ('the workbook is a govsheet "master", not a return; merge only files made '
                                        "by 'govsheet issue'")
    wb = openpyxl.load_workbook(path)
    del wb["_govsheet"]
    plain = tmp_path / "plain.xlsx"
    wb.save(plain)
    report = api.validate(plain, "ags-action-plan", today=BEFORE_TARGETS, expect="return")
    assert found(report) == [("meta-missing", None)]
    assert api.validate(plain, "ags-action-plan", today=BEFORE_TARGETS).errors == ()


def test_checking_against_another_schema_than_the_workbooks_own(master: Callable[[str], Path],
                                                                 tmp_path: Path) -> None:
    from govsheet.schemas import schema_text

    text, _ = schema_text("ags-action-plan")
    other = tmp_path / "other.yaml"
    other.write_text(text.replace("name: ags-action-plan", "name: local-plan"), encoding="utf-8")
    report = api.validate(master("ags-action-plan"), other, today=BEFORE_TARGETS)
    assert [(p.code, p.severity, p.value) for p in report.errors] == [("schema-mismatch", "warning",
                                                                       "ags-action-plan")]
    assert report.schema_name == "local-plan"


def test_sheet_without_the_tracker_sheet_cannot_run(master: Callable[[str], Path], tmp_path: Path) -> None:
    path = master("ags-action-plan")
    wb = openpyxl.load_workbook(path)
    wb["Actions"].title = "Plan"
    renamed = tmp_path / "renamed.xlsx"
    wb.save(renamed)
    with pytest.raises(WorkbookError, match="has no sheet named 'Actions'"):
        api.validate(renamed)


def test_a_return_with_rows_added_removed_and_a_locked_cell_changed(master: Callable[[str], Path],
                                                                     tmp_path: Path) -> None:
    issued = api.issue(master("ags-action-plan"), tmp_path / "returns", owners=["Group Manager Assurance"])
    path = issued.returns[0].path
    wb = openpyxl.load_workbook(path)
    ws = wb["Actions"]
    assert [ws[f"A{r}"].value for r in range(2, 18)] == ["1", "1a", "1b", "1c", "1d", "1e", "3", "8", "9", "10",
                                                         "11", "13", "14", "15", "15a", "15b"]
    ws["D9"] = "Someone Else"  # the officer is locked in returns
    ws.delete_rows(10)  # ref 9
    ws.append(["99", None, "A new action", "Group Manager Assurance", "March 2021", dt.date(2021, 3, 31),
               "In progress", None, "Started"])
    wb.save(path)
    report = api.validate(path, today=BEFORE_TARGETS, expect="return")
    assert [(p.code, p.where.cell, p.key) for p in report.errors] == [
        ("row-missing", None, "9"), ("locked-cell-edited", "D9", "8"), ("row-not-issued", "A17", "99")]
    assert report.errors[1].message == ('"Officer responsible" was "Group Manager – Assurance" when issued and may '
                                        "not be changed in a return; put it back and ask the governance team to "
                                        "change it")


def test_a_repeated_column_is_named_and_only_the_first_is_read(master: Callable[[str], Path]) -> None:
    path = master("ags-action-plan")
    wb = openpyxl.load_workbook(path)
    wb["Actions"]["J1"] = "Progress Status"
    wb["Actions"]["J10"] = "Nonsense"
    wb.save(path)
    report = api.validate(path, today=BEFORE_TARGETS)
    assert [(p.code, p.where.cell, p.field) for p in report.errors] == [("column-duplicate", "J1", "status")]
    assert report.errors[0].message == ('the column "Progress Status" repeats column G ("Progress status"); only '
                                        "column G is read, so move anything you need into it and delete this one")


def test_a_return_that_lost_its_metadata_is_still_recognised(a_return: Path) -> None:
    """The baseline sheet marks a return even when the caller did not say it expects one."""
    wb = openpyxl.load_workbook(a_return)
    del wb["_govsheet"]
    wb.save(a_return)
    report = api.validate(a_return, "ags-action-plan", today=BEFORE_TARGETS)
    assert [(p.code, p.where.sheet) for p in report.errors] == [("meta-missing", "_govsheet")]


def test_a_return_whose_kind_was_removed(a_return: Path) -> None:
    wb = openpyxl.load_workbook(a_return)
    for row in wb["_govsheet"].iter_rows(min_row=2):
        if row[0].value == "kind":
            row[0].value = row[1].value = None
    wb.save(a_return)
    report = api.validate(a_return, today=BEFORE_TARGETS)
    assert [(p.code, p.field) for p in report.errors] == [("meta-altered", None), ("meta-key-missing", "kind")]


def test_a_masters_audit_trail_must_be_intact(master: Callable[[str], Path], tmp_path: Path) -> None:
    path = master("ags-action-plan")
    issued = api.issue(path, tmp_path / "returns", owners=["Chief Executive"])
    ret = issued.returns[0].path
    wb = openpyxl.load_workbook(ret)
    wb["Actions"]["I2"] = "Internal Audit's review is complete."
    wb.save(ret)
    api.merge(path, [ret])
    assert api.validate(path, today=BEFORE_TARGETS).errors == ()
    wb = openpyxl.load_workbook(path)
    assert wb["Audit"]["E2"].value == "2"
    wb["Audit"]["H2"] = "something else"
    wb.save(path)
    report = api.validate(path, today=BEFORE_TARGETS)
    assert [(p.code, p.where.sheet, p.where.cell) for p in report.errors] == [("audit-tampered", "Audit", "M2")]
    assert report.errors[0].message == ("the audit row 2 does not match its hash: it was changed, or a row before "
                                        "it was inserted, deleted or changed; restore the master from its backup")
    del wb["Audit"]
    wb.save(path)
    assert [p.code for p in api.validate(path, today=BEFORE_TARGETS).errors] == ["audit-missing"]
