"""Hostile schema files: a YAML tag that would run code and an alias bomb are refused, quickly and by name."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.hostile.run import run_cli


def test_a_yaml_tag_that_would_run_code_is_refused(tmp_path: Path, base_files: dict[str, Path]) -> None:
    marker = tmp_path / "pwned"
    schema = tmp_path / "evil.yaml"
    schema.write_text(f'name: !!python/object/apply:os.system ["touch {marker}"]\ntitle: x\n', encoding="utf-8")
    result = run_cli(["validate", str(base_files["master"]), "--schema", str(schema)])
    assert result.code == 2
    assert result.err.startswith(f"govsheet: {schema}: is not valid YAML/JSON (could not determine a constructor")
    assert len(result.err.strip().splitlines()) == 1
    assert not marker.exists()


@pytest.mark.parametrize("leaf", ['"lol"', "{name: x, title: x, type: string}"])
def test_a_yaml_alias_bomb_is_refused_quickly(tmp_path: Path, base_files: dict[str, Path], leaf: str) -> None:
    lines = [f"a: &a [{', '.join([leaf] * 9)}]"]
    previous = "a"
    for name in "bcdefghi":
        lines.append(f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]")
        previous = name
    lines += ["name: bomb", "title: Bomb", "sheet: Actions", "primaryKey: x", "fields: *i"]
    schema = tmp_path / "bomb.yaml"
    schema.write_text("\n".join(lines) + "\n", encoding="utf-8")
    started = time.monotonic()
    result = run_cli(["validate", str(base_files["master"]), "--schema", str(schema)])
    assert time.monotonic() - started < 5
    assert "Traceback" not in result.output
    assert result.code == 2
    assert result.err.startswith(f"govsheet: {schema}: ")
    assert len(result.err.strip().splitlines()) == 1
