"""One result protocol: every result is frozen, has ``ok``, ``to_dict()`` (what --format json prints) and ``to_text()``."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pydantic
import pytest

import govsheet
from tests.cli.helpers import invoke

SCHEMA = "ags-action-plan"


def assert_frozen(result: Any) -> None:
    first = next(iter(result.to_dict()))
    name = {"schema": "schema_name", "valid": "workbook"}.get(first, first)
    with pytest.raises((dataclasses.FrozenInstanceError, pydantic.ValidationError, AttributeError)):
        setattr(result, name, "changed")


def assert_protocol(result: Any) -> None:
    assert isinstance(result.ok, bool)
    assert isinstance(result.to_text(), str)
    assert json.loads(json.dumps(result.to_dict())) == result.to_dict()
    assert_frozen(result)


@pytest.fixture
def round_(master: Callable[[str], Path], tmp_path: Path) -> tuple[Path, Path]:
    """A master and one issued return from it."""
    path = master(SCHEMA)
    issued = govsheet.issue(path, tmp_path / "returns")
    return path, issued.returns[0].path


def test_every_result_of_a_round_follows_the_protocol(round_: tuple[Path, Path], tmp_path: Path) -> None:
    path, ret = round_
    results = [
        govsheet.import_tracker(govsheet.__file__.replace("__init__.py", f"seeds/{SCHEMA}.txt"), SCHEMA,
                                tmp_path / "again.xlsx"),
        govsheet.validate(path),
        govsheet.issue(path, tmp_path / "more"),
        govsheet.merge(path, [ret], dry_run=True),
        govsheet.diff(path, ret),
        govsheet.verify_audit(path),
        govsheet.read_audit(path),
        govsheet.edit(tmp_path / "again.xlsx", ["Actions!A1=Ref"]),
        govsheet.roll(path, "2021/22 Q1", tmp_path / "next.xlsx"),
        govsheet.render(path, "html", tmp_path / "table.html"),
    ]
    for result in results:
        assert_protocol(result)


def test_merge_report_text_is_one_string_and_nothing_is_mutated(round_: tuple[Path, Path]) -> None:
    path, ret = round_
    report = govsheet.merge(path, [ret])
    assert report.to_text().splitlines()[-1].startswith("0 applied, 0 conflicts, 0 rejected; master written to ")
    assert isinstance(report.returns, tuple)
    with pytest.raises(dataclasses.FrozenInstanceError):
        report.returns[0].status = "stale"  # type: ignore[misc]


@pytest.mark.parametrize("command", ["merge", "validate", "diff", "audit", "issue", "roll", "edit"])
def test_format_json_prints_exactly_to_dict(command: str, round_: tuple[Path, Path], tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    path, ret = round_
    copy = tmp_path / "copy.xlsx"
    copy.write_bytes(path.read_bytes())
    runs: dict[str, tuple[list[str], Callable[[], Any]]] = {
        "merge": (["merge", str(path), str(ret), "--dry-run"], lambda: govsheet.merge(path, [ret], dry_run=True)),
        "validate": (["validate", str(path)], lambda: govsheet.validate(path)),
        "diff": (["diff", str(path), str(ret)], lambda: govsheet.diff(path, ret)),
        "audit": (["audit", str(path)], lambda: govsheet.verify_audit(path)),
        "issue": (["issue", str(path), "-o", str(tmp_path / "cli")], lambda: None),
        "roll": (["roll", str(path), "--round", "R2", "-o", str(tmp_path / "cli.xlsx")],
                 lambda: govsheet.roll(path, "R2", tmp_path / "api.xlsx")),
        "edit": (["edit", str(copy), "--set", "Actions!A1=Ref"], lambda: None),
    }
    args, build = runs[command]
    code, out, err = invoke([*args, "--format", "json"], capsys)
    assert (code, err) == (0, "")
    printed = json.loads(out)
    expected = build()
    if command == "issue":
        assert [r["rows"] for r in printed["returns"]] == [r.rows for r in govsheet.issue(path, tmp_path / "x").returns]
    elif command == "edit":
        assert printed["changes"] == [{"sheet": "Actions", "ref": "A1", "old": "Ref", "new": "Ref"}]
    elif command == "roll":
        assert {k: v for k, v in printed.items() if k != "out"} == {
            k: v for k, v in expected.to_dict().items() if k != "out"}
    elif command == "audit":  # the chain's result, and the changes made outside govsheet beside it
        assert {k: printed[k] for k in expected.to_dict()} == expected.to_dict()
        assert printed["outside"] == []
    else:
        assert printed == expected.to_dict()


def test_audit_verifies_without_the_verify_flag(master: Callable[[str], Path],
                                                capsys: pytest.CaptureFixture[str]) -> None:
    path = master(SCHEMA)
    assert invoke(["audit", str(path)], capsys) == (0, f"{path}: the audit chain of 0 rows is intact\n", "")
    assert invoke(["audit", str(path), "--verify"], capsys) == (0, f"{path}: the audit chain of 0 rows is intact\n",
                                                                "")
    code, out, _ = invoke(["audit", str(path), "--format", "json"], capsys)
    printed = json.loads(out)
    assert (code, {k: printed[k] for k in ("master", "ok", "rows", "bad_row", "message", "outside")}) == (
        0, {"master": str(path), "ok": True, "rows": 0, "bad_row": None,
            "message": "the audit chain of 0 rows is intact", "outside": []})
