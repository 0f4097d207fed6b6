"""`govsheet issue` on the command line: one line per return written, one clear line for what it refuses."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from govsheet.cli import cli
from tests.returns.helpers import make_master


@pytest.fixture
def small_master(tmp_path: Path) -> Path:
    return make_master(tmp_path / "master.xlsx")


def test_cli_issue_lists_each_return(small_master: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["issue", str(small_master), "-o", str(tmp_path / "r"), "--owner",
                                      "Chief Executive", "--owner", "Mayor", "--due", "2021-01-29"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"{tmp_path / 'r' / 'chief-executive.xlsx'}: Chief Executive, 3 rows [")
    assert lines[1] == f"1 return for round 2020/21 Q3 written to {tmp_path / 'r'}; recorded in the master"
    assert result.stderr == f"govsheet: {small_master}: no row belongs to 'Mayor'; no return written for it\n"


def test_cli_issue_refuses_a_workbook_that_is_not_a_master(tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    from govsheet.cli import main

    other = tmp_path / "other.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "Actions"
    wb.save(other)
    with pytest.raises(SystemExit) as exc:
        main(["issue", str(other), "-o", str(tmp_path / "r")])
    assert exc.value.code == 2
    assert capsys.readouterr().err == (f"govsheet: {other}: is not a govsheet master (no master metadata); build "
                                       "one with 'govsheet import'\n")
