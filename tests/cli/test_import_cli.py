"""`govsheet import` and `govsheet schema` from the command line: results and one-line errors."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from govsheet.cli import COMMANDS, main
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


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    from govsheet.errors import SourceError

    with pytest.raises(SourceError):
        main(["--debug", "import", str(tmp_path / "none.csv"), "--schema", "ags-action-plan", "-o", "m.xlsx"])


def test_schema_list_show_and_json_schema(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = invoke(["schema", "list"], capsys)
    assert code == 0
    assert out.splitlines() == [
        "ags-action-plan\tAnnual Governance Statement action plan (12 fields, 3 statuses)",
        "governance-review\tGovernance review recommendations (13 fields, 3 statuses)",
    ]
    code, out, _ = invoke(["schema", "show", "governance-review"], capsys)
    assert code == 0
    assert out == (ROOT / "schemas" / "governance-review.yaml").read_text(encoding="utf-8")
    code, out, _ = invoke(["schema", "json-schema"], capsys)
    assert json.loads(out)["title"] == "Schema"


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
