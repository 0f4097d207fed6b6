"""`govsheet audit`: the hash chain's verdict, and the changes made outside govsheet, as text and JSON."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.cli.helpers import invoke
from tests.returns.helpers import Cycle, edit


def test_an_intact_chain_exits_0_with_one_line(cycle: Cycle, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = invoke(["audit", str(cycle.master)], capsys)
    assert (code, out, err) == (0, f"{cycle.master}: the audit chain of 0 rows is intact\n", "")


def test_a_hand_change_is_listed_with_its_row_and_field(cycle: Cycle, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    hand = edit(Path(shutil.copy(cycle.master, tmp_path / "hand.xlsx")), {("2", "Progress update"): "Typed by hand"})
    code, out, _ = invoke(["audit", str(hand)], capsys)
    lines = out.splitlines()
    assert code == 0
    assert lines[0] == f"{hand}: the audit chain of 0 rows is intact"
    assert lines[1].startswith(f"{hand}: 1 change made outside govsheet since ")
    assert lines[2:] == ["  2 progress: '' -> 'Typed by hand'"]


def test_json_holds_the_verdict_and_each_outside_change(cycle: Cycle, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    hand = edit(Path(shutil.copy(cycle.master, tmp_path / "hand.xlsx")), {("2", "Progress update"): "Typed by hand"})
    code, out, _ = invoke(["audit", str(hand), "--format", "json"], capsys)
    data = json.loads(out)
    assert code == 0
    assert data.pop("outside_since")  # when govsheet last wrote it
    assert data == {"master": str(hand), "ok": True, "rows": 0, "bad_row": None,
                    "message": "the audit chain of 0 rows is intact",
                    "outside": [{"ref": "2", "field": "progress", "old": "", "new": "Typed by hand"}]}


def test_a_missing_master_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = invoke(["audit", str(tmp_path / "none.xlsx")], capsys)
    assert (code, out) == (2, "")
    assert f"'{tmp_path / 'none.xlsx'}' does not exist" in err
