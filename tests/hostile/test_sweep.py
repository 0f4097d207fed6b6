"""Readable but odd workbooks through every command: no traceback, a sane exit code, inputs untouched.

The exact outcomes for these cases are asserted in test_data_cases.py for the commands they
matter to; this sweep makes sure no other command falls over on them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from govsheet.cli import COMMANDS
from tests.hostile import cases as c
from tests.hostile.conftest import assert_inputs_kept, contents
from tests.hostile.run import run_cli
from tests.hostile.test_data_cases import col, officer


def _openpyxl(change: Callable[[Any], None]) -> Callable[[Path, Path], Path]:
    return lambda src, dst: officer(src, dst, change)


def _headers(wb: Any) -> None:
    ws = wb["Actions"]
    ws.cell(1, col(ws, "Progress update")).value = "\u00a0progress  UPDATE "
    a, b = col(ws, "Progress status"), col(ws, "Officer responsible")
    for r in range(1, ws.max_row + 1):
        ws.cell(r, a).value, ws.cell(r, b).value = ws.cell(r, b).value, ws.cell(r, a).value


def _values(wb: Any) -> None:
    from openpyxl.utils.datetime import CALENDAR_MAC_1904

    wb.epoch = CALENDAR_MAC_1904
    ws = wb["Actions"]
    ws.cell(2, col(ws, "Target (as date)")).value = dt.date(2021, 3, 31)
    ws.cell(3, col(ws, "Target (as date)")).value = "31/03/2021"
    ws.cell(4, col(ws, "Target (as date)")).value = "when pigs fly"
    ws.cell(2, col(ws, "Progress status")).value = "Compelted"
    ws.cell(3, col(ws, "Progress status")).value = "Nearly there"
    for row, text in enumerate(['=HYPERLINK("http://evil.example","x")', "@SUM(1)", "+cmd", "\t=1"], start=5):
        cell = ws.cell(row, col(ws, "Progress update"))
        cell.value = text
        if row > 5:
            cell.data_type = "s"
    ws.merge_cells("I9:I10")


READABLE: dict[str, tuple[Callable[[Path, Path], Path], str]] = {
    "macros-xlsm": (c.with_macros, "master.xlsm"),
    "external-link": (c.with_external_link, "linked.xlsx"),
    "headers-odd-and-reordered": (_openpyxl(_headers), "headers.xlsx"),
    "dates-statuses-injection-merged": (_openpyxl(_values), "values.xlsx"),
    "styles-missing": (c.missing_part("xl/styles.xml"), "no-styles.xlsx"),
}

RUNS: dict[str, Callable[[Path, Path, Path], list[str]]] = {
    "import": lambda w, _m, o: ["import", str(w), "--schema", "ags-action-plan", "-o", str(o / "new.xlsx")],
    "validate": lambda w, _m, _o: ["validate", str(w)],
    "validate-annotate": lambda w, _m, o: ["validate", str(w), "--annotate", str(o / "annotated" / w.name)],
    "issue": lambda w, _m, o: ["issue", str(w), "-o", str(o / "returns")],
    "merge-as-master": lambda w, _m, o: ["merge", str(w), str(o.parent / "in" / "head-of-legal.xlsx"),
                                         "-o", str(o / w.name)],
    "diff": lambda w, m, o: ["diff", str(m), str(w), "--format", "xlsx", "-o", str(o / "diff.xlsx")],
    "render-html": lambda w, _m, o: ["render", str(w), "--format", "html", "-o", str(o / "c.html")],
    "render-docx": lambda w, _m, o: ["render", str(w), "--format", "docx", "-o", str(o / "c.docx")],
    "render-xlsx": lambda w, _m, o: ["render", str(w), "--format", "xlsx", "-o", str(o / "c.xlsx")],
    "edit": lambda w, _m, o: ["edit", str(w), "--set", "Actions!I3=edited", "-o", str(o / w.name)],
    "roll": lambda w, _m, o: ["roll", str(w), "--round", "2025-Q1", "-o", str(o / ("next" + w.suffix))],
    "audit": lambda w, _m, _o: ["audit", str(w), "--verify"],
}


def _params() -> list[object]:
    params = []
    for case in READABLE:
        for run in RUNS:
            command = run.split("-")[0]
            marks = [] if command in COMMANDS else [pytest.mark.skip(reason=f"'govsheet {command}' has not landed")]
            params.append(pytest.param(case, run, id=f"{case}-{run}", marks=marks))
    return params


@pytest.mark.parametrize(("case", "run"), _params())
def test_readable_oddities_never_crash(case: str, run: str, tmp_path: Path,
                                       workspace: Callable[[str], Path]) -> None:
    master = workspace("master")
    workspace("return")
    build, name = READABLE[case]
    odd = build(master, tmp_path / "in" / name)
    out = tmp_path / "out"
    (out / "annotated").mkdir(parents=True)
    before = contents(tmp_path / "in")
    result = run_cli(RUNS[run](odd, master, out))
    assert "Traceback" not in result.output, result.output
    assert result.code in (0, 1, 2), result.output
    if result.code == 2:
        lines = result.err.strip().splitlines()
        assert len(lines) == 1, result.err
        assert lines[0].startswith("govsheet: ")
    assert_inputs_kept(tmp_path / "in", before, run)
