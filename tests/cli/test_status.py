"""`govsheet status` on the command line: the text per owner, and the option pairs it refuses."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.helpers import invoke
from tests.returns.helpers import Cycle


def test_text_lists_each_owner_and_the_totals(cycle: Cycle, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = invoke(["status", str(cycle.master), "--today", "2021-01-15"], capsys)
    lines = out.splitlines()
    assert (code, err) == (0, "")
    assert lines[0] == (f"{cycle.master}: round 2020/21 Q3, position at 15 January 2021; no returns folder given, "
                        "so only merged returns count as returned")
    assert lines[-1] == ("Totals: 3 owners, 6 rows: 3 issued, 0 returned, 0 merged, 3 outstanding; 0 changes "
                         "applied; 0 waiting for a decision")
    assert "  ○ Outstanding: Chief Executive: 3 rows; chief-executive.xlsx, no due date" in lines


@pytest.mark.parametrize(("args", "message"), [
    (["--format", "xlsx"], "--format xlsx needs -o FILE"),
    (["--format", "html"], "--format html needs -o FILE"),
    (["-o", "status.xlsx"], "-o applies only to --format xlsx or html"),
    (["--from", "team@example.org"], "--from and --template apply only with --mail"),
])
def test_option_pairs_that_make_no_sense_exit_2(args: list[str], message: str, cycle: Cycle,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = invoke(["status", str(cycle.master), *args], capsys)
    assert (code, out) == (2, "")
    assert err.endswith(f"Error: {message}\n")


def test_html_with_o_says_what_it_wrote(cycle: Cycle, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "status.html"
    code, printed, _ = invoke(["status", str(cycle.master), "--format", "html", "-o", str(out)], capsys)
    assert code == 0
    assert printed.startswith(f"{out}: ")
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
