"""`govsheet roll` on the command line: the new round as text or JSON, --round required."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.helpers import invoke
from tests.returns.helpers import Cycle


def test_text_says_what_was_carried_and_archived(cycle: Cycle, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "next.xlsx"
    code, printed, err = invoke(["roll", str(cycle.master), "--round", "2021/22 Q1", "-o", str(out),
                                 "--today", "2021-04-01"], capsys)
    assert (code, err) == (0, "")
    assert printed == (f"{out}: round 2021/22 Q1 started from {cycle.master} (round 2020/21 Q3); 4 open actions "
                       "carried forward, 1 archived (4), 3 progress updates marked as last round's\n")


def test_json_lists_the_refs(cycle: Cycle, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "next.xlsx"
    code, printed, _ = invoke(["roll", str(cycle.master), "--round", "2021/22 Q1", "-o", str(out), "--format",
                               "json", "--clear-updates"], capsys)
    assert code == 0
    assert json.loads(printed) == {"master": str(cycle.master), "out": str(out), "from_round": "2020/21 Q3",
                                   "to_round": "2021/22 Q1", "carried": ["1", "2", "3", "5"], "archived": ["4"],
                                   "marked": 3, "cleared": True}


def test_round_is_required(cycle: Cycle, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = invoke(["roll", str(cycle.master), "-o", str(tmp_path / "next.xlsx")], capsys)
    assert code == 2
    assert "Missing option '--round'" in err
    assert not (tmp_path / "next.xlsx").exists()
