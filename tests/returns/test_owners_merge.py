"""Each owner of a joint row may edit it; a sub-item's edits come back with its parent's owner."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from govsheet import api
from tests.returns.helpers import actions_values, edit


def test_both_owners_of_a_joint_row_have_their_edits_merged(master: Callable[[str], Path], tmp_path: Path) -> None:
    path = master("ags-action-plan")
    result = api.issue(path, tmp_path / "r")
    by_owner = {r.owner: r.path for r in result.returns}
    edit(by_owner["Group Manager Transformation & Change"], {("13", "Progress update"): "Joint report drafted"})
    edit(by_owner["Group Manager Assurance"], {("13", "Progress status"): "Completed",
                                              ("1b", "Progress status"): "Completed",
                                              ("1b", "Progress update"): "Done"})
    report = api.merge(path, [by_owner["Group Manager Transformation & Change"],
                              by_owner["Group Manager Assurance"]])
    assert sorted((c.key, c.field, c.outcome) for c in report.changes) == [
        ("13", "progress", "applied"), ("13", "status", "applied"),
        ("1b", "progress", "applied"), ("1b", "status", "applied")]
    rows = actions_values(path)
    assert (rows["13"]["status"], rows["13"]["progress"]) == ("Completed", "Joint report drafted")
    assert rows["1b"]["status"] == "Completed"


def test_an_owner_cannot_edit_a_row_of_another_owner(master: Callable[[str], Path], tmp_path: Path) -> None:
    path = master("ags-action-plan")
    result = api.issue(path, tmp_path / "r", owners=["Group Manager Transformation & Change"])
    ret = result.returns[0].path
    edit(ret, {("13", "Progress status"): "Completed", ("13", "Progress update"): "Done"})
    from openpyxl import load_workbook

    wb = load_workbook(ret)
    wb["Actions"]["A2"].value = "12"  # the officer retypes the reference of another owner's row
    wb.save(ret)
    report = api.merge(path, [ret], dry_run=True)
    outcomes = {(c.key, c.outcome) for c in report.changes}
    assert ("12", "rejected") in outcomes
    reasons = [c.reason for c in report.changes if c.key == "12"]
    assert reasons == ["the row belongs to 'Corporate Leadership Team', not to this return's owner; not merged"]
