"""The decisions tests' round: a merge that left one conflict and one rejected edit, and the team's answers."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from govsheet import api
from govsheet.decisions.workbook import DECISIONS_SHEET
from tests.returns.helpers import edit, make_master


@dataclass
class Round:
    master: Path
    decisions: Path
    tmp: Path


@pytest.fixture
def merged(tmp_path: Path) -> Round:
    """A merge that left one conflict (progress of action 2) and one rejected edit (its locked action text)."""
    master = make_master(tmp_path / "master.xlsx")
    issued = api.issue(master, tmp_path / "returns")
    ceo = next(Path(r.path) for r in issued.returns if r.owner == "Chief Executive")
    edit(ceo, {("2", "Progress update"): "Started in June", ("2", "Progress status"): "In progress",
               ("2", "Planned Action"): "A different action"})
    api.edit(master, ["Actions!I3=Team note from May"])
    decisions = tmp_path / "decisions.xlsx"
    report = api.merge(master, [ceo], decisions=decisions)
    assert sorted((c.key, c.field, c.outcome) for c in report.changes) == [
        ("2", "action", "rejected"), ("2", "progress", "conflict"), ("2", "status", "applied")]
    return Round(master, decisions, tmp_path)


def fill(path: Path, answers: dict[str, tuple[str, str, str]]) -> None:
    """Fill in the Decision, Value and Note columns by id, as the team would in Excel."""
    import openpyxl

    wb = openpyxl.load_workbook(path)
    ws = wb[DECISIONS_SHEET]
    for row in range(2, ws.max_row + 1):
        found = answers.get(str(ws.cell(row, 1).value))
        if found:
            for offset, value in enumerate(found):
                ws.cell(row, 11 + offset).value = value
            ws.cell(row, 14).value = "J. Clerk"
    wb.save(path)
