"""`govsheet diff` on the command line: --exit-code, the JSON written to -o, and xlsx without -o refused."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.cli.helpers import invoke
from tests.returns.helpers import Cycle, edit


@pytest.fixture
def typed(cycle: Cycle, tmp_path: Path) -> Path:
    """The cycle's master with one progress update typed in by hand."""
    return edit(Path(shutil.copy(cycle.master, tmp_path / "typed.xlsx")), {("2", "Progress update"): "Typed by hand"})


def test_exit_code_is_1_only_when_the_two_differ(cycle: Cycle, typed: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = invoke(["diff", str(cycle.master), str(cycle.master), "--exit-code"], capsys)
    assert code == 0
    assert out.splitlines()[-1] == "no differences; 0 cells changed in 0 rows, 0 rows added, 0 rows removed, 0 rows moved"
    code, out, _ = invoke(["diff", str(cycle.master), str(typed), "--exit-code"], capsys)
    assert code == 1
    assert out.splitlines()[1:] == ['~ 2 Progress update: "" -> "Typed by hand"',
                                    "1 cell changed in 1 row, 0 rows added, 0 rows removed, 0 rows moved"]
    code, _, _ = invoke(["diff", str(cycle.master), str(typed)], capsys)
    assert code == 0


def test_json_to_a_file_prints_nothing(cycle: Cycle, typed: Path, tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    out_file = tmp_path / "diff.json"
    code, out, err = invoke(["diff", str(cycle.master), str(typed), "--format", "json", "-o", str(out_file)], capsys)
    assert (code, out, err) == (0, "", "")
    data = json.loads(out_file.read_text(encoding="utf-8"))
    assert data["changed"] == [{"key": "2", "field": "progress", "title": "Progress update", "old": "",
                                "new": "Typed by hand", "old_cell": "I3", "new_cell": "I3"}]
    assert (data["added"], data["removed"], data["moved"]) == ([], [], [])


def test_xlsx_without_an_output_file_is_one_line_and_exit_2(cycle: Cycle, typed: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = invoke(["diff", str(cycle.master), str(typed), "--format", "xlsx"], capsys)
    assert (code, out) == (2, "")
    assert err == "govsheet: --format xlsx writes a workbook; give it a file with -o OUT.xlsx\n"
