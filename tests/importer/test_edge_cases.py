"""Less common inputs: typed fields, stray narrative, uncertain joins, the rebuild entry point."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from govsheet import api
from govsheet.errors import SourceError
from govsheet.rebuild import main as rebuild_main

TYPED_SCHEMA = """
name: typed
title: Typed tracker
primaryKey: ref
owner: owner
fields:
  - {name: ref, title: Ref, type: string}
  - {name: owner, title: Owner, type: person}
  - {name: count, title: Count, type: integer}
  - {name: cost, title: Cost, type: number}
  - {name: due, title: Due, type: date}
"""


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


def test_typed_fields_are_converted_or_kept_and_noted(tmp_path: Path) -> None:
    schema = tmp_path / "typed.yaml"
    schema.write_text(TYPED_SCHEMA, encoding="utf-8")
    source = tmp_path / "t.csv"
    source.write_text('Ref,Owner,Count,Cost,Due\n1,Ann,"1,234",2.5,31/03/2021\n2,Bob,many,3,soon\n3,Cy,7.0,,\n',
                      encoding="utf-8")
    tracker, report = api.read_source(source, schema)
    assert [a.values for a in tracker.actions] == [
        {"ref": "1", "owner": "Ann", "count": 1234, "cost": 2.5, "due": dt.date(2021, 3, 31)},
        {"ref": "2", "owner": "Bob", "count": "many", "cost": 3.0, "due": "soon"},
        {"ref": "3", "owner": "Cy", "count": 7, "cost": None, "due": None},
    ]
    notes = [str(n) for n in report.notes]
    assert "line 3: guess: count: 'many' is not a number; kept as written" in notes
    assert "line 3: guess: due: 'soon' is not a date; kept as written" in notes


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


def test_recommendation_join_after_a_full_stop_is_a_guess(tmp_path: Path) -> None:
    source = tmp_path / "review.txt"
    source.write_text(
        "Recommendation\tWorkstream\tUpdate\tSRO\n"                        # line 1
        "Preamble with no reference.\t\t\t\n"                               # line 2
        "(1.1) Do the thing.\tW1\tStarted.\tAnn\n"                          # line 3
        "\n"                                                                # line 4
        "Also this.\t\tMore.\t\n"                                           # line 5
        "1.2 Next thing\tW2\t\tBob\n",                                      # line 6
        encoding="utf-8")
    tracker, report = api.read_source(source, "governance-review")
    assert [(a.values["ref"], a.values["recommendation"], a.values["update"]) for a in tracker.actions] == [
        (None, "Preamble with no reference.", None),
        ("1.1", "(1.1) Do the thing. Also this.", "Started. More."),
        ("1.2", "1.2 Next thing", None),
    ]
    notes = [str(n) for n in report.notes]
    assert ("line 3, 5 [1.1]: guess: line 5 starts with no reference (line 3 ends a sentence, so this is less "
            "certain): the row continues across the page break; recommendation, update joined (\u2026'(1.1) Do the "
            "thing.' + 'Also this.'\u2026)") in notes
    assert "line 2: guess: no recommendation reference found; the row has no key, for a person to fix" in notes


def test_seed_in_windows_1252_is_read(tmp_path: Path) -> None:
    source = tmp_path / "plan.txt"
    source.write_bytes("Ref\tPlanned Action\tOfficer responsible\tProgress status\n"
                       "1\tChildren\u2019s services\tAnn\tDone\n".encode("cp1252"))
    tracker, _ = api.read_source(source, "ags-action-plan")
    assert tracker.actions[0].values["action"] == "Children\u2019s services"


def test_xlsx_source_problems_are_source_errors(tmp_path: Path) -> None:
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a zip at all")
    with pytest.raises(SourceError, match=r"broken\.xlsx: .*\(not a zip package\)"):
        api.read_source(broken, "ags-action-plan")
    from tests.conftest import SEEDS

    master = tmp_path / "m.xlsx"
    api.import_tracker(SEEDS["ags-action-plan"], "ags-action-plan", master)
    with pytest.raises(SourceError, match=r"m\.xlsx: has no sheet named 'Plan'; choose one of Actions, Audit"):
        api.read_source(master, "ags-action-plan", sheet="Plan")


def test_rebuild_entry_point_writes_both_masters(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert rebuild_main([str(tmp_path / "out")]) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"{tmp_path / 'out' / 'ags-action-plan.xlsx'}: 28 rows, 86 import notes",
        f"{tmp_path / 'out' / 'governance-review.xlsx'}: 10 rows, 20 import notes",
    ]
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    assert rebuild_main([str(blocker / "sub")]) == 2
    assert capsys.readouterr().err.startswith(f"govsheet: {blocker / 'sub'}: cannot create the folder")


def test_csv_report_names_file_lines_and_date_serials_are_read(tmp_path: Path) -> None:
    schema = tmp_path / "typed.yaml"
    schema.write_text(TYPED_SCHEMA, encoding="utf-8")
    source = tmp_path / "t.csv"
    source.write_text('Ref,Owner,Due\n1,"Ann\nand Bob",44286\n\n2,Cy,later\n', encoding="utf-8")
    tracker, report = api.read_source(source, schema)
    assert [(a.values["owner"], a.values["due"]) for a in tracker.actions] == [
        ("Ann\nand Bob", dt.date(2021, 3, 31)), ("Cy", "later")]
    notes = [str(n) for n in report.notes]
    assert "line 2: parse: due: '44286' read as a spreadsheet date serial, 2021-03-31" in notes
    assert "line 5: guess: due: 'later' is not a date; kept as written" in notes


def test_text_sources_far_larger_than_any_tracker_are_refused(tmp_path: Path) -> None:
    from govsheet.importer.table import read_source_bytes

    source = tmp_path / "huge.csv"
    source.write_bytes(b"x" * (3 * 2**20))
    with pytest.raises(SourceError) as caught:
        read_source_bytes(source, 2 * 2**20)
    assert str(caught.value) == (f"{source}: is larger than 2 MB, far larger than any tracker; check it is the "
                                 "right file")
    assert read_source_bytes(source, 4 * 2**20) == b"x" * (3 * 2**20)


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
