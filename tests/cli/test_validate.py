"""``govsheet validate`` on the command line: output, JSON field by field, exit codes and error lines."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from govsheet.cli import main
from tests.validate.faults import plant_ags_faults


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Callable[..., tuple[int, str, str]]:
    """Run ``govsheet validate`` as the console script does; return (exit code, stdout, stderr)."""

    def invoke(*args: str) -> tuple[int, str, str]:
        try:
            main(["validate", *args])
        except SystemExit as exited:
            code = int(exited.code or 0)
        else:
            code = 0
        out, err = capsys.readouterr()
        return code, out, err

    return invoke


Run = Callable[..., tuple[int, str, str]]


def test_clean_master_exits_0_with_one_line(run: Run, master: Callable[[str], Path]) -> None:
    path = master("ags-action-plan")
    code, out, err = run(str(path), "--today", "2020-06-01")
    assert (code, err) == (0, "")
    assert out == f"{path}: valid (ags-action-plan, 28 rows, no problems)\n"


def test_warnings_only_exit_0_grouped_by_row(run: Run, master: Callable[[str], Path]) -> None:
    path = master("ags-action-plan")
    code, out, _ = run(str(path), "--today", "2026-11-25")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == f"{path}: valid (ags-action-plan, 28 rows): 0 errors, 12 warnings"
    assert lines[1] == 'Actions row 8, ref "2":'
    assert lines[2].startswith("  warning E8 target: the target date has passed")
    assert lines[2].endswith("[overdue]")


def test_errors_exit_1_and_json_matches_the_spec(run: Run, master: Callable[[str], Path], tmp_path: Path) -> None:
    faulty = plant_ags_faults(master("ags-action-plan"), tmp_path / "faulty.xlsx")
    code, out, err = run(str(faulty), "--format", "json", "--today", "2020-06-01")
    assert (code, err) == (1, "")
    data = json.loads(out)
    assert list(data) == ["valid", "workbook", "schema", "errors", "stats"]
    assert data["valid"] is False
    assert data["workbook"] == str(faulty)
    assert data["schema"] == "ags-action-plan"
    assert len(data["errors"]) == 20
    unknown = next(e for e in data["errors"] if e["code"] == "status-unknown")
    assert unknown == {
        "code": "status-unknown",
        "severity": "error",
        "sheet": "Actions",
        "cell": "G10",
        "row": 10,
        "field": "status",
        "key": "4",
        "value": "In progrss",
        "message": 'status "In progrss" is not one of "Yet to start", "In progress", "Completed"; did you mean '
                   '"In progress"?',
    }
    renamed = data["errors"][0]
    assert renamed == {
        "code": "header-renamed", "severity": "warning", "sheet": "Actions", "cell": "G1", "row": 1,
        "field": "status", "key": None, "value": "Status",
        "message": 'the header "Status" was read as "Progress status"; rename it to "Progress status"',
    }
    assert data["stats"] == {
        "rows": 28, "errors": 11, "warnings": 9,
        "by_code": {
            "column-unknown": 1, "completed-without-progress": 1, "date-as-number": 1, "date-as-text": 1,
            "derived-mismatch": 1, "formula-in-cell": 1, "formula-like-text": 1, "header-renamed": 1,
            "key-duplicate": 1, "key-missing": 1, "merged-cells": 1, "merged-hidden-cell": 1, "not-a-date": 1, "overdue": 1,
            "parent-unknown": 1, "pattern-mismatch": 1, "required-missing": 1, "status-misspelled": 1,
            "status-synonym": 1, "status-unknown": 1,
        },
    }


def test_missing_file_exits_2_with_one_line(run: Run, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.xlsx"
    code, out, err = run(str(missing), "--schema", "ags-action-plan")
    assert (code, out) == (2, "")
    assert err == f"govsheet: {missing}: file not found; check the path\n"


def test_not_a_workbook_exits_2(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "notes.xlsx"
    path.write_text("just some text", encoding="utf-8")
    code, _, err = run(str(path), "--schema", "ags-action-plan")
    assert code == 2
    assert err == (f"govsheet: {path}: is not an Excel workbook (not a zip package); check you picked the right "
                   "file, or save it from Excel as .xlsx\n")


def test_unknown_schema_exits_2(run: Run, master: Callable[[str], Path]) -> None:
    path = master("ags-action-plan")
    code, _, err = run(str(path), "--schema", "nosuch")
    assert code == 2
    assert err == ("govsheet: nosuch: is not a schema govsheet knows; use one of ags-action-plan, governance-review "
                   "or a .yaml/.json file\n")


def test_bad_today_is_a_usage_error(run: Run, master: Callable[[str], Path]) -> None:
    code, _, err = run(str(master("ags-action-plan")), "--today", "25/11/2026")
    assert code == 2
    assert "Invalid value for '--today'" in err


def test_text_output_groups_findings_by_sheet_and_row(run: Run, master: Callable[[str], Path],
                                                      tmp_path: Path) -> None:
    import openpyxl

    path = master("ags-action-plan")
    wb = openpyxl.load_workbook(path)
    ws = wb["Actions"]
    ws["G1"] = "Status"
    ws["G10"] = "Done"
    ws["I10"] = None
    ws.delete_cols(6)  # "Target (as date)": an optional column
    wb.save(path)
    code, out, _ = run(str(path), "--today", "2020-06-01")
    assert code == 1
    assert out.splitlines() == [
        f"{path}: not valid (ags-action-plan, 28 rows): 1 error, 3 warnings",
        "Actions row 1:",
        '  warning target_date: the column "Target (as date)" is missing; add it back if officers should fill it '
        "in [optional-column-missing]",
        '  warning F1 status: the header "Status" was read as "Progress status"; rename it to "Progress status" '
        "[header-renamed]",
        'Actions row 10, ref "4":',
        '  warning F10 status: status "Done" was read as "Completed"; pick "Completed" from the list [status-synonym]',
        "  error   H10 progress: an action marked completed needs a progress note saying what was done "
        "[completed-without-progress]",
    ]


def test_the_cli_says_where_the_annotated_copy_went(master: Callable[[str], Path], tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    from govsheet.cli import main

    out = tmp_path / "annotated.xlsx"
    with pytest.raises(SystemExit) as exited:
        main(["validate", str(master("ags-action-plan")), "--today", "2020-06-01", "--annotate", str(out)])
    assert exited.value.code == 0
    assert capsys.readouterr().out.splitlines()[-1] == f"annotated copy: {out}"
    assert out.exists()
