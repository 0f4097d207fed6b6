"""Command-line frictions: one --today option, the rebuild leaving the tree clean."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

import govsheet
from tests.cli.helpers import invoke

SCHEMA = "ags-action-plan"


@pytest.mark.parametrize("option", ["--today", "--date"])
def test_render_takes_today_and_still_the_hidden_date(option: str, master: Callable[[str], Path], tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "t.html"
    code, stdout, err = invoke(["render", str(master(SCHEMA)), "--format", "html", "-o", str(out), option,
                                "2021-01-15"], capsys)
    assert (code, err) == (0, "")
    assert stdout.startswith(f"{out}: committee table (html), 28 of 28 rows")
    assert "15 January 2021" in out.read_text(encoding="utf-8")


def test_render_help_shows_today_not_date(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = invoke(["render", "--help"], capsys)
    assert "--today" in out
    assert "--date" not in out


def test_roll_takes_today_for_the_archive_date(master: Callable[[str], Path], tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "next.xlsx"
    code, _, err = invoke(["roll", str(master(SCHEMA)), "--round", "R2", "-o", str(out), "--today", "2021-04-01"],
                          capsys)
    assert (code, err) == (0, "")
    from python_calamine import CalamineWorkbook

    archive = CalamineWorkbook.from_path(str(out)).get_sheet_by_name("Archive").to_python()
    column = archive[0].index("Archived on")
    assert archive[1:]
    assert {str(row[column])[:10] for row in archive[1:]} == {"2021-04-01"}


def test_every_command_with_an_as_of_date_calls_it_today(capsys: pytest.CaptureFixture[str]) -> None:
    for command in ("validate", "render", "roll"):
        _, out, _ = invoke([command, "--help"], capsys)
        assert "--today" in out, command


def test_rebuild_twice_leaves_the_files_as_they_were(tmp_path: Path) -> None:
    folder = tmp_path / "workbooks"
    env_path = str(Path(govsheet.__file__).resolve().parents[1])
    run = [sys.executable, "-m", "govsheet.rebuild", str(folder)]
    first = subprocess.run(run, capture_output=True, text=True, timeout=120, check=True,
                           env={"PYTHONPATH": env_path, "PATH": "/usr/bin:/bin"})
    assert first.stdout.splitlines() == [f"{folder / 'ags-action-plan.xlsx'}: 28 rows, 86 import notes",
                                         f"{folder / 'governance-review.xlsx'}: 10 rows, 20 import notes"]
    report = (folder / "ags-action-plan.import-report.txt").read_text(encoding="utf-8")
    assert report.splitlines()[0] == "govsheet import report: seeds/ags-action-plan.txt"
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    subprocess.run(run, capture_output=True, text=True, timeout=120, check=True,
                   env={"PYTHONPATH": env_path, "PATH": "/usr/bin:/bin"})
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed; install git to run this test")
def test_rebuild_of_the_checked_in_workbooks_leaves_git_clean(tmp_path: Path) -> None:
    """The checked-in workbooks/ and this code, committed to a scratch repository, rebuild to no change."""
    root = Path(__file__).resolve().parents[2]
    if not (root / "workbooks").is_dir():
        pytest.skip("no checked-in workbooks/ folder beside the tests")
    repo = tmp_path / "repo"
    shutil.copytree(root / "workbooks", repo / "workbooks")
    shutil.copytree(root / "src", repo / "src", ignore=shutil.ignore_patterns("__pycache__"))
    git = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run(["git", "init", "-q", str(repo)], check=True, timeout=60)
    subprocess.run([*git, "add", "-A"], check=True, timeout=60)
    subprocess.run([*git, "commit", "-qm", "checked in"], check=True, timeout=60)
    subprocess.run([sys.executable, "-m", "govsheet.rebuild"], cwd=repo, check=True, timeout=120,
                   capture_output=True, env={"PYTHONPATH": str(repo / "src"), "PATH": "/usr/bin:/bin",
                                                   "PYTHONDONTWRITEBYTECODE": "1"})
    status = subprocess.run([*git, "status", "--porcelain"], capture_output=True, text=True, check=True,
                            timeout=30)
    assert status.stdout == ""
