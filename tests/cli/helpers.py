"""Run the command line in-process, as its console script does."""

from __future__ import annotations

import pytest

from govsheet.cli import main


def invoke(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Run govsheet as its console script does; return (exit code, stdout, stderr)."""
    try:
        main(args)
    except SystemExit as exited:
        code = int(exited.code or 0)
    else:
        code = 0
    out, err = capsys.readouterr()
    return code, out, err
