"""The command table: every command has help and is in the README; unknown commands and options exit 2."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from govsheet.cli import COMMANDS, main
from tests.cli.helpers import invoke

ROOT = Path(__file__).resolve().parents[2]


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    from govsheet.errors import SourceError

    with pytest.raises(SourceError):
        main(["--debug", "import", str(tmp_path / "none.csv"), "--schema", "ags-action-plan", "-o", "m.xlsx"])


def test_unknown_command_and_missing_option_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = invoke(["frobnicate"], capsys)
    assert code == 2
    assert "No such command 'frobnicate'" in err
    code, _, err = invoke(["import", "x.csv"], capsys)
    assert code == 2
    assert "Missing option '--schema'" in err


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_has_help_and_is_in_the_readme(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = invoke([name, "--help"], capsys)
    assert code == 0
    assert out.startswith(f"Usage: govsheet {name} ")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert re.search(rf"`govsheet {name}\b", readme), f"README does not document `govsheet {name}`"
