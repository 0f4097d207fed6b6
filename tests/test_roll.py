"""govsheet roll against hand-made expectations: carried, archived, marked, audited, and the rest kept."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from govsheet import api
from govsheet.audit import read_audit, verify
from govsheet.cli import cli, main
from govsheet.importer.master import write_master
from govsheet.model.tracker import Action, Tracker
from govsheet.schemas import load_schema
from govsheet.workbook.meta import read_meta
from tests.conftest import libreoffice_convert, read_csv_rows

TODAY = dt.date(2021, 1, 15)
NAMES = ["ref", "parent", "action", "officer", "target", "target_date", "status", "progress"]
ROWS = [
    ("1", None, "Progress reporting", "Group Manager Assurance", "Continuous", None, "In progress", "Quarterly."),
    ("1a", "1", "LGA Peer Review", "Chief Executive", None, None, None, "Paused."),
    ("2", None, "IG training", "Group Manager Assurance", "March 2021", dt.date(2021, 3, 31), "Completed",
     '=HYPERLINK("http://evil.example","x")'),
    ("2a", "2", "IG e-learning", "Group Manager Assurance", None, None, None, "Sub done."),
    ("3", None, "Counter-fraud plan", "Head of Legal", "September 2020", dt.date(2020, 9, 30), "Yet to start", None),
    ("15", None, "Procurement", "Group Manager Procurement", None, None, None, None),
    ("15a", "15", "Contract register", "Group Manager Procurement", "December 2020", dt.date(2020, 12, 31),
     "Completed", "Published."),
    ("15b", "15", "Waivers", "Group Manager Procurement", "June 2021", dt.date(2021, 6, 30), "In progress",
     "+Waivers reviewed."),
    ("4", None, "Risk register", "Head of Risk", "March 2021", dt.date(2021, 3, 31), "Completed", "Done."),
    ("4a", "4", "Risk appetite", "Head of Risk", "April 2021", dt.date(2021, 4, 30), "In progress", "Drafted."),
]
CARRIED = ["1", "1a", "3", "15", "15b", "4", "4a"]
ARCHIVED = ["2", "2a", "15a"]


@pytest.fixture
def master(tmp_path: Path) -> Path:
    path = tmp_path / "master.xlsx"
    tracker = Tracker(schema_name="ags-action-plan", round="2020/21 Q3",
                      actions=[Action(values=dict(zip(NAMES, row, strict=True))) for row in ROWS])
    write_master(tracker, load_schema("ags-action-plan"), path, round_label="2020/21 Q3")
    return path


def grid(path: Path, sheet: str) -> list[list[object]]:
    from python_calamine import CalamineWorkbook

    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python()


def test_roll_carries_open_actions_and_archives_completed_ones(master: Path, tmp_path: Path) -> None:
    out = tmp_path / "q4.xlsx"
    report = api.roll(master, "2020/21 Q4", out, today=TODAY)
    assert report.carried == CARRIED
    assert report.archived == ARCHIVED
    assert report.marked == 5
    actions = grid(out, "Actions")
    assert actions[0] == ["Ref", "Part of", "Planned Action", "Officer responsible", "Target date for completion",
                          "Target (as date)", "Progress status", "Icon", "Progress update", "Proposed target",
                          "Reason for new target", "Original target", "Target revisions"]
    assert [(r[0], r[6], r[7], r[8]) for r in actions[1:]] == [
        ("1", "In progress", 2.0, "[2020/21 Q3 update] Quarterly."),
        ("1a", "", "", "[2020/21 Q3 update] Paused."),
        ("3", "Yet to start", 1.0, ""),
        ("15", "", "", ""),
        ("15b", "In progress", 2.0, "[2020/21 Q3 update] +Waivers reviewed."),
        ("4", "Completed", 3.0, "[2020/21 Q3 update] Done."),
        ("4a", "In progress", 2.0, "[2020/21 Q3 update] Drafted."),
    ]
    assert actions[3][5] == dt.date(2020, 9, 30)
    archive = grid(out, "Archive")
    assert archive[0][:4] == ["Archived in round", "Archived on", "Ref", "Part of"]
    assert [(r[0], r[1], r[2], r[8], r[9]) for r in archive[1:]] == [
        ("2020/21 Q3", TODAY, "2", "Completed", '=HYPERLINK("http://evil.example","x")'),
        ("2020/21 Q3", TODAY, "2a", "", "Sub done."),
        ("2020/21 Q3", TODAY, "15a", "Completed", "Published."),
    ]
    meta = read_meta(out)
    assert meta is not None
    assert (meta["round"], meta["previous_round"], meta["kind"]) == ("2020/21 Q4", "2020/21 Q3", "master")
    assert read_meta(master) is not None
    assert read_meta(master)["round"] == "2020/21 Q3"  # type: ignore[index]


def test_roll_appends_audit_rows_to_the_hash_chain(master: Path, tmp_path: Path) -> None:
    out = tmp_path / "q4.xlsx"
    api.roll(master, "2020/21 Q4", out, today=TODAY)
    rows = read_audit(out)
    assert verify(rows).ok
    assert [r[1:11] for r in rows] == [
        ["2020/21 Q4", "", "Group Manager Assurance", "2", "", "Completed", "", "archived",
         "closed in round 2020/21 Q3; moved to the Archive sheet", "master.xlsx"],
        ["2020/21 Q4", "", "Group Manager Assurance", "2a", "", "", "", "archived",
         "closed in round 2020/21 Q3; moved to the Archive sheet", "master.xlsx"],
        ["2020/21 Q4", "", "Group Manager Procurement", "15a", "", "Completed", "", "archived",
         "closed in round 2020/21 Q3; moved to the Archive sheet", "master.xlsx"],
        ["2020/21 Q4", "", "", "", "round", "2020/21 Q3", "2020/21 Q4", "rolled",
         "7 open actions carried forward, 3 archived", "master.xlsx"],
    ]


def test_a_second_roll_appends_to_the_archive_and_relabels_updates(master: Path, tmp_path: Path) -> None:
    from govsheet.xlsx import Book

    q4 = tmp_path / "q4.xlsx"
    api.roll(master, "2020/21 Q4", q4, today=TODAY)
    book = Book.open(q4)
    book.sheet("Actions").set("G4", "Completed")  # action 3, set outside govsheet's commands
    book.save()
    q1 = tmp_path / "q1.xlsx"
    report = api.roll(q4, "2021/22 Q1", q1, today=dt.date(2021, 4, 20))
    assert report.archived == ["3"]
    assert [(r[0], r[2]) for r in grid(q1, "Archive")[1:]] == [
        ("2020/21 Q3", "2"), ("2020/21 Q3", "2a"), ("2020/21 Q3", "15a"), ("2020/21 Q4", "3")]
    assert grid(q1, "Actions")[1][8] == "[2020/21 Q4 update] Quarterly."
    rows = read_audit(q1)
    assert verify(rows).ok
    assert len(rows) == 7  # 3 archived and the roll; the change found made outside govsheet, 1 archived, the roll
    assert [rows[4][i] for i in (4, 5, 7, 8)] == ["3", "status", "Completed", "outside-govsheet"]


def test_roll_keeps_other_parts_byte_for_byte_and_moves_cell_formats_with_rows(master: Path,
                                                                               tmp_path: Path) -> None:
    import openpyxl

    from govsheet.xlsx import Book

    book = Book.open(master)
    notes = book.add_sheet("Notes")
    notes.set("A1", "Officers' own sheet")
    actions = book.sheet("Actions")
    yellow = book.add_style(actions.style_of("C6"), fill="#FFFF00")
    actions.set_style("C6", yellow)  # action 3's wording, row 6 before the roll, row 4 after
    book.save()
    out = tmp_path / "q4.xlsx"
    api.roll(master, "2020/21 Q4", out, today=TODAY)
    with zipfile.ZipFile(master) as before, zipfile.ZipFile(out) as after:
        old = {n: before.read(n) for n in before.namelist()}
        new = {n: after.read(n) for n in after.namelist()}
    changed = sorted(n for n in old if old[n] != new.get(n))
    # Actions, Audit and metadata sheets (new text held in their cells); styles; the workbook, its rels and
    # content types list the new Archive sheet. Everything else (here the officers' Notes sheet, docProps, theme,
    # the shared strings) is untouched.
    assert changed == ["[Content_Types].xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml",
                       "xl/workbook.xml", "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml",
                       "xl/worksheets/sheet4.xml"]
    assert [n for n in new if n not in old] == ["xl/worksheets/sheet6.xml"]
    assert old["xl/worksheets/sheet5.xml"] == new["xl/worksheets/sheet5.xml"]  # the Notes sheet
    assert old["xl/worksheets/sheet3.xml"] == new["xl/worksheets/sheet3.xml"]  # the Owners sheet
    ws = openpyxl.load_workbook(out)["Actions"]
    assert ws["A4"].value == "3"
    assert ws["C4"].fill.fgColor.rgb == "FFFFFF00"
    assert ws["C2"].fill.fgColor.rgb != "FFFFFF00"


def test_roll_can_clear_last_rounds_updates(master: Path, tmp_path: Path) -> None:
    out = tmp_path / "q4.xlsx"
    result = CliRunner().invoke(cli, ["roll", str(master), "--round", "2020/21 Q4", "-o", str(out),
                                      "--clear-updates"])
    assert result.exit_code == 0, result.output
    assert result.output == (f"{out}: round 2020/21 Q4 started from {master} (round 2020/21 Q3); 7 open actions "
                             "carried forward, 3 archived (2, 2a, 15a), 5 progress updates cleared\n")
    assert [r[8] for r in grid(out, "Actions")[1:]] == ["", "", "", "", "", "", ""]


@pytest.mark.parametrize(("args", "message"), [
    (["--round", "2020/21 Q3"], "{master}: is already in round '2020/21 Q3'; give the label of the next round"),
    (["--round", "  "], "--round needs a label for the new round, e.g. 2021/22 Q1"),
])
def test_roll_refuses_a_bad_round_label(master: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                        args: list[str], message: str) -> None:
    with pytest.raises(SystemExit) as done:
        main(["roll", str(master), *args, "-o", str(tmp_path / "q4.xlsx")])
    assert done.value.code == 2
    assert capsys.readouterr().err == "govsheet: " + message.format(master=master) + "\n"
    assert not (tmp_path / "q4.xlsx").exists()


def test_roll_refuses_to_overwrite_the_master_or_roll_a_return(master: Path, tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["roll", str(master), "--round", "Q4", "-o", str(master)])
    assert done.value.code == 2
    assert capsys.readouterr().err == (f"govsheet: {master}: is the master itself; write the new round to another "
                                       "file so the old one stays\n")
    ret = api.issue(master, tmp_path / "returns", owners=["Head of Legal"]).returns[0].path
    with pytest.raises(SystemExit) as done:
        main(["roll", str(ret), "--round", "Q4", "-o", str(tmp_path / "q4.xlsx")])
    assert done.value.code == 2
    assert capsys.readouterr().err == f"govsheet: {ret}: is a return workbook; roll the master it came from\n"


@pytest.mark.libreoffice
def test_libreoffice_reads_the_rolled_master(master: Path, tmp_path: Path) -> None:
    out = tmp_path / "q4.xlsx"
    api.roll(master, "2020/21 Q4", out, today=TODAY)
    rows = read_csv_rows(libreoffice_convert(out, "csv", tmp_path / "lo", sheet=1))
    assert [r[0] for r in rows[1:] if r and r[0]] == CARRIED
    assert rows[1][8] == "[2020/21 Q3 update] Quarterly."


@pytest.mark.parametrize("schema", ["ags-action-plan", "governance-review"])
def test_rolling_a_seed_master_keeps_every_action_exactly_once(master_factory: Callable[[str], Path],
                                                               tmp_path: Path, schema: str) -> None:
    pytest.importorskip("govsheet.importer.seed", reason="the seed importer has not landed")
    seed = tmp_path / "seed.xlsx"
    shutil.copyfile(master_factory(schema), seed)
    before = [str(r[0]) for r in grid(seed, "Actions")[1:]]
    closed = [str(r[0]) for r in grid(seed, "Actions")[1:] if str(r[6]).strip() in {"Completed", "Delivered"}]
    out = tmp_path / "next.xlsx"
    report = api.roll(seed, "next", out, today=TODAY)
    after = [str(r[0]) for r in grid(out, "Actions")[1:] if r[0] != ""]
    archive = [str(r[2]) for r in grid(out, "Archive")[1:]] if report.archived else []
    assert sorted(after + archive) == sorted(before)
    assert after == [k for k in before if k not in archive]
    assert archive == closed  # in the seeds no completed action has an open part
    assert report.archived == archive
    assert verify(read_audit(out)).ok


def test_roll_json_output(master: Path, tmp_path: Path) -> None:
    out = tmp_path / "q4.xlsx"
    result = CliRunner().invoke(cli, ["roll", str(master), "--round", "2020/21 Q4", "-o", str(out), "--format",
                                      "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data == {"master": str(master), "out": str(out), "from_round": "2020/21 Q3", "to_round": "2020/21 Q4",
                    "carried": CARRIED, "archived": ARCHIVED, "marked": 5, "cleared": False}


def _row_of(ws: object, ref: str) -> int:
    for row in ws.iter_rows():  # type: ignore[attr-defined]
        if str(row[0].value) == ref:
            return int(row[0].row)
    raise AssertionError(ref)


def test_roll_keeps_comments_heights_and_links_on_their_own_action(master: Path, tmp_path: Path) -> None:
    import openpyxl
    from openpyxl.comments import Comment

    wb = openpyxl.load_workbook(master)
    ws = wb["Actions"]
    ws.cell(_row_of(ws, "3"), 3).comment = Comment("about action 3", "clerk")
    ws.row_dimensions[_row_of(ws, "4a")].height = 42
    ws.cell(_row_of(ws, "15b"), 3).hyperlink = "https://example.org/15b"
    ws.cell(_row_of(ws, "2a"), 3).comment = Comment("about archived 2a", "clerk")
    wb.save(master)
    out = tmp_path / "q4.xlsx"
    api.roll(master, "2020/21 Q4", out, today=TODAY)
    rolled = openpyxl.load_workbook(out)["Actions"]
    assert [str(rolled.cell(r, 1).value) for r in range(_row_of(rolled, "1"), rolled.max_row + 1)
            if rolled.cell(r, 1).value is not None] == CARRIED
    commented = {str(rolled.cell(c.row, 1).value): c.comment.text for row in rolled.iter_rows() for c in row
                 if c.comment is not None}
    assert commented == {"3": "about action 3"}
    assert rolled.row_dimensions[_row_of(rolled, "4a")].height == 42
    linked = {str(rolled.cell(c.row, 1).value): c.hyperlink.target for row in rolled.iter_rows() for c in row
              if c.hyperlink is not None}
    assert linked == {"15b": "https://example.org/15b"}


def test_the_archive_receives_archived_rows_with_their_formatting(master: Path, tmp_path: Path) -> None:
    import openpyxl
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont
    from openpyxl.styles import Font

    wb = openpyxl.load_workbook(master, rich_text=True)
    ws = wb["Actions"]
    two, part = _row_of(ws, "2"), _row_of(ws, "15a")
    ws.row_dimensions[two].height = 40
    ws.cell(two, 3).font = Font(bold=True, color="FFC00000")
    ws.cell(part, 9).value = CellRichText("Signed off ", TextBlock(InlineFont(i=True), "by the board"), ".")
    widths = {letter: ws.column_dimensions[letter].width for letter in "ABCDEFGI"}  # H: the icon, no field
    wb.save(master)
    out = tmp_path / "q4.xlsx"
    api.roll(master, "2020/21 Q4", out, today=TODAY)
    archive = openpyxl.load_workbook(out, rich_text=True)["Archive"]
    rows = {str(archive.cell(r, 3).value): r for r in range(2, archive.max_row + 1)}
    assert sorted(rows) == sorted(ARCHIVED)
    assert archive.row_dimensions[rows["2"]].height == 40
    assert (archive.cell(rows["2"], 5).font.b, archive.cell(rows["2"], 5).font.color.rgb) == (True, "FFC00000")
    assert archive.cell(rows["2"], 5).value == "IG training"
    rich = archive.cell(rows["15a"], 10).value
    assert isinstance(rich, CellRichText)
    assert [(getattr(getattr(part, "font", None), "i", None), str(part)) for part in rich] == [
        (None, "Signed off "), (True, "by the board"), (None, ".")]
    assert archive.cell(rows["2a"], 1).value == "2020/21 Q3"
    letters = "CDEFGHIJ"  # the master's field columns, after the two round columns
    assert {m: archive.column_dimensions[a].width for m, a in zip("ABCDEFGI", letters, strict=True)} == widths
