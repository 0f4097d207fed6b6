"""The rebuild of the checked-in seed masters: run twice or from the tree, it leaves the files as they were."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import govsheet
from govsheet.rebuild import main as rebuild_main
from govsheet.rebuild import packaged_seed
from tests.conftest import CORPUS, ROOT, SEEDS
from tests.importer.sheet import actions_grid


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
    root = Path(__file__).resolve().parents[1]
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


def test_rebuild_entry_point_writes_both_masters(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert rebuild_main([str(tmp_path / "out")]) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"{tmp_path / 'out' / 'ags-action-plan.xlsx'}: 28 rows, 86 import notes",
        f"{tmp_path / 'out' / 'governance-review.xlsx'}: 10 rows, 20 import notes",
    ]
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    assert rebuild_main([str(blocker / "sub")]) == 2
    assert capsys.readouterr().err.startswith(f"govsheet: {blocker / 'sub'}: cannot create the folder")


@pytest.mark.corpus
def test_packaged_seeds_are_the_shared_seeds() -> None:
    """The seeds the package ships are byte for byte the shared seed extracts beside the corpus."""
    shared = {"ags-action-plan": "000_3527c5c29b078e23.txt", "governance-review": "004_ad3645d9deb2772a.txt"}
    for schema, name in shared.items():
        assert packaged_seed(schema).read_bytes() == SEEDS[schema].read_bytes()
        assert packaged_seed(schema).read_bytes() == (CORPUS.parent / "seeds" / name).read_bytes()


@pytest.mark.parametrize("schema", ["ags-action-plan", "governance-review"])
def test_checked_in_master_matches_a_fresh_import(schema: str, tmp_path: Path) -> None:
    """workbooks/ is rebuilt by `python -m govsheet.rebuild`; this fails when it is stale."""
    from govsheet.rebuild import rebuild

    fresh = rebuild(tmp_path)[schema][0]
    checked_in = ROOT / "workbooks" / f"{schema}.xlsx"
    assert actions_grid(checked_in) == actions_grid(fresh)
    report = (ROOT / "workbooks" / f"{schema}.import-report.txt").read_text(encoding="utf-8")
    assert report.splitlines()[1:] == (tmp_path / f"{schema}.import-report.txt").read_text(
        encoding="utf-8").splitlines()[1:]
