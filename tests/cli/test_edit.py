"""`govsheet edit` from the command line: typed values, in-place or -o, and one-line errors (exit 2)."""

from __future__ import annotations

import json
import shutil
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from govsheet.xlsx import Book
from tests.cli.helpers import invoke
from tests.conftest import corpus_file, protected_workbook


def values(path: Path, sheet: str) -> list[list[object]]:
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python(skip_empty_area=False)


@pytest.fixture
def tracker(master: Callable[[str], Path]) -> Path:
    return master("ags-action-plan")


def test_edit_in_place_prints_each_change(tracker: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = invoke(["edit", str(tracker), "--set", "Actions!G2=Completed", "--set", "Actions!A2:=0042",
                             "--set", "Actions!F3=2025-06-30", "--set", "Actions!I2="], capsys)
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        'Actions!G2: "In progress" -> "Completed"',
        'Actions!A2: "1" -> "0042"',
        'Actions!F3: (empty) -> "2025-06-30"',
        "Actions!I2: (empty) -> (empty)",
        f"wrote {tracker.resolve()}",
    ]
    rows = values(tracker, "Actions")
    assert (rows[1][6], rows[1][0], rows[2][5]) == ("Completed", "0042", date(2025, 6, 30))


def test_edit_to_another_file_leaves_the_original_alone(tracker: Path, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    before = tracker.read_bytes()
    out_path = tmp_path / "copy.xlsx"
    code, out, _ = invoke(["edit", str(tracker), "--set", "Actions!D2=7", "-o", str(out_path), "--format", "json"],
                          capsys)
    assert code == 0
    report = json.loads(out)
    assert report["changes"] == [{"sheet": "Actions", "ref": "D2", "old": "Group Manager Assurance to monitor and "
                                  "report compliance with agreed progress reporting", "new": "7"}]
    # the Actions sheet and, a master being edited, the Audit sheet with its new row (text held in its
    # cells: the shared strings stay as they were), its filter's defined name (grown over the row) and
    # the metadata recording the tracked values
    assert sorted(report["parts_rewritten"]) == ["xl/workbook.xml",
                                                 "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml",
                                                 "xl/worksheets/sheet4.xml"], "XlsxWriter already set fullCalcOnLoad"
    assert tracker.read_bytes() == before
    assert values(out_path, "Actions")[1][3] == 7


def test_a_formula_is_written_with_formula(tracker: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = invoke(["edit", str(tracker), "--formula", "Actions!J2=LEN(C2)"], capsys)
    assert code == 0
    assert out.splitlines()[0] == 'Actions!J2: (empty) -> "=LEN(C2)"'
    assert Book.open(tracker).sheet("Actions").cell("J2").formula == "LEN(C2)"


@pytest.mark.parametrize(("args", "message"), [
    (["--set", "Action!A1=x"], 'has no sheet "Action"; its sheets are "Actions", "Audit", "Owners", "_govsheet"'),
    (["--set", "Actions!A0=x"], '"A0" is outside the sheet; the last cell is XFD1048576'),
    (["--set", "Actions!ZZZZ1=x"], '"ZZZZ1": column ZZZZ is out of range; Excel\'s last column is XFD'),
    (["--set", "Actions!XFE1=x"], '"XFE1": column XFE is out of range; Excel\'s last column is XFD'),
    (["--set", "Actions!A1048577=x"], '"A1048577": row 1048577 is out of range; Excel\'s last row is 1048576'),
    (["--set", "Actions=x"], '"Actions=x" is not of the form SHEET!CELL=VALUE, e.g. "Actions!D14=In progress"'),
    (["--set", "Actions!B2=2024-02-30"], '"2024-02-30" looks like a date but is not one (day is out of range for '
                                         'month); use YYYY-MM-DD, or write "A1:=2024-02-30" to store it as text'),
    ([], "nothing to do; give at least one --set SHEET!CELL=VALUE"),
])
def test_bad_arguments_exit_2_with_one_line(tracker: Path, args: list[str], message: str,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    before = tracker.read_bytes()
    code, out, err = invoke(["edit", str(tracker), *args], capsys)
    assert (code, out) == (2, "")
    assert err.splitlines() in ([f"govsheet: {tracker}: {message}"], [f"govsheet: {message}"])
    assert tracker.read_bytes() == before


def test_an_encrypted_workbook_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "locked.xlsx"
    shutil.copyfile(corpus_file("bad/excelize-encryptAES.xlsx"), path)
    code, _, err = invoke(["edit", str(path), "--set", "Sheet1!A1=x"], capsys)
    assert code == 2
    assert err == (f"govsheet: {path}: is encrypted with a password; open it in Excel, remove the password "
                   "(File > Info > Protect Workbook) and save it again\n")


def test_a_missing_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = invoke(["edit", str(tmp_path / "nope.xlsx"), "--set", "A1=x"], capsys)
    assert code == 2
    missing = tmp_path / "nope.xlsx"
    assert err == f"govsheet: {missing}: cannot be read (No such file or directory); check the path and permissions\n"


@pytest.mark.corpus  # 57181.xlsm (335 KB) is not kept with the tests
def test_locked_cells_of_a_protected_sheet_need_force(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "protected.xlsm"
    shutil.copyfile(corpus_file("poi/test-data/spreadsheet/57181.xlsm"), path)
    code, _, err = invoke(["edit", str(path), "--set", "CCSInfo!A200=x"], capsys)
    assert code == 2
    assert err == (f'govsheet: {path}: sheet "CCSInfo" is protected and A200 is locked; unprotect the sheet in '
                   "Excel, or pass --force to edit it anyway\n")
    code, _, err = invoke(["edit", str(path), "--set", "CCSInfo!A200=x", "--force"], capsys)
    assert (code, err) == (0, "")
    assert Book.open(path).sheet("CCSInfo").cell("A200").value == "x"


def test_locked_cells_of_a_made_protected_sheet_need_force(tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    path = protected_workbook(tmp_path / "protected.xlsx")
    code, _, err = invoke(["edit", str(path), "--set", "Locked!A1=x"], capsys)
    assert code == 2
    assert err == (f'govsheet: {path}: sheet "Locked" is protected and A1 is locked; unprotect the sheet in '
                   "Excel, or pass --force to edit it anyway\n")
    assert invoke(["edit", str(path), "--set", "Locked!B1=unlocked edit"], capsys)[0] == 0
    code, _, err = invoke(["edit", str(path), "--set", "Locked!A1=x", "--force"], capsys)
    assert (code, err) == (0, "")
    sheet = Book.open(path).sheet("Locked")
    assert (sheet.cell("A1").value, sheet.cell("B1").value) == ("x", "unlocked edit")


def test_a_macro_workbook_stays_xlsm(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "vba.xlsm"
    shutil.copyfile(corpus_file("calamine/tests/vba.xlsm"), path)
    code, _, err = invoke(["edit", str(path), "--set", "A30=x", "-o", str(tmp_path / "out.xlsx")], capsys)
    assert code == 2
    assert "would hold a macro-enabled workbook under an .xlsx name, which Excel refuses to open; save it as .xlsm" \
        in err
    code, _, _ = invoke(["edit", str(path), "--set", "A30=x"], capsys)
    assert code == 0
    with zipfile.ZipFile(path) as edited, zipfile.ZipFile(corpus_file("calamine/tests/vba.xlsm")) as original:
        assert edited.read("xl/vbaProject.bin") == original.read("xl/vbaProject.bin")


def test_edit_is_listed_with_help(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = invoke(["edit", "--help"], capsys)
    assert code == 0
    assert "SHEET!CELL:=VALUE keeps VALUE as text" in " ".join(out.split())


@pytest.mark.parametrize("lock", ["~$ags-action-plan-master.xlsx", ".~lock.ags-action-plan-master.xlsx#"])
def test_a_workbook_open_in_excel_or_libreoffice_is_not_edited_in_place(tracker: Path, lock: str,
                                                                          capsys: pytest.CaptureFixture[str]) -> None:
    (tracker.parent / lock).write_bytes(b"owner")
    before = tracker.read_bytes()
    code, _, err = invoke(["edit", str(tracker), "--set", "Actions!G2=Completed"], capsys)
    assert code == 2
    assert err == (f"govsheet: {tracker}: is open in Excel or LibreOffice ({lock} is beside it), which would write "
                   "over this edit when it saves; close it first, or pass --force\n")
    assert tracker.read_bytes() == before
    code, _, _ = invoke(["edit", str(tracker), "--set", "Actions!G2=Completed", "-o", str(tracker.parent / "c.xlsx")],
                        capsys)
    assert code == 0, "a copy may be written while the original is open"
    code, _, _ = invoke(["edit", str(tracker), "--set", "Actions!G2=Completed", "--force"], capsys)
    assert code == 0


def test_cells_of_a_pivot_table_need_force(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "pivot.xlsx"
    shutil.copyfile(corpus_file("closedxml/ClosedXML.Tests/Resource/TryToLoad/LO/xlsx/pivot_table_first_header_row.xlsx"),
                    path)
    sheet = Book.open(path).sheet(Book.open(path).sheet_names[0])
    assert sheet.pivot_ranges == ["G1:AB8", "D3:E6", "A1:B6"]
    code, _, err = invoke(["edit", str(path), "--set", f"{sheet.name}!A1=x"], capsys)
    assert code == 2
    assert err == (f'govsheet: {path}: sheet "{sheet.name}": A1 is inside a pivot table (A1:B6), which Excel and '
                   "LibreOffice rebuild when it is refreshed; change its source data instead, or pass --force\n")
    code, _, _ = invoke(["edit", str(path), "--set", f"{sheet.name}!C1=x"], capsys)
    assert code == 0, "C1 is outside every pivot table"
    code, _, _ = invoke(["edit", str(path), "--set", f"{sheet.name}!A1=x", "--force"], capsys)
    assert code == 0
