"""govsheet diff against hand-made expectations: changed cells, added, removed and moved rows."""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from govsheet import api
from govsheet.cli import cli, main
from govsheet.diff import moved_keys
from govsheet.importer.master import write_master
from govsheet.model.tracker import Action, Tracker
from govsheet.schemas import load_schema

NAMES = ["ref", "parent", "action", "officer", "target", "target_date", "status", "progress"]
OLD = [
    ("1", None, "Progress reporting", "Group Manager Assurance", "Continuous in 2020/21", None, "In progress",
     "Quarterly reports."),
    ("1a", "1", "LGA Peer Review", "Chief Executive", None, None, None, "Paused."),
    ("2", None, "Information governance training", "Group Manager Assurance", "March 2021", dt.date(2021, 3, 31),
     "Completed", "Done."),
    ("3", None, "Counter-fraud plan", "Head of Legal", "September 2020", dt.date(2020, 9, 30), "Yet to start", None),
    ("15a", None, "Contract register", "Group Manager Procurement", "December 2020", dt.date(2020, 12, 31),
     "Completed", "Published."),
    ("1b", "1", "Constitution review", "Service Director Customers", None, None, None, "Started."),
]
NEW = [
    OLD[0],
    OLD[1],
    OLD[5],  # 1b moved up under 1a: a move, not a change
    (*OLD[2][:3], '=HYPERLINK("http://evil.example","x")', *OLD[2][4:]),
    ("3", None, "Counter-fraud plan", "Head of Legal", "December 2020", dt.date(2020, 12, 31), "In progress",
     "Draft plan written."),
    ("16", None, "New action on risk management", "Head of Risk", "June 2021", dt.date(2021, 6, 30),
     "Yet to start", None),
]


def make(path: Path, rows: list[tuple[object, ...]], round_label: str) -> Path:
    tracker = Tracker(schema_name="ags-action-plan", round=round_label,
                      actions=[Action(values=dict(zip(NAMES, row, strict=True))) for row in rows])
    write_master(tracker, load_schema("ags-action-plan"), path, round_label=round_label)
    return path


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Path, Path]:
    return make(tmp_path / "old.xlsx", OLD, "Q3"), make(tmp_path / "new.xlsx", NEW, "Q4")


def test_diff_reports_changed_cells_added_removed_and_moved_rows(pair: tuple[Path, Path]) -> None:
    old, new = pair
    report = api.diff(old, new)
    assert [(c.key, c.field, c.old, c.new, c.old_cell, c.new_cell) for c in report.changed] == [
        ("2", "officer", "Group Manager Assurance", '=HYPERLINK("http://evil.example","x")', "D4", "D5"),
        ("3", "target", "September 2020", "December 2020", "E5", "E6"),
        ("3", "target_date", "2020-09-30", "2020-12-31", "F5", "F6"),
        ("3", "status", "Yet to start", "In progress", "G5", "G6"),
        ("3", "progress", "", "Draft plan written.", "I5", "I6"),
    ]
    assert [r.key for r in report.added] == ["16"]
    assert [r.key for r in report.removed] == ["15a"]
    assert report.removed[0].values["action"] == "Contract register"
    assert report.moved == ["1b"]
    assert report.order == [("1", "same"), ("1a", "same"), ("1b", "same"), ("2", "changed"), ("3", "changed"),
                            ("15a", "removed"), ("16", "added")]


def test_diff_text_output_is_one_line_per_difference(pair: tuple[Path, Path]) -> None:
    old, new = pair
    result = CliRunner().invoke(cli, ["diff", str(old), str(new)])
    assert result.exit_code == 0
    assert result.output == (
        f"{old} -> {new} (ags-action-plan, keyed by Ref)\n"
        '~ 2 Officer responsible: "Group Manager Assurance" -> "=HYPERLINK("http://evil.example","x")"\n'
        '~ 3 Target date for completion: "September 2020" -> "December 2020"\n'
        '~ 3 Target (as date): "2020-09-30" -> "2020-12-31"\n'
        '~ 3 Progress status: "Yet to start" -> "In progress"\n'
        '~ 3 Progress update: "" -> "Draft plan written."\n'
        '+ 16 added: "New action on risk management"\n'
        '- 15a removed: "Contract register"\n'
        "= 1b moved (order only; not a change)\n"
        "5 cells changed in 2 rows, 1 row added, 1 row removed, 1 row moved\n"
    )


