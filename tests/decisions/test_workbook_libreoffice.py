"""A decisions workbook filled in with LibreOffice (through UNO, as a person would) and resolved."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest

from govsheet import api
from govsheet.audit import read_audit
from tests.conftest import run_bounded, soffice_path
from tests.returns.helpers import actions_values, edit, make_master

SCRIPT = Path(__file__).with_name("uno_fill.py")
CE = "Chief Executive"


def uno_python() -> str:
    """The Python that has LibreOffice's uno module (Debian's python3-uno is for the system Python)."""
    for candidate in ("/usr/bin/python3", shutil.which("python3") or ""):
        if candidate and subprocess.run([candidate, "-c", "import uno"], capture_output=True, check=False).returncode == 0:
            return candidate
    pytest.fail("LibreOffice's Python bridge is missing: install python3-uno (apt-get install python3-uno)")


@pytest.mark.libreoffice
def test_decisions_chosen_from_the_dropdown_in_libreoffice_are_resolved(tmp_path: Path) -> None:
    master = make_master(tmp_path / "master.xlsx")
    issued = api.issue(master, tmp_path / "returns")
    ceo = next(Path(r.path) for r in issued.returns if r.owner == CE)
    edit(ceo, {("2", "Progress update"): "Started in June", ("5", "Proposed target"): "September 2021",
               ("5", "Reason for new target"): "Waiting for the audit"})
    api.edit(master, ["Actions!I3=Team note from May"])
    decisions = tmp_path / "decisions.xlsx"
    report = api.merge(master, [ceo], decisions=decisions)
    return_id = report.returns[0].return_id
    filled = tmp_path / "filled.xlsx"
    soffice = soffice_path()
    assert soffice
    done = run_bounded([uno_python(), str(SCRIPT), soffice, str(tmp_path / "lo-profile"), str(decisions),
                        str(filled), "2|2|Agreed wording|from CLT|A. Lead", "3|0||approved at CLT|J. Clerk"],
                       timeout=240)
    # what LibreOffice offered in each Decision dropdown
    assert done.stdout.decode().splitlines() == [
        "Keep the master|Take the officer's|Another value",
        "Approve the new target|Keep the current target|Another value",
    ]
    before = len(read_audit(master))
    resolved = api.resolve(master, filled)
    assert [(r.id, r.outcome) for r in resolved.rows] == [("D1", "applied"), ("D2", "applied")]
    today = dt.datetime.now(dt.UTC).date()
    line = f"March 2021 → September 2021, approved {today.day} {today:%B %Y} by J. Clerk: Waiting for the audit"
    rows = read_audit(master)
    assert len(rows) == before + 2
    assert [r[2:11] for r in rows[-2:]] == [
        [return_id, "A. Lead", "2", "progress", "Team note from May", "Agreed wording", "decided",
         "another value (D1); note: from CLT", filled.name],
        [return_id, "J. Clerk", "5", "target", "March 2021", "September 2021", "decided",
         f"extension request: approve the new target (D2); note: approved at CLT; target history: {line}", filled.name],
    ]
    values = actions_values(master)
    assert values["2"]["progress"] == "Agreed wording"
    assert (values["5"]["target"], values["5"]["target_date"], values["5"]["original_target"],
            values["5"]["target_revisions"]) == ("September 2021", dt.date(2021, 9, 30), "March 2021", line)
    assert api.verify_audit(master).ok
    again = api.resolve(master, filled)
    assert [r.outcome for r in again.rows] == ["already-decided", "already-decided"]
