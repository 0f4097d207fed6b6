"""govsheet demo runs the whole round cycle with no arguments and says where every file went."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from govsheet import api


def test_demo_decides_in_the_decisions_workbook_and_audits_each_decision(tmp_path: Path) -> None:
    """The team's three decisions, filled in with openpyxl, land as Audit rows: the conflicted cell takes the
    officer's value, the locked target edit is kept out and the extension request is approved."""
    from govsheet import demo

    lines = demo.run(tmp_path)
    master = tmp_path / "ags-action-plan-master.xlsx"
    assert ("    D1 8 Target date for completion: Approve the new target (agreed: the feeds depend on the new "
            "finance system)") in lines
    assert "    D2 18 Progress update: Take the officer's (the officer's update is the later one)" in lines
    decided = [row for row in api.read_audit(master).rows if row[8] == "decided"]
    assert [row[3:9] for row in decided] == [
        ("Head of Assurance", "8", "target", "October 2020", "December 2021", "decided"),
        ("Head of Assurance", "18", "progress", "Governance team: awaiting the officer's update.",
         "On track; the review is drafted.", "decided"),
        ("Head of Assurance", "5", "target", "March 2021", "March 2021", "decided"),
    ]
    assert decided[0][9].startswith("extension request: approve the new target (D1); note: agreed: the feeds "
                                    "depend on the new finance system; target history: October 2020 → December 2021")
    assert decided[1][9] == "take the officer's (D2); note: the officer's update is the later one"
    actions = {str(a.values["ref"]): a.values for a in api.read_tracker(master).actions}
    assert actions["18"]["progress"] == "On track; the review is drafted."
    assert actions["5"]["target"] == "March 2021"
    assert actions["8"]["target"] == "December 2021"
    assert actions["8"]["original_target"] == "October 2020"
    again = api.resolve(master, tmp_path / "decisions.xlsx")
    assert again.count("already-decided") == 3


def test_demo_committee_paper_has_the_sections_and_says_what_changed(tmp_path: Path) -> None:
    import openpyxl

    from govsheet import demo

    demo.run(tmp_path)
    ws = openpyxl.load_workbook(tmp_path / "committee-paper.xlsx")["Committee table"]
    cells = [str(ws.cell(r, 1).value or "") for r in range(1, ws.max_row + 1)]
    headings = [c for c in cells if c[:3] in {"1. ", "2. ", "3. ", "4. ", "5. "}]
    assert [h.rsplit(" (", 1)[0] for h in headings] == [
        "1. Completed since the last report", "2. Revised targets (approved) and extensions requested", "3. Overdue",
        "4. Open and on track", "5. Completed before the last report"]
    assert headings[0] == "1. Completed since the last report (1 action)"
    first = cells.index(headings[0])
    assert cells[first + 1] == "1"  # the action the officer marked completed, with its sub-items after it
    assert cells[first + 2:first + 4] == ["What changed: In progress → Completed", "Completed in December; report "
                                          "to committee in January."]
    assert cells[first + 4:first + 13:2] == ["1a", "1b", "1c", "1d", "1e"]  # each followed by its narrative
    assert cells.index(headings[1]) == first + 14
    assert cells[1].endswith("; changes since the tracker was set up")
    revised = cells.index("2. Revised targets (approved) and extensions requested (1 action)")
    assert cells[revised + 1] == "8"
    today = dt.datetime.now(dt.UTC).date()
    assert cells[revised + 2] == (f"What changed: target October 2020 → December 2021, approved {today.day} "
                                  f"{today:%b %Y}" + ("; the current target has passed"
                                                      if today > dt.date(2021, 12, 31) else ""))
