"""An output path that is one of the inputs: the command must refuse, never write over its input.

Officers' returns and the master are the only copies that matter; a slip on the command line
(``-o`` naming the input) must not destroy one.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from govsheet.cli import COMMANDS
from tests.hostile.conftest import snapshot
from tests.hostile.run import run_cli

Argv = Callable[[Path, Path], list[str]]  # (master, return) -> argv whose output is one of them

CASES: dict[str, tuple[str, Argv, str | None]] = {
    "render-html-over-master": ("render", lambda m, _r: ["render", str(m), "--format", "html", "-o", str(m)], None),
    "render-xlsx-over-master": ("render", lambda m, _r: ["render", str(m), "--format", "xlsx", "-o", str(m)], None),
    "roll-over-master": ("roll", lambda m, _r: ["roll", str(m), "--round", "2025-Q1", "-o", str(m)], None),
    "diff-over-old": ("diff", lambda m, r: ["diff", str(m), str(r), "--format", "xlsx", "-o", str(m)], None),
    "diff-over-new": ("diff", lambda m, r: ["diff", str(r), str(m), "--format", "xlsx", "-o", str(m)], None),
    "import-over-source": ("import", lambda _m, r: ["import", str(r), "--schema", "ags-action-plan", "-o", str(r)], None),
    "annotate-over-workbook": ("validate", lambda _m, r: ["validate", str(r), "--annotate", str(r)], None),
    "merge-output-over-return": ("merge", lambda m, r: ["merge", str(m), str(r), "-o", str(r)], None),
}


def _params() -> list[object]:
    params = []
    for case_id, (command, _argv, wrong) in CASES.items():
        marks: list[pytest.MarkDecorator] = []
        if command not in COMMANDS:
            marks.append(pytest.mark.skip(reason=f"'govsheet {command}' has not landed yet"))
        elif wrong:
            marks.append(pytest.mark.xfail(strict=True, reason=wrong))
        params.append(pytest.param(case_id, id=case_id, marks=marks))
    return params


@pytest.mark.parametrize("case_id", _params())
def test_an_output_that_is_an_input_is_refused(case_id: str, tmp_path: Path, base_files: dict[str, Path]) -> None:
    if "return" not in base_files:
        pytest.skip("needs 'govsheet issue'")
    master = shutil.copyfile(base_files["master"], tmp_path / "master.xlsx")
    ret = shutil.copyfile(base_files["return"], tmp_path / "head-of-legal.xlsx")
    before = snapshot(tmp_path)
    result = run_cli(CASES[case_id][1](master, ret))
    assert "Traceback" not in result.output
    assert result.code == 2, result.output
    assert len(result.err.strip().splitlines()) == 1, result.err
    assert snapshot(tmp_path) == before
