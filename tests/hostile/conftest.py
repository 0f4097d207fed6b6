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
    from govsheet.importer.master import write_master
    from govsheet.model.tracker import Action, Tracker
    from govsheet.schemas import load_schema

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


def _parts(data: bytes) -> dict[str, bytes]:
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: z.read(n) for n in z.namelist()}


def only_register_changed(before: bytes, after: bytes) -> bool:
    """True when a master is as it was but for what ``issue`` records: its metadata sheet and the shared
    strings (a part added, with its relationship and content type, when the workbook had none)."""
    import re
    import zipfile

    if before == after:
        return True
    try:
        old, new = _parts(before), _parts(after)
    except zipfile.BadZipFile:
        return False
    allowed = {"xl/sharedStrings.xml"}
    if "xl/sharedStrings.xml" not in old:
        allowed |= {"xl/_rels/workbook.xml.rels", "[Content_Types].xml"}
    sheet = re.search(rb'<(?:\w+:)?sheet\b[^>]*name="_govsheet"[^>]*r:id="([^"]+)"', new.get("xl/workbook.xml", b""))
    for rel in re.findall(rb"<Relationship\b[^>]*>", new.get("xl/_rels/workbook.xml.rels", b"")):
        target = re.search(rb'Target="/?(?:xl/)?([^"]+)"', rel)
        if sheet and target and b'Id="' + sheet.group(1) + b'"' in rel:
            allowed.add("xl/" + target.group(1).decode())
    return set(old) <= set(new) <= set(old) | {"xl/sharedStrings.xml"} and all(
        old[n] == new[n] for n in old if n not in allowed)


def contents(folder: Path) -> dict[str, bytes]:
    """The bytes of every file under ``folder``, by relative path."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def assert_inputs_kept(folder: Path, before: dict[str, bytes], command: str) -> None:
    """Every input under ``folder`` is as it was; ``issue`` may only have recorded its returns in the master."""
    now = contents(folder)
    assert sorted(now) == sorted(before)
    changed = [name for name in before if now[name] != before[name]]
    if command == "issue":
        changed = [name for name in changed if not only_register_changed(before[name], now[name])]
    assert changed == []
