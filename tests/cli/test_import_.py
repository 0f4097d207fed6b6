"""`govsheet import` and `govsheet schema` from the command line: results and one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.helpers import invoke

ROOT = Path(__file__).resolve().parents[2]


def test_import_csv_writes_a_master_and_a_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "plan.csv"
    source.write_text("Ref,Planned Action,Officer responsible,Progress status\n1,Do it,Ann,Done\n", encoding="utf-8")
    out = tmp_path / "m.xlsx"
    code, stdout, err = invoke(
        ["import", str(source), "--schema", "ags-action-plan", "-o", str(out), "--report", str(tmp_path / "r.json")],
        capsys,
    )
    assert (code, err) == (0, "")
    assert stdout.startswith(f"{out}: 1 row imported from {source} (ags-action-plan);")
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert {"kind": "repair", "lines": [2], "key": "1", "message": "status 'Done' read as 'Completed'"} in report[
        "notes"
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["import", "{tmp}/none.txt", "--schema", "ags-action-plan", "-o", "{tmp}/m.xlsx"],
            "govsheet: {tmp}/none.txt: file not found; check the path",
        ),
        (
            ["import", "{tmp}/plan.csv", "--schema", "no-such", "-o", "{tmp}/m.xlsx"],
            "govsheet: no-such: is not a schema govsheet knows; use one of ags-action-plan, governance-review "
            "or a .yaml/.json file",
        ),
        (
            ["import", "{tmp}/unrelated.csv", "--schema", "ags-action-plan", "-o", "{tmp}/m.xlsx"],
            "govsheet: {tmp}/unrelated.csv: no header row matches the ags-action-plan schema; the columns must be "
            "titled 'Ref', 'Part of', 'Planned Action', 'Officer responsible', 'Target date for completion', "
            "'Target (as date)', 'Progress status', 'Progress update'",
        ),
        (
            ["import", "{tmp}/plan.csv", "--schema", "{tmp}/typo.yaml", "-o", "{tmp}/m.xlsx"],
            "govsheet: {tmp}/typo.yaml: fields[ref].constraint: unknown key; check its spelling against "
            "'govsheet schema json-schema'",
        ),
        (
            ["import", "{tmp}/old.xls", "--schema", "ags-action-plan", "-o", "{tmp}/m.xlsx"],
            "govsheet: {tmp}/old.xls: is a legacy .xls file; open it in Excel and save it as .xlsx",
        ),
        (
            ["schema", "show", "nothing-here"],
            "govsheet: nothing-here: is not a schema govsheet knows; use one of ags-action-plan, governance-review "
            "or a .yaml/.json file",
        ),
    ],
)
def test_bad_input_gives_one_line_and_exit_2(
    args: list[str], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "plan.csv").write_text("Ref,Planned Action,Officer responsible\n1,a,b\n", encoding="utf-8")
    (tmp_path / "unrelated.csv").write_text("Name,Colour\nApple,Red\n", encoding="utf-8")
    (tmp_path / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504)
    typo = (ROOT / "schemas" / "ags-action-plan.yaml").read_text(encoding="utf-8")
    (tmp_path / "typo.yaml").write_text(
        typo.replace("constraints: {required: true, unique", "constraint: {required: true, unique", 1), encoding="utf-8"
    )
    code, stdout, err = invoke([a.replace("{tmp}", str(tmp_path)) for a in args], capsys)
    assert code == 2
    assert stdout == ""
    assert err == message.replace("{tmp}", str(tmp_path)) + "\n"
    assert not (tmp_path / "m.xlsx").exists()
