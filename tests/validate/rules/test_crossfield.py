"""The schema's cross-field rules: what a status requires, and open actions past their target."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from govsheet import api
from tests.returns.helpers import edit, make_master

OVERDUE = ("the target date has passed and the action is not completed; update the status or agree a new target "
           "(due 31 March 2021, checked on 1 June 2021)")


def test_completed_without_a_progress_note_is_an_error_at_the_note(tmp_path: Path) -> None:
    master = make_master(tmp_path / "master.xlsx")
    faulty = edit(Path(shutil.copy(master, tmp_path / "faulty.xlsx")), {("2", "Progress status"): "Completed"})
    report = api.validate(faulty, today=dt.date(2020, 6, 1))
    assert [(p.code, p.where.cell, p.severity, p.key) for p in report.errors
            if p.code == "completed-without-progress"] == [("completed-without-progress", "I3", "error", "2")]


def test_open_actions_past_their_target_are_warnings_on_the_target(tmp_path: Path) -> None:
    master = make_master(tmp_path / "master.xlsx")
    before = api.validate(master, today=dt.date(2021, 3, 31))
    assert [p for p in before.errors if p.code == "overdue"] == []
    after = api.validate(master, today=dt.date(2021, 6, 1))
    overdue = [(p.where.cell, p.severity, p.message) for p in after.errors if p.code == "overdue"]
    # row 5 (ref 4) is completed, so it is not overdue
    assert overdue == [(cell, "warning", OVERDUE) for cell in ("E2", "E3", "E4", "E6")]
    assert after.valid is True
