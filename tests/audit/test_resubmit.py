"""A corrected copy of a return already merged supersedes it: merged against what the first copy asked for."""

from __future__ import annotations

import shutil
from pathlib import Path

from govsheet import api
from govsheet.audit import read_audit, verify
from tests.merge.conftest import Cycle
from tests.returns.helpers import actions_values, edit

CE = "Chief Executive"
PROGRESS = "Progress update"


def test_a_corrected_copy_applies_what_changed_again_and_conflicts_where_the_master_moved_on(
        cycle: Cycle, tmp_path: Path) -> None:
    first = cycle.returns[CE]
    edit(first, {("2", PROGRESS): "First words", ("5", PROGRESS): "Five, first"})
    assert api.merge(cycle.master, [first]).exit_code == 0
    api.edit(cycle.master, ["Actions!I6:=The team's words"], by="Team")  # ref 5 moves on in the master
    second = edit(first, {("2", PROGRESS): "Corrected words", ("5", PROGRESS): "Five, corrected"},
                  out=tmp_path / "corrected.xlsx")
    report = api.merge(cycle.master, [second])
    result = report.returns[0]
    assert (result.status, report.exit_code) == ("merged", 1)
    got = {(c.key, c.field): (c.old, c.new, c.outcome) for c in report.changes}
    assert got == {("2", "progress"): ("First words", "Corrected words", "applied"),
                   ("5", "progress"): ("The team's words", "Five, corrected", "conflict")}
    assert all(c.reason.startswith("resubmitted") for c in report.changes)
    values = actions_values(cycle.master)
    assert (values["2"]["progress"], values["5"]["progress"]) == ("Corrected words", "The team's words")
    assert verify(read_audit(cycle.master)).ok
    # the same corrected copy again: nothing to do
    again = tmp_path / "again.xlsx"
    shutil.copyfile(second, again)
    report = api.merge(cycle.master, [again])
    assert (report.returns[0].status, report.changes) == ("already-merged", ())
