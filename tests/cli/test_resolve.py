"""`govsheet resolve` on the command line: a decisions workbook with nothing decided, and wrong inputs refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.helpers import invoke
from tests.returns.helpers import Cycle, edit


@pytest.fixture
def asked(cycle: Cycle, tmp_path: Path) -> Path:
    """A merge that left one question for the team: a conflict on row 2's progress update."""
    from govsheet import api

    ret = edit(cycle.returns["Chief Executive"], {("2", "Progress update"): "From the officer"})
    api.edit(cycle.master, ["Actions!I3=From the team"])
    decisions = tmp_path / "decisions.xlsx"
    api.merge(cycle.master, [ret], decisions=decisions)
    return decisions


def test_nothing_decided_leaves_the_question_open_and_exits_0(cycle: Cycle, asked: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    before = cycle.master.read_bytes()
    code, out, err = invoke(["resolve", str(cycle.master), str(asked), "--dry-run", "--format", "json"], capsys)
    data = json.loads(out)
    assert (code, err) == (0, "")
    assert data["rows"] == [{"id": "D1", "key": "2", "field": "progress", "decision": "", "value": "",
                             "outcome": "open", "message": "no decision yet"}]
    assert data["summary"] == {"applied": 0, "kept": 0, "open": 1, "refused": 0, "already-decided": 0}
    assert cycle.master.read_bytes() == before
    code, out, _ = invoke(["resolve", str(cycle.master), str(asked)], capsys)
    assert code == 0
    assert out == ("  open            D1 2 progress: no decision yet\n"
                   "0 applied, 0 kept, 0 refused, 1 still open, 0 decided before; master not changed\n")


def test_the_master_given_as_the_decisions_is_refused(cycle: Cycle, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = invoke(["resolve", str(cycle.master), str(cycle.master)], capsys)
    assert (code, out) == (2, "")
    assert err == f"govsheet: {cycle.master}: is the master itself; give the decisions workbook written by merge\n"


def test_a_missing_decisions_file_exits_2(cycle: Cycle, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = invoke(["resolve", str(cycle.master), str(tmp_path / "none.xlsx")], capsys)
    assert code == 2
    assert f"'{tmp_path / 'none.xlsx'}' does not exist" in err
