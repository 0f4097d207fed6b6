"""Seed extracts at their edges: odd action-plan lines, a Windows-1252 file, italics across a page break."""

from __future__ import annotations

from pathlib import Path

from govsheet import api

RICH_REVIEW_SCHEMA = """
name: rich-review
title: Review with rich text
primaryKey: ref
owner: sro
fields:
  - {name: ref, title: Ref, type: string}
  - {name: references, title: Refs, type: string}
  - {name: recommendation, title: Recommendation, type: text, rich: true}
  - {name: workstream, title: Workstream, type: string}
  - {name: update, title: Update, type: text, rich: true}
  - {name: sro, title: SRO, type: person}
"""


def test_odd_action_plan_lines_are_kept_and_reported(tmp_path: Path) -> None:
    source = tmp_path / "plan.txt"
    source.write_text(
        "Planned Action\tOfficer responsible\tTarget date for completion\tProgress status\n"   # line 1
        "A stray note before any action\t\t\t\n"                                                # line 2
        "1. First action\tAnn\tMarch 2021\tCompleted\n"                                         # line 3
        "<p>Done in <b>March</b>.</p>\t\t\t\n"                                                  # line 4
        "<p><i>More</i> detail.</p>\t\t\t\n"                                                    # line 5
        "Loose row\tBob\t\tIn progress\n"                                                       # line 6
        "3a. Orphan The sub-item has no action 3.\t\t\t\n",                                     # line 7
        encoding="utf-8")
    tracker, report = api.read_source(source, "ags-action-plan")
    values = [(a.values["ref"], a.values["action"], a.values["progress"]) for a in tracker.actions]
    assert values == [
        (None, None, "A stray note before any action"),
        ("1", "First action", "Done in March.\n\nMore detail."),
        (None, "Loose row", None),
        ("3a", "Orphan", "The sub-item has no action 3."),
    ]
    runs = tracker.actions[1].rich["progress"]
    assert [(r.text, r.italic, r.bold) for r in runs] == [
        ("Done in ", False, False), ("March", False, True), (".\n\n", False, False), ("More", True, False),
        (" detail.", False, False)]
    notes = [str(n) for n in report.notes]
    assert ("line 2: guess: narrative with no action above it; imported as a row with no reference, for a person "
            "to fix") in notes
    assert "line 3, 5 [1]: join: progress narrative on line 5 joined to 1 (line 3)" in notes
    assert ("line 6: guess: a row without an action number; imported as written with no reference, for a person "
            "to fix") in notes
    assert "line 7 [3a]: guess: no action 3 comes before this sub-item; parent kept as 3" in notes


def test_seed_in_windows_1252_is_read(tmp_path: Path) -> None:
    source = tmp_path / "plan.txt"
    source.write_bytes("Ref\tPlanned Action\tOfficer responsible\tProgress status\n"
                       "1\tChildren\u2019s services\tAnn\tDone\n".encode("cp1252"))
    tracker, _ = api.read_source(source, "ags-action-plan")
    assert tracker.actions[0].values["action"] == "Children\u2019s services"


def test_a_split_row_keeps_its_italics_across_the_page_break(tmp_path: Path) -> None:
    source = tmp_path / "review.txt"
    source.write_text(
        "Recommendation\tWorkstream\tUpdate\tSRO\n"
        "<p>(2.1) Keep <i>the</i></p><p>plan under</p>\tW\t\tAnn\n"
        "\n"
        "<p><i>review</i> yearly.</p>\t\tDone.\t\n",
        encoding="utf-8")
    schema = tmp_path / "rich.yaml"
    schema.write_text(RICH_REVIEW_SCHEMA, encoding="utf-8")
    tracker, _ = api.read_source(source, schema)
    (action,) = tracker.actions
    assert action.values["recommendation"] == "(2.1) Keep the\n\nplan under review yearly."
    assert action.values["update"] == "Done."
    assert [(r.text, r.italic) for r in action.rich["recommendation"]] == [
        ("(2.1) Keep ", False), ("the", True), ("\n\nplan under ", False), ("review", True), (" yearly.", False)]
