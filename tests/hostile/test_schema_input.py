"""Other inputs are hostile too: schema files (YAML tags, alias bombs) and CSV sources (formula text, huge fields)."""

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


CSV_HEADER = "Ref,Planned Action,Officer responsible,Target date for completion,Progress status,Progress update\n"


def test_csv_formula_text_is_imported_as_text(tmp_path: Path) -> None:
    source = tmp_path / "actions.csv"
    source.write_text(CSV_HEADER + '1,"=HYPERLINK(""http://evil.example"",""x"")",Head of Legal,March 2021,'
                      "In progress,+cmd|' /C calc'!A0\n2,@SUM(1+1),Head of Legal,March 2021,In progress,\t-2+3\n",
                      encoding="utf-8")
    out = tmp_path / "master.xlsx"
    result = run_cli(["import", str(source), "--schema", "ags-action-plan", "-o", str(out)])
    assert result.code == 0, result.output
    from python_calamine import CalamineWorkbook

    from tests.hostile import cases as c

    grid = CalamineWorkbook.from_path(str(out)).get_sheet_by_name("Actions").to_python()
    assert [row[2] for row in grid[1:3]] == ['=HYPERLINK("http://evil.example","x")', "@SUM(1+1)"]
    assert grid[1][8] == "+cmd|' /C calc'!A0"
    sheet = c.read_part(out, c.actions_part(out))
    assert b"evil.example" not in sheet  # the text is a shared string, not a formula in the sheet


def test_a_csv_field_longer_than_any_cell_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "actions.csv"
    source.write_text(CSV_HEADER + '1,"' + "x" * 200_000 + '",Head,March 2021,In progress,note\n', encoding="utf-8")
    out = tmp_path / "master.xlsx"
    result = run_cli(["import", str(source), "--schema", "ags-action-plan", "-o", str(out)])
    assert result.code == 2
    assert result.err.startswith(f"govsheet: {source}: ")
    assert len(result.err.strip().splitlines()) == 1
    assert not out.exists()
