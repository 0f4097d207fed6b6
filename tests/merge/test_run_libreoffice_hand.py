"""Cells changed by a person in LibreOffice itself (UNO, headless), then merged: the Audit sheet tells it in order."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from govsheet import api
from govsheet.audit import read_audit, verify
from tests.conftest import run_bounded, soffice_path
from tests.merge.conftest import Cycle
from tests.returns.helpers import actions_values, edit

CE = "Chief Executive"
UNO_PYTHON = "/usr/bin/python3"  # the Python LibreOffice's uno module is installed for


def libreoffice_edit(src: Path, dst: Path, edits: dict[str, str], profile: Path) -> Path:
    """Open ``src`` in LibreOffice, type each text into its cell, save as xlsx to ``dst``."""
    soffice = soffice_path()
    assert soffice
    probe = subprocess.run([UNO_PYTHON, "-c", "import uno"], capture_output=True, check=False, timeout=60)
    if probe.returncode != 0:
        pytest.skip(f"{UNO_PYTHON} has no LibreOffice uno module: install python3-uno")
    run_bounded([UNO_PYTHON, str(Path(__file__).with_name("uno_edit.py")), soffice, str(profile), str(src), str(dst),
                 *(f"{cell}={text}" for cell, text in edits.items())], timeout=240)
    return dst


def cell_of(path: Path, ref: str, title: str) -> str:
    """The Actions cell of an action's field, e.g. ``I3``, found by its Ref and column title."""
    ws = openpyxl.load_workbook(path)["Actions"]
    column = next(c.column_letter for c in ws[1] if c.value == title)
    row = next(r[0].row for r in ws.iter_rows(min_row=2) if str(r[0].value) == ref)
    return f"Actions!{column}{row}"


@pytest.mark.libreoffice
def test_a_master_edited_by_hand_in_libreoffice_then_merged_audits_the_hand_edits_first(
        cycle: Cycle, tmp_path: Path) -> None:
    edited = libreoffice_edit(cycle.master, tmp_path / "edited.xlsx",
                              {"Actions!G4": "Completed", "Actions!I5": "Edited in LibreOffice"}, tmp_path / "lo")
    shutil.copyfile(edited, cycle.master)
    edit(cycle.returns[CE], {("2", "Progress update"): "Chief's update"})
    report = api.merge(cycle.master, [cycle.returns[CE]])
    assert report.exit_code == 0
    rows = read_audit(cycle.master)
    assert [r[4:9] for r in rows if r[8] != "re-hidden"] == [
        ["3", "status", "In progress", "Completed", "outside-govsheet"],
        ["4", "progress", "Done in May", "Edited in LibreOffice", "outside-govsheet"],
        ["2", "progress", "", "Chief's update", "applied"],
    ]
    assert [r[8] for r in rows][-1] == "applied"  # the hand edits (and a re-hiding, if any) come first
    assert verify(rows).ok
    assert actions_values(cycle.master)["3"]["status"] == "Completed"
    assert api.outside_changes(cycle.master)[1] == []


@pytest.mark.libreoffice
def test_a_corrected_resubmission_saved_by_libreoffice_supersedes_the_first_copy(cycle: Cycle, tmp_path: Path) -> None:
    first = edit(cycle.returns[CE], {("2", "Progress update"): "First words"})
    assert api.merge(cycle.master, [first]).exit_code == 0
    corrected = libreoffice_edit(first, tmp_path / "corrected.xlsx",
                                 {cell_of(first, "2", "Progress update"): "Corrected in LibreOffice"}, tmp_path / "lo")
    report = api.merge(cycle.master, [corrected])
    assert (report.returns[0].status, report.exit_code) == ("merged", 0)
    assert [(c.key, c.field, c.old, c.new, c.outcome) for c in report.changes] == [
        ("2", "progress", "First words", "Corrected in LibreOffice", "applied")]
    assert report.changes[0].reason.startswith("resubmitted")
    assert actions_values(cycle.master)["2"]["progress"] == "Corrected in LibreOffice"
    assert verify(read_audit(cycle.master)).ok
