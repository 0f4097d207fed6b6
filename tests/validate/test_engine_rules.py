"""Each rule of the validator, on real workbooks: the seed masters and copies with planted faults."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from govsheet import api
from govsheet.errors import UsageError, WorkbookError
from govsheet.validate.report import ValidationReport
from tests.validate.custom import HEADER, custom_workbook

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
