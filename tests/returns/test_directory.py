"""The Owners sheet: written by import, corrected by the team in Excel, followed by issue and merge."""

from __future__ import annotations

from pathlib import Path

from python_calamine import CalamineWorkbook

from govsheet import api
from govsheet.returns.directory import read_directory
from govsheet.workbook.layout import OWNERS_SHEET
from tests.returns.helpers import edit

SEED = Path(__file__).resolve().parents[2] / "src" / "govsheet" / "seeds" / "ags-action-plan.txt"
JOINT_14 = ("Group Manager – Assurance and Service Directors/Group managers with responsibility for social care "
            "services")


def _master(tmp_path: Path) -> Path:
    path = tmp_path / "master.xlsx"
    api.import_tracker(SEED, "ags-action-plan", path)
    return path


def test_import_writes_one_row_per_owner_with_every_spelling(tmp_path: Path) -> None:
    path = _master(tmp_path)
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(OWNERS_SHEET).to_python()
    assert rows[0] == ["Owner", "Also written as", "E-mail", "Department", "Notes"]
    assert [r[0] for r in rows[1:]] == [
        "Group Manager Assurance", "Chief Executive", "Service Director – Customers, Governance and Employees",
        "Group Manager – Legal, Democratic & Complaints", "Group Manager – Finance Strategy & Compliance",
        "Corporate Leadership Team", "Group Manager Transformation & Change",
        "Service Directors/Group managers with responsibility for social care services",
        "Corporate Director - Place", "Corporate Director – Adults Social Care and Health",
        "Service Director – Finance, Infrastructure & Improvement", "Corporate Director Children's & Families",
        "Group Manager - ICT"]
    assert rows[1][1].split("\n") == [
        "Group Manager Assurance to monitor and report compliance with agreed progress reporting",
        "Group Manager Assurance", "Group Manager – Assurance",
        "Group Manager – Assurance to arrange for completion of an independent review",
        "Group Manager Assurance and Group Manager Transformation & Change to prepare a joint report to the "
        "Improvement & Change Sub-Committee",
        JOINT_14]
    assert rows[8][1] == JOINT_14


def test_issue_and_merge_follow_the_sheet_as_the_team_corrected_it(tmp_path: Path) -> None:
    """The team gives row 14's second half to the Chief Executive: issue and merge follow the sheet."""
    path = _master(tmp_path)
    api.edit(path, ["Owners!A9=", "Owners!B9=", f"Owners!B3=Chief Executive\n{JOINT_14}",
                    "Owners!C3=ce@example.gov.uk"])
    book = CalamineWorkbook.from_path(str(path))
    directory = read_directory(book)
    assert directory is not None
    assert directory.owners_of(JOINT_14) == ["Group Manager Assurance", "Chief Executive"]
    assert directory.owner("chief executive").email == "ce@example.gov.uk"  # type: ignore[union-attr]
    result = api.issue(path, tmp_path / "r")
    by_owner = {r.owner: r for r in result.returns}
    assert len(result.returns) == 12
    assert by_owner["Chief Executive"].rows == 2
    edit(by_owner["Chief Executive"].path, {("14", "Progress update"): "Agreed with social care"})
    report = api.merge(path, [by_owner["Chief Executive"].path])
    assert [(c.key, c.field, c.outcome) for c in report.changes] == [("14", "progress", "applied")]
