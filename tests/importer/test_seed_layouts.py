"""Seed extracts other than the two seeds: a plain one with a key column, and ones that fit no layout."""

from __future__ import annotations

from pathlib import Path

import pytest

from govsheet import api
from govsheet.errors import SourceError

NO_REQUEST = {"proposed_target": None, "target_reason": None, "original_target": None, "target_revisions": None}


def test_extract_with_a_ref_column_is_one_row_a_line(tmp_path: Path) -> None:
    source = tmp_path / "plan.tsv"
    source.write_text("Ref\tPlanned Action\tOfficer responsible\tProgress status\tProgress update\n"
                      "\n"
                      "4\t<p>Train &amp; coach</p>\tChief Executive\t<p> Completed</p>\t<p>Done.</p><p><i>Next</i></p>\n"
                      "5\tPlain text\tTreasurer\tOngoing\t\n", encoding="utf-8")
    tracker, report = api.read_source(source, "ags-action-plan")
    assert [a.values for a in tracker.actions] == [
        {"ref": "4", "parent": None, "action": "Train & coach", "officer": "Chief Executive", "target": None,
         "target_date": None, "status": "Completed", "progress": "Done.\n\nNext",
         **NO_REQUEST},
        {"ref": "5", "parent": None, "action": "Plain text", "officer": "Treasurer", "target": None,
         "target_date": None, "status": "In progress", "progress": None,
         **NO_REQUEST},
    ]
    assert [r.italic for r in tracker.actions[0].rich["progress"]] == [False, True]
    assert "line 4 [5]: repair: status 'Ongoing' read as 'In progress'" in [str(n) for n in report.notes]


@pytest.mark.parametrize(("schema", "message"), [
    ("ags-action-plan", "no row starts with an action number such as '1.', and there is no 'Ref' column; check "
                        "the --schema"),
    ("governance-review", "no row starts with a reference such as (10.1) or 10.3, and there is no 'Ref' column; "
                          "check the --schema"),
])
def test_extract_fitting_no_layout_is_refused(tmp_path: Path, schema: str, message: str) -> None:
    source = tmp_path / "odd.txt"
    header = ("Planned Action\tOfficer responsible\tProgress status\n" if schema == "ags-action-plan"
              else "Recommendation\tWorkstream\tSRO\n")
    source.write_text(header + "Something\tSomeone\tIn progress\n", encoding="utf-8")
    with pytest.raises(SourceError) as caught:
        api.read_source(source, schema)
    assert str(caught.value) == f"{source}: {message}"
