"""The rows a seed layout builds: a cell's text and italics put on a row, and every row finished alike."""

from __future__ import annotations

from pathlib import Path

from govsheet.importer.fragments import parse_cell
from govsheet.importer.seed_lines import SeedLine, SeedRow, SeedTable, finish_rows
from govsheet.model.importing import ImportLog
from govsheet.model.tracker import Run
from govsheet.schemas import load_schema

SCHEMA = load_schema("ags-action-plan")


def test_a_cell_puts_its_text_and_only_real_runs_on_the_row() -> None:
    row = SeedRow(lines=[4])
    row.put("action", parse_cell("Review <i>the plan</i>"))
    assert row.values == {"action": "Review the plan"}
    assert row.rich == {"action": (Run(text="Review "), Run(text="the plan", italic=True))}
    row.put("action", parse_cell("Plain again"))
    assert (row.values, row.rich) == ({"action": "Plain again"}, {})
    row.put("progress", parse_cell(""))
    assert row.values["progress"] is None


def test_a_line_says_which_fields_are_filled() -> None:
    line = SeedLine(number=9, cells={"ref": parse_cell("3"), "status": parse_cell(""), "action": parse_cell("Go")},
                    raw={})
    assert line.filled == ["ref", "action"]
    assert (line.text("action"), line.text("officer")) == ("Go", "")


def test_rows_are_finished_with_blank_required_fields_and_repairs_noted() -> None:
    row = SeedRow(lines=[4, 5])
    row.put("ref", parse_cell("2"))
    row.put("action", parse_cell("Review <i>the plan</i>"))
    row.put("status", parse_cell("Inprogress"))
    report = ImportLog(source="plan.txt", schema_name=SCHEMA.name, format="seed")
    tracker = finish_rows([row], SeedTable(path=Path("plan.txt"), columns={}, headers={}), SCHEMA, report)
    (action,) = tracker.actions
    assert (action.values["ref"], action.values["status"], action.values["officer"]) == ("2", "In progress", None)
    assert action.rich["action"][1] == Run(text="the plan", italic=True)
    assert [str(n) for n in report.notes] == [
        "line 4, 5 [2]: guess: nothing written for 'Officer responsible'; left blank for a person to fill",
        "line 4 [2]: repair: status 'Inprogress' read as 'In progress'"]
