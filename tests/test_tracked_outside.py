"""Changes made to a master by hand are caught: audited (outcome outside-govsheet) before the next write's own."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import openpyxl
import pytest

from govsheet import api
from govsheet.audit import read_audit, verify
from govsheet.tracked import PREFIX
from govsheet.workbook.meta import read_meta
from tests.cli.helpers import invoke
from tests.conftest import libreoffice_convert
from tests.merge.conftest import Cycle
from tests.returns.helpers import actions_values, edit

CE = "Chief Executive"


def hand_edit(master: Path) -> None:
    """Someone changes two cells and deletes a row in Excel (openpyxl here), outside govsheet."""
    edit(master, {("1", "Progress status"): "Completed", ("4", "Progress update"): "Done in June"})
    wb = openpyxl.load_workbook(master)
    wb["Actions"].delete_rows(6)  # ref 5
    wb.save(master)


def test_a_new_master_records_its_tracked_values_and_reports_no_change(
        master: object, capsys: pytest.CaptureFixture[str]) -> None:
    path = master("governance-review")  # type: ignore[operator]
    meta = read_meta(path)
    assert meta is not None
    assert f"{PREFIX}1" in meta
    assert meta["tracked_at"]
    code, out, _ = invoke(["audit", str(path)], capsys)
    assert (code, out) == (0, f"{path}: the audit chain of 0 rows is intact\n")


def test_hand_edits_are_audited_before_the_merge_which_builds_on_them(cycle: Cycle,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    since = (read_meta(cycle.master) or {})["tracked_at"]
    hand_edit(cycle.master)
    code, out, _ = invoke(["audit", str(cycle.master)], capsys)
    assert code == 0
    assert out.splitlines()[1:] == [
        f"{cycle.master}: 3 changes made outside govsheet since {since}:",
        "  1 status: 'In progress' -> 'Completed'",
        "  4 progress: 'Done in May' -> 'Done in June'",
        "  row 5 removed",
    ]
    code, out, _ = invoke(["audit", str(cycle.master), "--format", "json"], capsys)
    assert json.loads(out)["outside"][0] == {"ref": "1", "field": "status", "old": "In progress", "new": "Completed"}

    edit(cycle.returns[CE], {("2", "Progress update"): "Chief's update"})
    report = api.merge(cycle.master, [cycle.returns[CE]])
    assert report.exit_code == 0
    rows = read_audit(cycle.master)
    assert [r[4:9] for r in rows[:3]] == [
        ["1", "status", "In progress", "Completed", "outside-govsheet"],
        ["4", "progress", "Done in May", "Done in June", "outside-govsheet"],
        ["5", "", "5; Action 5; Chief Executive; March 2021; In progress; =SUM(1,2)", "", "outside-govsheet"],
    ]
    assert rows[0][9] == f"changed outside govsheet since {since}; found {rows[0][0]}"
    assert rows[3][4:9] == ["2", "progress", "", "Chief's update", "applied"]
    assert verify(rows).ok
    assert actions_values(cycle.master)["1"]["status"] == "Completed"  # the merge built on the hand edit
    # recorded again: the next command finds nothing new
    code, out, _ = invoke(["audit", str(cycle.master)], capsys)
    assert out == f"{cycle.master}: the audit chain of {len(rows)} rows is intact\n"


def test_hand_edits_are_audited_before_an_edit(cycle: Cycle, capsys: pytest.CaptureFixture[str]) -> None:
    edit(cycle.master, {("1", "Progress update"): "By hand"})
    code, _, _ = invoke(["edit", str(cycle.master), "--set", "Actions!I3=Through govsheet", "--by", "Jo"], capsys)
    assert code == 0
    rows = read_audit(cycle.master)
    assert [r[3:9] for r in rows] == [["", "1", "progress", "Reporting monthly", "By hand", "outside-govsheet"],
                                      ["Jo", "2", "progress", "", "Through govsheet", "edited"]]
    code, out, _ = invoke(["audit", str(cycle.master)], capsys)
    assert out == f"{cycle.master}: the audit chain of 2 rows is intact\n"


def test_hand_edits_are_audited_by_roll(cycle: Cycle, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(cycle.master, {("1", "Progress update"): "By hand"})
    nxt = tmp_path / "next.xlsx"
    code, _, err = invoke(["roll", str(cycle.master), "--round", "2021/22 Q1", "-o", str(nxt)], capsys)
    assert (code, err) == (0, "")
    rows = read_audit(nxt)
    assert rows[0][4:9] == ["1", "progress", "Reporting monthly", "By hand", "outside-govsheet"]
    assert [r[8] for r in rows[1:]] == ["archived", "rolled"]
    code, out, _ = invoke(["audit", str(nxt)], capsys)
    assert out == f"{nxt}: the audit chain of 3 rows is intact\n"


@pytest.mark.libreoffice
def test_a_master_changed_and_resaved_by_libreoffice_is_audited_then_merged(cycle: Cycle, tmp_path: Path) -> None:
    edit(cycle.master, {("3", "Progress status"): "Completed"})
    converted = libreoffice_convert(cycle.master, "xlsx", tmp_path / "lo")
    shutil.copyfile(converted, cycle.master)
    edit(cycle.returns[CE], {("2", "Progress update"): "Chief's update"})
    report = api.merge(cycle.master, [cycle.returns[CE]])
    assert report.exit_code == 0
    rows = read_audit(cycle.master)
    assert rows[0][4:9] == ["3", "status", "In progress", "Completed", "outside-govsheet"]
    # the re-save left the metadata sheet merely hidden: restored, and audited, before the merge's own row
    assert [r[5:9] for r in rows[1:]] == [["_govsheet", "hidden", "veryHidden", "re-hidden"],
                                          ["progress", "", "Chief's update", "applied"]]
    assert verify(rows).ok
