"""Command-line frictions: one --today option, the rebuild leaving the tree clean."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

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
