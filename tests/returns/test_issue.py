"""govsheet issue: one locked-down, self-describing return per owner."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from govsheet import api
from govsheet.errors import UsageError
from govsheet.workbook.layout import BASELINE_SHEET
from govsheet.workbook.meta import META_SHEET
from tests.returns.helpers import make_master


@pytest.fixture
def small_master(tmp_path: Path) -> Path:
    return make_master(tmp_path / "master.xlsx")


def test_issue_writes_one_return_per_owner_with_only_their_rows(small_master: Path, tmp_path: Path) -> None:
    result = api.issue(small_master, tmp_path / "returns", due=dt.date(2021, 1, 29))
    got = {r.path.name: (r.owner, r.rows) for r in result.returns}
    assert got == {
        "group-manager-assurance.xlsx": ("Group Manager – Assurance", 2),
        "chief-executive.xlsx": ("Chief Executive", 3),
        "service-director-customers-governance-and-employees.xlsx":
            ("Service Director – Customers, Governance and Employees", 1),
    }
    book = CalamineWorkbook.from_path(str(tmp_path / "returns" / "chief-executive.xlsx"))
    assert book.sheet_names == ["Instructions", "Actions", META_SHEET, BASELINE_SHEET]
    rows = book.get_sheet_by_name("Actions").to_python()
    assert [r[0] for r in rows] == ["Ref", "2", "3", "5"]
    assert rows[0][-1] == "Check"


def test_return_locks_all_but_editable_fields_and_protects_the_sheet(small_master: Path, tmp_path: Path) -> None:
    result = api.issue(small_master, tmp_path / "r", owners=["chief executive"])
    assert [r.owner for r in result.returns] == ["Chief Executive"]
    wb = openpyxl.load_workbook(result.returns[0].path)
    ws = wb["Actions"]
    assert ws.protection.sheet is True
    assert ws.protection.autoFilter is False  # False = not protected: officers may filter
    titles = [c.value for c in ws[1]]
    unlocked = {titles[c.column - 1] for c in ws[2] if c.protection.locked is False}
    assert unlocked == {"Progress status", "Progress update", "Proposed target", "Reason for new target"}
    assert wb[META_SHEET].sheet_state == "veryHidden"
    assert wb[BASELINE_SHEET].sheet_state == "veryHidden"
    assert wb["Instructions"].protection.sheet is True


def test_return_has_status_dropdown_with_input_message(small_master: Path, tmp_path: Path) -> None:
    path = api.issue(small_master, tmp_path / "r", owners=["Chief Executive"]).returns[0].path
    ws = openpyxl.load_workbook(path)["Actions"]
    (dv,) = ws.data_validations.dataValidation
    assert dv.type == "list"
    assert dv.formula1 == '"Yet to start,In progress,Completed"'
    assert str(dv.sqref) == "G2:G4"
    assert dv.promptTitle == "Progress status"
    assert dv.prompt == "Pick one: Yet to start, In progress, Completed"


def test_check_column_flags_completed_without_progress(small_master: Path, tmp_path: Path) -> None:
    path = api.issue(small_master, tmp_path / "r", owners=["Chief Executive"]).returns[0].path
    ws = openpyxl.load_workbook(path)["Actions"]
    assert ws["N2"].value == ('=IF(AND(OR(TRIM(G2)="Completed"),LEN(TRIM(I2))=0),'
                              '"an action marked completed needs a progress note saying what was done. ","")')
    rules = [r.formula for cf in ws.conditional_formatting for r in cf.rules if cf.sqref == "N2:N4"]
    assert rules == [["LEN(N2)>0"]]


def test_instructions_say_what_by_when_and_whom_to_ask(small_master: Path, tmp_path: Path) -> None:
    path = api.issue(small_master, tmp_path / "r", owners=["Chief Executive"], due=dt.date(2021, 1, 29),
                     contact="assurance@example.gov.uk").returns[0].path
    rows = {r[0]: r[1] for r in CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Instructions").to_python()
            if r[0]}
    assert rows["Please return by"] == "29 January 2021 (Friday)"
    assert rows["What to fill in"].endswith("Progress status, Progress update, Proposed target, Reason for new "
                                            "target. Every other cell is locked.")
    assert rows["Questions"] == "Ask assurance@example.gov.uk."
    assert rows["Progress status"] == "Pick from the dropdown: ○ Yet to start; ◐ In progress; ● Completed"


def test_unknown_owner_is_a_usage_error(small_master: Path, tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no row belongs to 'Mayor'"):
        api.issue(small_master, tmp_path / "r", owners=["Mayor"])


def test_seed_000_gives_each_post_one_return_and_joint_rows_to_each_owner(master: Callable[[str], Path],
                                                                          tmp_path: Path) -> None:
    """The Assurance manager is written five ways (dashes, task text, joint rows): one owner, one return."""
    path = master("ags-action-plan")
    result = api.issue(path, tmp_path / "r")
    by_file = {r.path.name: (r.owner, r.rows) for r in result.returns}
    assert by_file == {
        "group-manager-assurance.xlsx": ("Group Manager Assurance", 16),
        "chief-executive.xlsx": ("Chief Executive", 1),
        "service-director-customers-governance-and-employees.xlsx":
            ("Service Director – Customers, Governance and Employees", 1),
        "group-manager-legal-democratic-complaints.xlsx": ("Group Manager – Legal, Democratic & Complaints", 2),
        "group-manager-finance-strategy-compliance.xlsx": ("Group Manager – Finance Strategy & Compliance", 1),
        "corporate-leadership-team.xlsx": ("Corporate Leadership Team", 1),
        "group-manager-transformation-change.xlsx": ("Group Manager Transformation & Change", 1),
        "service-directors-group-managers-with-responsibility-for.xlsx":
            ("Service Directors/Group managers with responsibility for social care services", 1),
        "corporate-director-place.xlsx": ("Corporate Director - Place", 1),
        "corporate-director-adults-social-care-and-health.xlsx":
            ("Corporate Director – Adults Social Care and Health", 1),
        "service-director-finance-infrastructure-improvement.xlsx":
            ("Service Director – Finance, Infrastructure & Improvement", 3),
        "corporate-director-children-s-families.xlsx": ("Corporate Director Children's & Families", 1),
        "group-manager-ict.xlsx": ("Group Manager - ICT", 1),
    }
    def refs(name: str) -> list[str]:
        rows = CalamineWorkbook.from_path(str(tmp_path / "r" / name)).get_sheet_by_name("Actions").to_python()
        return [str(r[0]) for r in rows[1:]]

    assert refs("group-manager-assurance.xlsx") == ["1", "1a", "1b", "1c", "1d", "1e", "3", "8", "9", "10", "11",
                                                    "13", "14", "15", "15a", "15b"]
    assert refs("group-manager-transformation-change.xlsx") == ["13"]
    assert refs("service-director-finance-infrastructure-improvement.xlsx") == ["18", "19", "21"]


def test_seed_004_gives_each_person_one_return(master: Callable[[str], Path], tmp_path: Path) -> None:
    result = api.issue(master("governance-review"), tmp_path / "r")
    assert {r.owner: r.rows for r in result.returns} == {
        "Audrey Kingham": 6, "Simon Neilson": 1, "Jan Willis": 2, "Monitoring Officer": 2}


def test_a_long_owner_gets_a_file_and_id_cut_at_a_word(master: Callable[[str], Path], tmp_path: Path) -> None:
    result = api.issue(master("ags-action-plan"), tmp_path / "r")
    long_one = next(r for r in result.returns if r.owner.startswith("Service Director – Customers"))
    assert long_one.path.name == "service-director-customers-governance-and-employees.xlsx"
    assert long_one.return_id.rsplit("-", 1)[0].endswith("-service-director") or \
        long_one.return_id.rsplit("-", 1)[0] == "service-director"
