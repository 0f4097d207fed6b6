"""The rebuild of the checked-in seed masters: run twice or from the tree, it leaves the files as they were."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import govsheet


def test_rebuild_twice_leaves_the_files_as_they_were(tmp_path: Path) -> None:
    folder = tmp_path / "workbooks"
    env_path = str(Path(govsheet.__file__).resolve().parents[1])
    run = [sys.executable, "-m", "govsheet.importer.rebuild", str(folder)]
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
    subprocess.run([sys.executable, "-m", "govsheet.importer.rebuild"], cwd=repo, check=True, timeout=120,
                   capture_output=True, env={"PYTHONPATH": str(repo / "src"), "PATH": "/usr/bin:/bin",
                                                   "PYTHONDONTWRITEBYTECODE": "1"})
    status = subprocess.run([*git, "status", "--porcelain"], capture_output=True, text=True, check=True,
                            timeout=30)
    assert status.stdout == ""
