"""govsheet's own sheets stay very hidden: validate warns when they are not, the next write hides them again."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from govsheet import api
from govsheet.audit import read_audit, verify
from tests.conftest import libreoffice_convert
from tests.merge.conftest import Cycle


def states(path: Path) -> dict[str, str]:
    return {ws.title: ws.sheet_state for ws in openpyxl.load_workbook(path).worksheets}


@pytest.mark.parametrize("state", ["hidden", "visible"])
def test_validate_warns_and_the_next_edit_hides_the_metadata_again(cycle: Cycle, state: str) -> None:
    wb = openpyxl.load_workbook(cycle.master)
    wb["_govsheet"].sheet_state = state
    wb.save(cycle.master)
    report = api.validate(cycle.master)
    found = [(p.code, p.severity, p.where.sheet) for p in report.errors if p.code == "meta-not-very-hidden"]
    assert found == [("meta-not-very-hidden", "warning", "_govsheet")]
    api.edit(cycle.master, ["Actions!I2:=Checked"], by="Jo")
    assert states(cycle.master)["_govsheet"] == "veryHidden"
    assert [p.code for p in api.validate(cycle.master).errors if p.code == "meta-not-very-hidden"] == []
    rows = read_audit(cycle.master)
    assert [r[3:10] for r in rows] == [
        ["", "", "_govsheet", state, "veryHidden", "re-hidden",
         f"govsheet's metadata sheet _govsheet was {state}, which anyone can open from the sheet tabs; "
         "made very hidden again"],
        ["Jo", "1", "progress", "Reporting monthly", "Checked", "edited", "set with govsheet edit"]]
    assert verify(rows).ok
    api.edit(cycle.master, ["Actions!I2:=Checked again"], by="Jo")
    assert [r[8] for r in read_audit(cycle.master)] == ["re-hidden", "edited", "edited"]  # hidden once, said once


def test_roll_hides_the_metadata_again_in_the_new_master_and_says_so(cycle: Cycle, tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(cycle.master)
    wb["_govsheet"].sheet_state = "visible"
    wb.save(cycle.master)
    nxt = tmp_path / "next.xlsx"
    api.roll(cycle.master, "2021/22 Q1", nxt)
    assert states(nxt)["_govsheet"] == "veryHidden"
    assert [r[5:9] for r in read_audit(nxt) if r[8] == "re-hidden"] == [["_govsheet", "visible", "veryHidden",
                                                                       "re-hidden"]]
    assert verify(read_audit(nxt)).ok


@pytest.mark.libreoffice
def test_a_libreoffice_resave_is_caught_and_undone_by_the_next_merge(cycle: Cycle, tmp_path: Path) -> None:
    converted = libreoffice_convert(cycle.master, "xlsx", tmp_path / "lo")
    lo_state = states(converted)["_govsheet"]
    assert lo_state in {"hidden", "veryHidden"}
    converted.replace(cycle.master)
    codes = [p.code for p in api.validate(cycle.master).errors]
    assert ("meta-not-very-hidden" in codes) == (lo_state != "veryHidden")
    from tests.returns.helpers import edit

    edit(cycle.returns["Chief Executive"], {("2", "Progress update"): "After the re-save"})
    assert api.merge(cycle.master, [cycle.returns["Chief Executive"]]).exit_code == 0
    assert states(cycle.master)["_govsheet"] == "veryHidden"
    rows = read_audit(cycle.master)
    hidden = [[r[5], r[6], r[7]] for r in rows if r[8] == "re-hidden"]
    assert hidden == ([["_govsheet", lo_state, "veryHidden"]] if lo_state != "veryHidden" else [])
    assert [r[8] for r in rows if r[8] != "re-hidden"] == ["applied"]
    assert verify(rows).ok
