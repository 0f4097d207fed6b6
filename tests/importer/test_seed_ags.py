"""Seed 000, the county council's AGS action plan, imported cell by cell."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from openpyxl.cell.rich_text import CellRichText, TextBlock

from govsheet import api
from govsheet.model.importing import ImportReport
from tests.conftest import GOLDEN
from tests.importer.sheet import rows_by_key

SCHEMA = "ags-action-plan"
REFS = ["1", "1a", "1b", "1c", "1d", "1e", *[str(n) for n in range(2, 15)], "15", "15a", "15b",
        *[str(n) for n in range(16, 22)]]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, ImportReport]:
    from tests.conftest import SEEDS

    out = tmp_path_factory.mktemp("ags") / "master.xlsx"
    report = api.import_tracker(SEEDS[SCHEMA], SCHEMA, out)
    return out, report


@pytest.fixture(scope="module")
def rows(built: tuple[Path, ImportReport]) -> dict[str, dict[str, object]]:
    return rows_by_key(built[0])


def test_every_action_sub_item_and_part_is_one_row_in_order(built: tuple[Path, ImportReport]) -> None:
    from tests.importer.sheet import actions_grid

    grid = actions_grid(built[0])
    assert [str(r[0]) for r in grid[1:]] == REFS
    assert built[1].rows == 28


def test_statuses_are_cleaned_and_mapped(rows: dict[str, dict[str, object]]) -> None:
    completed = {k for k, r in rows.items() if r["Progress status"] == "Completed"}
    yet = {k for k, r in rows.items() if r["Progress status"] == "Yet to start"}
    blank = {k for k, r in rows.items() if r["Progress status"] == ""}
    others = {r["Progress status"] for k, r in rows.items() if k not in completed | yet | blank}
    assert completed == {"3", "15b"}
    assert yet == {"11", "17", "19"}
    assert blank == {"1a", "1b", "1c", "1d", "1e"}  # the paper gives sub-items no status
    assert others == {"In progress"}
    assert rows["1a"]["Icon"] == ""
    assert rows["3"]["Icon"] == 3.0
    assert rows["11"]["Icon"] == 1.0
    assert rows["2"]["Icon"] == 2.0


def test_sub_items_link_to_action_1_with_title_and_narrative(rows: dict[str, dict[str, object]]) -> None:
    titles = {k: rows[k]["Planned Action"] for k in ("1a", "1b", "1c", "1d", "1e")}
    assert titles == {"1a": "LGA Peer Review", "1b": "IICSA", "1c": "Ofsted inspection of children\u2019s services",
                      "1d": "Counter-fraud", "1e": "Information Governance risks"}
    for key in titles:
        assert rows[key]["Part of"] == "1"
        assert rows[key]["Officer responsible"] == ""  # as in the paper: they go with action 1's owners
        assert rows[key]["Target date for completion"] == ""
    assert rows["1b"]["Progress update"] == ("An update report to the Children & Young People\u2019s Committee in "
                                             "September 2020 reported good progress against the action plan.")
    assert str(rows["1d"]["Progress update"]).startswith("The Annual Fraud Report 2019/20 was presented")
    assert str(rows["1e"]["Progress update"]).startswith("The Information Governance Board, chaired by")
    assert rows["1"]["Progress update"] == ""
    assert rows["1"]["Part of"] == ""


def test_narrative_continues_after_a_repeated_page_header(rows: dict[str, dict[str, object]]) -> None:
    """1c's title is on line 7 and its narrative on line 10, after the page header on line 9."""
    assert str(rows["1c"]["Progress update"]).startswith(
        "Following the annual conversation that took place between Ofsted and the Children and Families")
    assert rows["7"]["Progress update"] == ("It is proposed to take a report to Finance & Major Contracts "
                                            "Management Committee to provide an update on progress early in 2021.")
    assert str(rows["3"]["Progress update"]).startswith("The Local Code was updated and approved")
    assert str(rows["11"]["Progress update"]).startswith("Initial scoping work had commenced")


def test_action_rows_keep_officer_target_and_parsed_date(rows: dict[str, dict[str, object]]) -> None:
    two = rows["2"]
    assert two["Planned Action"] == ("Post-pandemic review: formally review the Council's response to capture and "
                                     "apply learning for the future. This will build on two reports to date to "
                                     "Policy Committee on the impact of COVID-19.")
    assert two["Officer responsible"] == "Chief Executive"
    assert two["Target date for completion"] == "March 2021"
    assert two["Target (as date)"] == dt.date(2021, 3, 31)
    assert rows["1"]["Target date for completion"] == "Continuous in 2020/21"
    assert rows["1"]["Target (as date)"] == ""
    assert rows["17"]["Target date for completion"] == "To commence in the 3rd quarter of 2020/21"
    assert rows["12"]["Target (as date)"] == dt.date(2021, 1, 31)
    assert rows["21"]["Progress update"].startswith("The 2020/21 Local Government Settlement")  # type: ignore[union-attr]


