"""A corrected copy of a return already merged supersedes it: merged against what the first copy asked for."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from govsheet import api
from govsheet.audit import read_audit, verify
from tests.cli.helpers import invoke
from tests.merge.conftest import Cycle
from tests.returns.helpers import actions_values, edit, make_master

CE = "Chief Executive"
GMA = "Group Manager – Assurance"
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
    assert [(r.file, why) for r, why in report.not_merged] == [
        (str(second), "1 of its 2 changes not applied (1 conflict)")]
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
    assert (report.returns[0].status, report.changes, report.exit_code) == ("already-merged", (), 0)


def test_merge_exits_1_with_one_line_per_return_not_merged_and_0_for_an_identical_copy(
        cycle: Cycle, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first = edit(cycle.returns[CE], {("2", PROGRESS): "First words"})
    code, out, _ = invoke(["merge", str(cycle.master), str(first)], capsys)
    assert (code, [line for line in out.splitlines() if line.startswith("not merged")]) == (0, [])
    copy = shutil.copyfile(first, tmp_path / "copy.xlsx")
    code, out, _ = invoke(["merge", str(cycle.master), str(copy)], capsys)
    assert code == 0  # an identical copy again is a no-op, not a problem
    assert out.splitlines()[-1] == (f"0 applied, 0 conflicts, 0 rejected; master written to {cycle.master}; "
                                    f"previous master kept as {tmp_path / 'master.bak.xlsx'}")
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"not a zip")
    stale = edit(cycle.returns[GMA], {("3", "Target date for completion"): "Never"})  # a locked field
    other = make_master(tmp_path / "other.xlsx")
    code, out, _ = invoke(["merge", str(other), str(stale), str(junk), "--format", "json"], capsys)
    data = json.loads(out)
    assert code == 1
    assert [(n["file"], n["why"].split(":")[0]) for n in data["not_merged"]] == [(str(stale), "stale"),
                                                                                  (str(junk), "invalid")]
    code, out, _ = invoke(["merge", str(cycle.master), str(copy), str(stale)], capsys)
    assert code == 1
    assert [line for line in out.splitlines() if line.startswith("not merged")] == [
        f"not merged: {stale}: 1 of its 1 change not applied (1 rejected)"]


def test_the_first_copies_are_what_each_return_asked_for_in_the_audit_rows() -> None:
    from govsheet.merge.run import first_copies

    def row(return_id: str, key: object, field: str, new: str, outcome: str) -> list[object]:
        return ["when", "R1", return_id, "owner", key, field, "old", new, outcome, "", "file.xlsx", "sha", "hash"]

    rows = [row("r1", "2", "progress", "first", "applied"),
            row("r1", 3.0, "status", "Completed", "conflict"),  # a key calamine read as a number
            row("r1", "2", "progress", "again", "rejected"),  # the later row for a cell wins
            row("r2", "5", "progress", "x", "outside"),  # not what a return asked for
            row("", "6", "progress", "x", "applied"),  # no return
            row("r3", "7", "", "", "already-merged"),
            ["when", "R1", "r4", "owner", "8", "progress", "old", "new"],  # cut short before its outcome
            []]
    assert first_copies(rows) == {"r1": {("2", "progress"): "again", ("3", "status"): "Completed"}}
