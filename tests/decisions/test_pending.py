"""Decisions still open, read from the Audit sheet, carried into the next merge's decisions workbook."""

from __future__ import annotations

from pathlib import Path

from govsheet import api
from govsheet.audit import read_audit
from govsheet.decisions.pending import open_decisions
from govsheet.decisions.workbook import DECISIONS_SHEET, TAKE, read_decisions
from tests.decisions.conftest import Round, fill
from tests.returns.helpers import actions_values, edit

ASSURANCE = "Group Manager – Assurance"


def audit_row(return_id: str, key: str, field: str, outcome: str, new: str = "x") -> list[str]:
    return ["2021-01-05T10:00:00+00:00", "Q3", return_id, "Owner", key, field, "old", new, outcome, "why", "f.xlsx",
            "", ""]


def test_a_question_is_open_until_a_later_row_for_the_same_cell_settles_it() -> None:
    rows = [
        audit_row("r1", "2", "progress", "conflict"),
        audit_row("r1", "2", "action", "rejected"),
        audit_row("r1", "5", "target", "requested", "June 2021"),
        audit_row("r2", "2", "progress", "conflict"),  # another return's question on the same cell
        audit_row("", "3", "status", "outside-govsheet"),
        audit_row("r1", "2", "progress", "decided"),
        audit_row("r1", "2", "action", "rejected", "again"),  # a resubmission asks again: the newer row counts
        audit_row("r2", "2", "progress", "applied"),  # a corrected copy of r2 merged: settled
        audit_row("r3", "7", "target", "rejected", "June 2021"),  # the locked target typed over ...
        audit_row("r3", "7", "target", "requested", "July 2021"),  # ... and a new one proposed: two questions
        [*audit_row("r3", "7", "target", "decided")[:9], "extension request: approve the new target (D1)", "", "",
         ""],
    ]
    found = open_decisions(rows)
    assert [(d.row, d.return_id, d.key, d.field, d.kind, d.new) for d in found] == [
        (4, "r1", "5", "target", "extension request", "June 2021"),
        (8, "r1", "2", "action", "rejected edit", "again"),
        (10, "r3", "7", "target", "rejected edit", "June 2021"),
    ]


def test_open_questions_are_listed_and_carried_into_the_next_decisions_workbook(merged: Round) -> None:
    before = api.open_decisions(merged.master)
    assert [(d.key, d.field, d.kind) for d in before.items] == [("2", "action", "rejected edit"),
                                                                 ("2", "progress", "conflict")]
    assert not before.ok
    assert before.to_text().splitlines()[-1] == (f"{merged.master}: 1 conflict, 1 rejected edit, 0 extension "
                                                 "requests waiting for a decision")
    issued = api.issue(merged.master, merged.tmp / "round-2")
    other = next(Path(r.path) for r in issued.returns if r.owner == ASSURANCE)
    edit(other, {("1", "Progress update"): "Reported in May"})
    second = merged.tmp / "second.xlsx"
    report = api.merge(merged.master, [other], decisions=second)
    assert [c.outcome for c in report.changes] == ["applied"]
    filled = read_decisions(second)
    assert [(q.id, q.key, q.field, q.outcome, q.master, q.officer) for q in filled.questions.values()] == [
        ("D1", "2", "action", "rejected", "Action 2", "A different action"),
        ("D2", "2", "progress", "conflict", "Team note from May", "Started in June"),
    ]
    assert all(q.carried for q in filled.questions.values())
    import openpyxl

    ws = openpyxl.load_workbook(second)[DECISIONS_SHEET]
    assert str(ws.cell(3, 10).value).startswith("carried from an earlier merge (")
    assert str(ws.cell(3, 10).value).endswith("); changed in the master and in the return")
    # decided from the carried copy: the original question is settled, for this workbook and the first
    fill(second, {"D2": (TAKE, "", "settled next round")})
    resolved = api.resolve(merged.master, second)
    assert [(r.id, r.outcome) for r in resolved.rows] == [("D1", "open"), ("D2", "applied")]
    first_id = read_decisions(merged.decisions).questions["D2"].return_id
    assert read_audit(merged.master)[-1][2:10] == [first_id, "J. Clerk", "2", "progress", "Team note from May",
                                                   "Started in June", "decided",
                                                   "take the officer's (D2); note: settled next round"]
    assert [(d.key, d.field) for d in api.open_decisions(merged.master).items] == [("2", "action")]
    fill(merged.decisions, {"D2": (TAKE, "", "")})
    once = merged.master.read_bytes()
    again = api.resolve(merged.master, merged.decisions)
    assert [(r.id, r.outcome) for r in again.rows] == [("D1", "open"), ("D2", "already-decided")]
    assert merged.master.read_bytes() == once
    assert actions_values(merged.master)["2"]["progress"] == "Started in June"
