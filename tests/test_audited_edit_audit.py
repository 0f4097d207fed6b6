"""``govsheet edit`` on a master leaves one chained Audit row per cell changed; elsewhere it is unchanged."""

from __future__ import annotations

import getpass
import json
from pathlib import Path

import openpyxl
import pytest

from govsheet.audit import read_audit, verify
from tests.cli.helpers import invoke
from tests.merge.conftest import Cycle
from tests.returns.helpers import actions_values


def test_edit_on_a_master_is_audited_cell_by_cell(cycle: Cycle, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = invoke(["edit", str(cycle.master), "--set", "Actions!G3=Completed", "--set",
                             "Actions!I3=Closed at committee", "--set", "Actions!G4=In progress",
                             "--reason", "agreed at committee 3 May", "--by", "Jo Bloggs"], capsys)
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == 'Actions!G3: "Yet to start" -> "Completed"'
    rows = read_audit(cycle.master)
    assert [r[4:10] for r in rows] == [
        ["2", "status", "Yet to start", "Completed", "edited", "agreed at committee 3 May"],
        ["2", "progress", "", "Closed at committee", "edited", "agreed at committee 3 May"],
        # G4 already said "In progress": nothing changed, so no row
    ]
    assert [r[1:4] for r in rows] == [["2020/21 Q3", "", "Jo Bloggs"]] * 2
    assert rows[0][10] == "master.xlsx"
    assert verify(rows).ok
    assert actions_values(cycle.master)["2"]["status"] == "Completed"
    code, out, _ = invoke(["audit", str(cycle.master)], capsys)
    assert (code, out) == (0, f"{cycle.master}: the audit chain of 2 rows is intact\n")
    code, out, _ = invoke(["audit", str(cycle.master), "--verify", "--format", "json"], capsys)
    assert code == 0
    report = json.loads(out)
    assert report == {"master": str(cycle.master), "ok": True, "rows": 2, "bad_row": None,
                      "message": "the audit chain of 2 rows is intact", "outside": [],
                      "outside_since": report["outside_since"]}
    assert report["outside_since"] == rows[0][0]  # recorded by the edit


def test_edit_without_by_records_the_user_and_a_default_reason(cycle: Cycle,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    code, _, _ = invoke(["edit", str(cycle.master), "--set", "Actions!I2=Monthly"], capsys)
    assert code == 0
    (row,) = read_audit(cycle.master)
    assert row[3:10] == [getpass.getuser(), "1", "progress", "Reporting monthly", "Monthly", "edited",
                         "set with govsheet edit"]


def test_a_tampered_audit_row_fails_audit_with_exit_1(cycle: Cycle, capsys: pytest.CaptureFixture[str]) -> None:
    invoke(["edit", str(cycle.master), "--set", "Actions!I2=Monthly"], capsys)
    wb = openpyxl.load_workbook(cycle.master)
    wb["Audit"]["H2"] = "Something else"
    wb.save(cycle.master)
    code, out, _ = invoke(["audit", str(cycle.master), "--format", "json"], capsys)
    assert code == 1
    assert json.loads(out)["bad_row"] == 2


def test_edit_on_a_workbook_that_is_no_master_adds_no_audit_sheet(tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    plain = tmp_path / "plain.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "Sheet1"
    wb.active["A1"] = "x"
    wb.save(plain)
    code, out, _ = invoke(["edit", str(plain), "--set", "Sheet1!A1=y"], capsys)
    assert (code, out) == (0, f'Sheet1!A1: "x" -> "y"\nwrote {plain}\n')
    assert openpyxl.load_workbook(plain).sheetnames == ["Sheet1"]