def test_action_15_becomes_two_parts_with_own_targets_and_statuses(rows: dict[str, dict[str, object]]) -> None:
    a, b, whole = rows["15a"], rows["15b"], rows["15"]
    assert whole["Planned Action"] == "Risk management:"
    assert whole["Target date for completion"] == "a) October 2020\n\nb) March 2021"
    assert whole["Progress status"] == "In progress"
    assert a["Planned Action"] == ("Undertake a review of the Council's approach to risk management, including "
                                   "development of an approach to establishing the Council's risk appetite")
    assert b["Planned Action"] == "Deliver a training session on risk management for the Governance & Ethics Committee"
    assert (a["Target date for completion"], a["Target (as date)"], a["Progress status"]) == (
        "October 2020", dt.date(2020, 10, 31), "In progress")
    assert (b["Target date for completion"], b["Target (as date)"], b["Progress status"]) == (
        "March 2021", dt.date(2021, 3, 31), "Completed")
    for part in (a, b):
        assert part["Part of"] == "15"
        assert part["Officer responsible"] == "Group Manager \u2013 Assurance"
        assert part["Progress update"] == whole["Progress update"]
        assert str(part["Progress update"]).startswith("Progress continues with the Risk, Safety & Emergency")


def test_paragraphs_and_italics_of_1a_are_kept(built: tuple[Path, ImportReport],
                                               rows: dict[str, dict[str, object]]) -> None:
    text = str(rows["1a"]["Progress update"])
    paragraphs = text.split("\n\n")
    assert len(paragraphs) == 10
    assert paragraphs[0] == ("Recommendations 1 & 2 \u2013 developing an inclusive vision for Notts and showing "
                             "leadership of place")
    assert paragraphs[3] == "Recommendation 3 \u2013 reviewing the constitution and operating model"
    assert paragraphs[-1].endswith("adoption of Microsoft Office 365.")
    book = openpyxl.load_workbook(built[0], rich_text=True)
    sheet = book["Actions"]
    cell = next(sheet.cell(r, 9).value for r in range(2, 30) if sheet.cell(r, 1).value == "1a")
    assert isinstance(cell, CellRichText)
    italic = [str(b.text) for b in cell if isinstance(b, TextBlock) and b.font.i]
    assert italic == [paragraphs[0], paragraphs[3], paragraphs[6], paragraphs[8]]
    # Every run keeps the sheet's font, not Excel's default Calibri 11.
    assert {(b.font.rFont, b.font.sz) for b in cell if isinstance(b, TextBlock)} == {("Arial", 10)}
    assert str(cell) == text


def test_report_lists_joins_repairs_and_guesses_with_lines(built: tuple[Path, ImportReport]) -> None:
    notes = [str(n) for n in built[1].notes]
    assert ("line 7, 10 [1c]: join: progress narrative on line 10 joined to 1c (line 7), across the page header "
            "on line 9") in notes
    assert "line 51, 52 [17]: repair: target: '3 rd' read as '3rd' (an ordinal split from its number)" in notes
    assert ("line 15 [3]: repair: status 'Completed' began with a space where the extract lost the status icon; "
            "the space was removed") in notes
    assert sum(1 for n in built[1].notes if n.kind == "repair" and "status icon" in n.message) == 21
    assert ("line 6 [1b]: guess: title 'IICSA' and narrative from 'An update report to the Children & Young "
            "People\u2019s\u2026': cut before 'An', the first word that opens a sentence") in notes
    assert any(n.startswith("line 47 [15]: guess: action 15 has parts 15a, 15b") for n in notes)


def test_tracker_and_report_match_golden(seed: Callable[[str], Path], update_golden: bool) -> None:
    check_golden(seed(SCHEMA), SCHEMA, update_golden)


def check_golden(source: Path, schema: str, update: bool) -> None:
    """Compare the tracker (JSON) and the report (text) with tests/golden/<schema>.*; rewrite them if asked."""
    tracker, report = api.read_source(source, schema)
    report = report.model_copy(update={"source": f"seeds/{schema}.txt"})
    got = {
        f"{schema}.tracker.json": json.dumps(tracker.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n",
        f"{schema}.report.txt": report.to_text(),
    }
    for name, text in got.items():
        path = GOLDEN / name
        if update:
            path.write_text(text, encoding="utf-8")
        assert path.exists(), f"{path} is missing; run pytest --update-golden and review it"
        assert text == path.read_text(encoding="utf-8"), f"{name} differs; review, then pytest --update-golden"
