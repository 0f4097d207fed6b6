"""Seed 004, the city council's governance review recommendations, imported cell by cell."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from govsheet import api
from govsheet.model.importing import ImportReport
from tests.importer.sheet import actions_grid, rows_by_key
from tests.importer.test_seed_ags import check_golden

SCHEMA = "governance-review"
KEYS = ["10.1", "10.2.8", "10.1-2", "10.3", "10.2.1", "10.2.2", "10.2.3", "10.2.4", "10.2.5", "10.2.6"]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, ImportReport]:
    from tests.conftest import SEEDS

    out = tmp_path_factory.mktemp("review") / "master.xlsx"
    report = api.import_tracker(SEEDS[SCHEMA], SCHEMA, out)
    return out, report


@pytest.fixture(scope="module")
def rows(built: tuple[Path, ImportReport]) -> dict[str, dict[str, object]]:
    return rows_by_key(built[0])


def test_every_row_is_kept_with_a_unique_key(built: tuple[Path, ImportReport]) -> None:
    grid = actions_grid(built[0])
    assert grid[0][:3] == ["Ref", "Recommendation refs", "Governance Review Recommendation"]
    assert [str(r[0]) for r in grid[1:]] == KEYS


def test_every_reference_is_kept(rows: dict[str, dict[str, object]]) -> None:
    assert rows["10.2.8"]["Recommendation refs"] == "10.2.8, 10.2.9"
    assert rows["10.2.6"]["Recommendation refs"] == "10.2.6, 10.2.7"
    assert rows["10.1"]["Recommendation refs"] == "10.1"
    assert rows["10.1-2"]["Recommendation refs"] == "10.1"
    assert rows["10.3"]["Recommendation refs"] == "10.3"
    assert rows["10.2.4"]["Recommendation refs"] == "10.2.4"
    every = [ref for r in rows.values() for ref in str(r["Recommendation refs"]).split(", ")]
    assert sorted(set(every)) == ["10.1", "10.2.1", "10.2.2", "10.2.3", "10.2.4", "10.2.5", "10.2.6", "10.2.7",
                                  "10.2.8", "10.2.9", "10.3"]
    assert len(every) == 12


def test_the_two_rows_for_10_1_keep_their_own_text(rows: dict[str, dict[str, object]]) -> None:
    first, second = rows["10.1"], rows["10.1-2"]
    assert str(first["Governance Review Recommendation"]).endswith("at the top of the organisation now to help it "
                                                                   "do this.")
    assert second["Governance Review Recommendation"] == (
        "(10.1) Establish what it means to be a Best Value Unitary Local Authority in its geographic area "
        "delivering appropriate services and community leadership to every resident and entity in its area.")
    assert first["Senior Responsible Officer"] == "Audrey Kingham (Best Value for Money) Chief Executive"
    assert second["Senior Responsible Officer"] == "Audrey Kingham"
    assert str(second["Update"]).startswith("Officers have undertaken a Best Value 'baselining' exercise.")


def test_rows_split_by_a_page_break_are_joined(rows: dict[str, dict[str, object]]) -> None:
    ten_3 = rows["10.3"]
    assert ten_3["Governance Review Recommendation"] == (
        "10.3 With the help of the Local Government Association, establish a board with appropriate experience at "
        "both top officer and elected Member level in unitary authorities to work with NCC, on a cross-party basis, "
        "as it addresses these recommendations. Follow-up actions: Receive an LGA-managed, focussed, Corporate Peer "
        "Challenge before the end of the municipal year.")
    assert ten_3["Update"] == (
        "This work work was completed with a final report to Council in June 2023. A planning meeting between "
        "Officers and the LGA took place on w/c 18th September, to agree timings and detailed next steps for the "
        "focused, Corporate Peer Challenge. The Corporate Peer Challenge has been confirmed to take place from "
        "15th \u2013 18th January 2024. Planning for this with the LGA is at an advanced stage.")
    assert ten_3["Proposed BEST Workstream"] == "Best Value for Money"
    assert ten_3["Senior Responsible Officer"] == "Audrey Kingham"
    ten_2_2 = rows["10.2.2"]
    assert ("Ensure that the whole Council are supported to be a part of the improvement journey. Follow-up "
            "actions: Maintain focus") in str(ten_2_2["Governance Review Recommendation"])
    assert str(ten_2_2["Update"]).endswith("alongside other initiatives. This work is advanced \u2013 and will be "
                                           "reviewed and strengthened through Member-led forums. Following a "
                                           "Member-survey on 'female voices', two dates for training has been "
                                           "arranged for all Members.")


def test_broken_word_is_repaired_only_where_sure(rows: dict[str, dict[str, object]]) -> None:
    assert rows["10.2.2"]["Proposed BEST Workstream"] == ("Best Talent & Opportunities Best Enabling Workstream - "
                                                          "Comms and Engagement")
    assert rows["10.2.2"]["Senior Responsible Officer"] == ("Simon Neilson (Talent & Opportunities) Jan Willis "
                                                            "(BEST Executive Sponsor and Living Leader)")


def test_cells_merged_down_are_copied_and_status_is_left_for_officers(rows: dict[str, dict[str, object]]) -> None:
    """Workstream and SRO, both blank under the 10.1 row (a cell merged down in the papers), are copied."""
    assert rows["10.2.8"]["Proposed BEST Workstream"] == "Best Value for Money"
    assert rows["10.2.8"]["Senior Responsible Officer"] == "Audrey Kingham (Best Value for Money) Chief Executive"
    assert {r["Status"] for r in rows.values()} == {""}
    assert rows["10.2.4"]["Proposed BEST Workstream"] == "None proposed"


def test_report_lists_each_join_key_and_repair_with_lines(built: tuple[Path, ImportReport]) -> None:
    by_kind = {kind: [str(n) for n in built[1].notes if n.kind == kind] for kind in ("join", "key", "repair")}
    assert by_kind["join"] == [
        "line 7, 9 [10.3]: join: line 9 starts with no reference and line 7 ends mid-sentence: the row continues across "
        "the page break; recommendation, update joined (\u2026'NCC, on a cross-' + 'party basis, as it'\u2026)",
        "line 11, 12 [10.2.2]: join: line 12 starts with no reference and line 11 ends mid-sentence: the row continues "
        "across the page break; recommendation, update joined (\u2026'supported to be a' + 'part of the "
        "improvement'\u2026)",
    ]
    assert by_kind["key"] == [
        "line 5 [10.2.8]: key: the row covers references 10.2.8, 10.2.9; all are kept in references, the key is "
        "the first",
        "line 6 [10.1-2]: key: reference 10.1 also starts an earlier row; this row's key is '10.1-2' so every key "
        "is unique (references still says '10.1')",
        "line 17 [10.2.6]: key: the row covers references 10.2.6, 10.2.7; all are kept in references, the key is "
        "the first",
    ]
    assert by_kind["repair"] == [
        "line 7, 9 [10.3]: repair: update: '18 th' read as '18th' (an ordinal split from its number)",
        "line 7, 9 [10.3]: repair: update: '15 th' read as '15th' (an ordinal split from its number)",
        "line 7, 9 [10.3]: repair: update: '18 th' read as '18th' (an ordinal split from its number)",
        "line 11, 12 [10.2.2]: repair: workstream: 'Opportunitie s' read as 'Opportunities' ('Opportunities' "
        "occurs elsewhere in the document)",
    ]


def test_tracker_and_report_match_golden(seed: Callable[[str], Path], update_golden: bool) -> None:
    check_golden(seed(SCHEMA), SCHEMA, update_golden)
