"""Hostile CSV sources: formula text imported as text, over-long fields refused, and any CSV never crashes import."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govsheet.cli import COMMANDS
from tests.hostile.run import run_cli
from tests.hostile.values import FUZZ

CSV_FIELD = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)


@pytest.mark.skipif("import" not in COMMANDS, reason="'govsheet import' has not landed yet")
@FUZZ
@given(cells=st.lists(st.lists(CSV_FIELD, min_size=0, max_size=8), max_size=6),
       header=st.booleans(), encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]))
def test_import_of_any_csv_never_crashes(cells: list[list[str]], header: bool, encoding: str) -> None:
    import csv

    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "actions.csv"
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        if header:
            writer.writerow(["Ref", "Planned Action", "Officer responsible", "Target date for completion",
                             "Progress status", "Progress update"])
        writer.writerows(cells)
        source.write_bytes(buffer.getvalue().encode(encoding, "replace"))
        out = Path(tmp) / "master.xlsx"
        result = run_cli(["import", str(source), "--schema", "ags-action-plan", "-o", str(out)])
        assert "Traceback" not in result.output, result.output
        assert result.code in (0, 1, 2), result.output
        if result.code == 2:
            assert len(result.err.strip().splitlines()) == 1, result.err
            assert str(source) in result.err
            assert not out.exists()


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
