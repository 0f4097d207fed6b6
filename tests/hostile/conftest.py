"""Fixtures for the hostile-input tests: a small real master and one of its returns, built once."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

OFFICERS = ["Director of Finance", "Head of Legal", "Chief Executive"]
STATUSES = ["Yet to start", "In progress", "Completed"]


def build_master(path: Path, rows: int = 12, *, round_label: str = "2024-Q1") -> Path:
    """A master tracker of ``rows`` actions in the ags-action-plan schema, written by govsheet."""
    from govsheet.model.tracker import Action, Tracker
    from govsheet.schemas import load_schema
    from govsheet.workbook.write import write_master

    schema = load_schema("ags-action-plan")
    actions = [
        Action(values={
            "ref": str(i + 1),
            "action": f"Action {i + 1}: review the arrangements and report to committee",
            "officer": OFFICERS[i % 3],
            "target": "March 2021",
            "target_date": dt.date(2021, 3, 31),
            "status": STATUSES[i % 3],
            "progress": f"Progress note {i + 1}",
        })
        for i in range(rows)
    ]
    return write_master(Tracker(schema_name=schema.name, actions=actions), schema, path, round_label=round_label)


@pytest.fixture(scope="session")
def base_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A master and the Head of Legal's return issued from it (built once; copy before use)."""
    from govsheet import cli

    folder = tmp_path_factory.mktemp("hostile-base")
    master = build_master(folder / "master.xlsx")
    files = {"master": master}
    if "issue" in cli.COMMANDS:
        from tests.hostile.run import run_cli

        result = run_cli(["issue", str(master), "-o", str(folder / "returns"), "--owner", "Head of Legal"])
        assert result.code == 0, result.err
        files["return"] = folder / "returns" / "head-of-legal.xlsx"
    return files


@pytest.fixture
def workspace(tmp_path: Path, base_files: dict[str, Path]) -> Callable[[str], Path]:
    """Copy a base file into tmp_path/in and return its path."""
    inbox = tmp_path / "in"
    inbox.mkdir(exist_ok=True)

    def copy(kind: str) -> Path:
        if kind not in base_files:
            pytest.skip(f"the '{kind}' base file needs 'govsheet issue', which has not landed")
        dst = inbox / base_files[kind].name
        shutil.copyfile(base_files[kind], dst)
        return dst

    return copy


def snapshot(folder: Path) -> dict[str, str]:
    """SHA-256 of every file under ``folder``, by relative path."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }
