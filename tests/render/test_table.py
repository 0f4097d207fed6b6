"""The committee table built from a master (order, status icons and words, filters), and `govsheet render` over it."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from govsheet import api
from govsheet.cli import cli, main
from govsheet.render.table import build_table, open_tracker

from .conftest import ORDER, ROWS, TODAY

NARRATIVES = {ref: progress for ref, *_, progress in ROWS if progress}


def test_the_table_puts_sub_items_and_parts_under_their_parent(handmade: Path) -> None:
    table = build_table(open_tracker(handmade), today=TODAY)
    assert [r.key for r in table.rows] == ORDER
    assert [r.level for r in table.rows] == [0, 1, 1, 0, 0, 0, 1, 1]
    assert [c.title for c in table.columns] == ["Ref", "Planned Action", "Officer responsible",
                                                "Target date for completion", "Progress status"]
    assert table.title == "Annual Governance Statement action plan: 2020/21 Q3"
    assert table.subtitle == "Position at 15 January 2021"
    assert {r.key: r.narrative for r in table.rows if r.narrative} == NARRATIVES


def test_status_is_icon_plus_words_and_the_summary_counts_each_status(handmade: Path) -> None:
    table = build_table(open_tracker(handmade), today=TODAY)
    assert [r.cells[4] for r in table.rows] == ["◐ In progress", "", "", "● Completed", "○ Yet to start", "",
                                                "● Completed", "◐ In progress"]
    assert [(s.label, s.icon, s.count) for s in table.summary] == [
        ("Yet to start", "○", 1), ("In progress", "◐", 2), ("Completed", "●", 2)]


# --- xlsx -------------------------------------------------------------------------------------------------------


# --- HTML -------------------------------------------------------------------------------------------------------


# --- Word -------------------------------------------------------------------------------------------------------


def test_render_command_says_what_it_wrote(handmade: Path, tmp_path: Path) -> None:
    out = tmp_path / "o.html"
    result = CliRunner().invoke(cli, ["render", str(handmade), "--format", "html", "-o", str(out),
                                      "--where", "status != completed", "--date", "2021-01-15"])
    assert result.exit_code == 0, result.output
    assert result.output == f"{out}: committee table (html), 6 of 8 rows\n"
    assert "Position at 15 January 2021; showing 6 of 8 rows where status != completed" in out.read_text("utf-8")


def test_render_a_workbook_without_metadata_asks_for_a_schema(tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    import xlsxwriter

    plain = tmp_path / "plain.xlsx"
    book = xlsxwriter.Workbook(str(plain))
    book.add_worksheet("Actions").write_row(0, 0, ["Ref", "Planned Action"])
    book.close()
    with pytest.raises(SystemExit) as done:
        main(["render", str(plain), "--format", "html", "-o", str(tmp_path / "o.html")])
    assert done.value.code == 2
    assert capsys.readouterr().err == (f"govsheet: {plain}: does not say which schema it follows (no govsheet "
                                       "metadata); give --schema NAME or a schema file\n")


def test_a_status_no_one_recognises_is_shown_as_typed_and_counted_apart(tmp_path: Path) -> None:
    from govsheet.importer.master import write_master
    from govsheet.model.tracker import Action, Tracker
    from govsheet.schemas import load_schema

    path = tmp_path / "odd.xlsx"
    write_master(Tracker(schema_name="ags-action-plan", actions=[
        Action(values={"ref": "1", "action": "A", "officer": "X", "status": "Finished?"}),
        Action(values={"ref": "2", "action": "B", "officer": "X", "status": "Done"}),
    ]), load_schema("ags-action-plan"), path)
    table = build_table(open_tracker(path), today=TODAY)
    assert table.title == "Annual Governance Statement action plan"
    assert [r.cells[4] for r in table.rows] == ["Finished?", "● Completed"]
    assert [(s.label, s.count) for s in table.summary] == [
        ("Yet to start", 0), ("In progress", 0), ("Completed", 1), ("Status not recognised", 1)]
    out = tmp_path / "odd.html"
    api.render(path, "html", out, today=TODAY)
    assert "<td>Finished?</td>" in out.read_text(encoding="utf-8")


def test_a_return_renders_with_only_its_owners_rows(handmade: Path, tmp_path: Path) -> None:
    ret = api.issue(handmade, tmp_path / "returns", owners=["Group Manager Procurement"]).returns[0].path
    table = build_table(open_tracker(ret), today=TODAY)
    assert [r.key for r in table.rows] == ["15", "15a", "15b"]
    out = tmp_path / "return.docx"
    api.render(ret, "docx", out, today=TODAY)
    assert out.stat().st_size > 0


def test_an_empty_filter_result_still_renders_in_every_format(handmade: Path, tmp_path: Path) -> None:
    for fmt in ("xlsx", "html", "docx"):
        out = tmp_path / f"none.{fmt}"
        written = api.render(handmade, fmt, out, where="key = 99", today=TODAY)
        assert written.what == f"committee table ({fmt}), 0 of 8 rows"
    assert "No actions match the filter." in (tmp_path / "none.html").read_text(encoding="utf-8")


def test_a_workbook_without_metadata_renders_with_schema_given(tmp_path: Path) -> None:
    import xlsxwriter

    plain = tmp_path / "plain.xlsx"
    book = xlsxwriter.Workbook(str(plain))
    sheet = book.add_worksheet("Actions")
    sheet.write_row(0, 0, ["Ref", "Planned Action", "Officer responsible", "Progress status", "Progress update"])
    sheet.write_row(1, 0, ["1", "Review the constitution", "Monitoring Officer", "Ongoing", "Drafted."])
    book.close()
    result = CliRunner().invoke(cli, ["render", str(plain), "--format", "html", "-o", str(tmp_path / "o.html"),
                                      "--schema", "ags-action-plan", "--title", "Audit Committee, 3 March 2021"])
    assert result.exit_code == 0, result.output
    text = (tmp_path / "o.html").read_text(encoding="utf-8")
    assert "<h1>Audit Committee, 3 March 2021</h1>" in text
    assert '<span class="icon" aria-hidden="true">◐</span> In progress</td>' in text