def test_diff_exit_code_flag_exits_1_when_different_and_0_when_same(pair: tuple[Path, Path]) -> None:
    old, new = pair
    assert CliRunner().invoke(cli, ["diff", str(old), str(new), "--exit-code"]).exit_code == 1
    same = CliRunner().invoke(cli, ["diff", str(old), str(old), "--exit-code"])
    assert same.exit_code == 0
    assert same.output.splitlines()[-1] == ("no differences; 0 cells changed in 0 rows, 0 rows added, "
                                            "0 rows removed, 0 rows moved")


def test_diff_json_is_machine_readable(pair: tuple[Path, Path]) -> None:
    old, new = pair
    result = CliRunner().invoke(cli, ["diff", str(old), str(new), "--format", "json"])
    data = json.loads(result.output)
    assert data["changed"][3] == {"key": "3", "field": "status", "title": "Progress status", "old": "Yet to start",
                                  "new": "In progress", "old_cell": "G5", "new_cell": "G6"}
    assert [r["key"] for r in data["added"]] == ["16"]
    assert [r["key"] for r in data["removed"]] == ["15a"]
    assert data["moved"] == ["1b"]
    assert "new_values" not in data


def test_diff_xlsx_marks_changes_in_words_and_symbols_not_colour_alone(pair: tuple[Path, Path],
                                                                      tmp_path: Path) -> None:
    import openpyxl

    old, new = pair
    out = tmp_path / "changes.xlsx"
    result = CliRunner().invoke(cli, ["diff", str(old), str(new), "--format", "xlsx", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output == (f"{out}: diff workbook; 5 cells changed in 2 rows, 1 row added, 1 row removed, "
                             "1 row moved\n")
    book = openpyxl.load_workbook(out)
    ws = book["Changes"]
    assert [ws.cell(r, 1).value for r in range(2, 5)] == ["+ Added", "- Removed", "~ Changed"]
    assert ws.cell(3, 2).value == "a row only in the old version (red, struck through)"
    assert [c.value for c in ws[6]][:3] == ["Change", "Ref", "Part of"]
    table = [[c.value for c in row] for row in ws.iter_rows(min_row=7)]
    assert [(row[0], row[1]) for row in table] == [
        ("", "1"), ("", "1a"), ("", "1b"), ("~ Changed (1)", "2"), ("~ Changed (4)", "3"), ("- Removed", "15a"),
        ("+ Added", "16")]
    assert table[4][7] == "~ In progress\n[was: Yet to start]"
    assert table[3][4] == '~ =HYPERLINK("http://evil.example","x")\n[was: Group Manager Assurance]'
    assert ws.cell(12, 2).font.strike is True
    cells = [[c.value for c in row] for row in book["Changed cells"].iter_rows()]
    assert cells[0] == ["Ref", "Field", "Old value", "New value", "Old cell", "New cell"]
    assert cells[4] == ["3", "Progress status", "Yet to start", "In progress", "G5", "G6"]
    with zipfile.ZipFile(out) as z:
        assert all("<f>" not in z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/"))


def test_diff_between_a_master_and_its_return_compares_only_the_returns_rows(tmp_path: Path) -> None:
    from govsheet.xlsx import Book

    master = make(tmp_path / "master.xlsx", OLD, "Q3")
    issued = api.issue(master, tmp_path / "returns", owners=["Head of Legal"])
    ret = issued.returns[0].path
    book = Book.open(ret)
    sheet = book.sheet("Actions")
    assert sheet.cell("A2").value == "3"
    sheet.set("G2", "In progress")
    sheet.set("I2", "+SUM(A1:A9)")
    book.save()
    report = api.diff(master, ret)
    assert [(c.key, c.field, c.old, c.new) for c in report.changed] == [
        ("3", "status", "Yet to start", "In progress"), ("3", "progress", "", "+SUM(A1:A9)")]
    assert report.removed == []
    assert report.added == []
    assert report.outside_return == 5
    assert report.to_text().splitlines()[-1] == ("2 cells changed in 1 row, 0 rows added, 0 rows removed, 0 rows "
                                                 "moved; 5 master rows outside the return not compared")


def test_diff_refuses_trackers_of_different_schemas(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old = make(tmp_path / "old.xlsx", OLD, "Q3")
    other = tmp_path / "other.xlsx"
    write_master(Tracker(schema_name="governance-review", actions=[Action(values={
        "ref": "10.1", "references": "10.1", "recommendation": "Review", "sro": "Chief Executive"})]),
        load_schema("governance-review"), other)
    with pytest.raises(SystemExit) as done:
        main(["diff", str(old), str(other)])
    assert done.value.code == 2
    assert capsys.readouterr().err == (f"govsheet: {other}: uses schema 'governance-review' but {old} uses "
                                       "'ags-action-plan'; compare two versions of the same tracker\n")


def test_diff_xlsx_without_output_file_exits_2(pair: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    old, new = pair
    with pytest.raises(SystemExit) as done:
        main(["diff", str(old), str(new), "--format", "xlsx"])
    assert done.value.code == 2
    assert capsys.readouterr().err == "govsheet: --format xlsx writes a workbook; give it a file with -o OUT.xlsx\n"


@pytest.mark.parametrize(("old", "new", "moved"), [
    (["a", "b", "c", "d"], ["a", "b", "c", "d"], []),
    (["a", "b", "c", "d"], ["d", "a", "b", "c"], ["d"]),
    (["a", "b", "c", "d"], ["b", "a", "d", "c"], ["a", "c"]),
    (["a", "b", "c"], ["c", "x", "b"], ["b"]),
])
def test_moved_keys_are_the_fewest_rows_out_of_order(old: list[str], new: list[str], moved: list[str]) -> None:
    assert moved_keys(old, new) == moved


def test_diff_flags_repeated_keys_and_shortens_long_text(tmp_path: Path) -> None:
    long_text = "word " * 100
    old = make(tmp_path / "old.xlsx", [OLD[0], OLD[1], (*OLD[1][:7], "Second copy.")], "Q3")
    new = make(tmp_path / "new.xlsx", [(*OLD[0][:7], long_text), OLD[1], (*OLD[1][:7], "Second copy, edited.")],
               "Q4")
    report = api.diff(old, new)
    assert report.duplicate_keys == ["1a"]
    assert [(c.key, c.field) for c in report.changed] == [("1", "progress"), ("1a#2", "progress")]
    lines = report.to_text().splitlines()
    assert lines[1] == '~ 1 Progress update: "Quarterly reports." -> "' + long_text[:159] + '…"'
    assert lines[3] == "! key '1a' appears more than once; later copies are compared as 1a#2, 1a#3, ..."


def test_diff_writes_json_to_a_file_and_reads_a_return_given_as_old(tmp_path: Path) -> None:
    master = make(tmp_path / "master.xlsx", OLD, "Q3")
    ret = api.issue(master, tmp_path / "returns", owners=["Head of Legal"]).returns[0].path
    out = tmp_path / "diff.json"
    result = CliRunner().invoke(cli, ["diff", str(ret), str(master), "--format", "json", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output == ""
    data = json.loads(out.read_text(encoding="utf-8"))
    assert (data["old_kind"], data["new_kind"], data["added"], data["removed"], data["outside_return"]) == (
        "return", "master", [], [], 5)


def test_diff_reads_workbooks_without_metadata_with_the_schema_given_or_found(tmp_path: Path) -> None:
    import xlsxwriter

    plain = tmp_path / "plain.xlsx"
    book = xlsxwriter.Workbook(str(plain))
    sheet = book.add_worksheet("Actions")
    sheet.write_row(0, 0, ["Ref", "Planned Action", "Officer responsible", "Progress status"])
    sheet.write_row(1, 0, ["1", "Progress reporting", "Group Manager Assurance", "Completed"])
    book.close()
    master = make(tmp_path / "master.xlsx", OLD[:1], "Q3")
    for report in (api.diff(plain, master), api.diff(master, plain), api.diff(plain, master, schema="ags-action-plan")):
        assert [(c.key, c.field) for c in report.changed] == [("1", "status")]
        assert report.fields == ["ref", "action", "officer", "status"]
