"""The three-way decision for one cell, exhaustively and by property."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from govsheet.merge.decide import compare_key, decide
from govsheet.schemas import load_schema

SCHEMA = load_schema("ags-action-plan")
VALUES = ["a", "b", "c", ""]


def test_every_pair_of_master_and_return_edits_conflicts_iff_both_changed_differently() -> None:
    """For an editable cell with baseline "a": every (master now, return) pair from a small alphabet."""
    for master, mine in itertools.product(VALUES, repeat=2):
        outcome = decide("a", master, mine, editable=True).outcome
        if mine == "a":
            assert outcome == "nothing", (master, mine)
        elif master == "a":
            assert outcome == "applied", (master, mine)
        elif master == mine:
            assert outcome == "nothing", (master, mine)
        else:
            assert outcome == "conflict", (master, mine)


def test_locked_cells_are_rejected_whenever_the_return_changed_them() -> None:
    for master, mine in itertools.product(VALUES, repeat=2):
        outcome = decide("a", master, mine, editable=False).outcome
        assert outcome == ("nothing" if mine == "a" else "rejected"), (master, mine)


def test_decision_reasons_are_plain_english() -> None:
    assert decide("a", "b", "c", editable=True).reason == (
        "changed in the master since the return was issued and changed differently in the return; write it to a "
        "decisions workbook (merge --decisions) and settle it with govsheet resolve")
    assert decide("a", "a", "c", editable=False).reason == (
        "the field is locked in returns; ask the governance team to change it")


@given(st.text(max_size=5), st.text(max_size=5), st.text(max_size=5), st.booleans())
def test_decide_properties(base: str, master: str, mine: str, editable: bool) -> None:
    outcome = decide(base, master, mine, editable=editable).outcome
    assert (outcome == "nothing") == (mine == base or (editable and master == mine))
    assert (outcome == "conflict") == (editable and len({base, master, mine}) == 3)
    assert (outcome == "rejected") == (not editable and mine != base)
    assert (outcome == "applied") == (editable and master == base != mine)


def test_statuses_compare_by_meaning_and_text_by_content() -> None:
    status = SCHEMA.field("status")
    progress = SCHEMA.field("progress")
    assert compare_key("Done", status, SCHEMA) == compare_key(" completed\u00a0", status, SCHEMA) == \
        "status:completed"
    assert compare_key("Compelted", status, SCHEMA) == "status:completed"
    assert compare_key("Nearly", status, SCHEMA) == "nearly"
    assert compare_key("line one\r\nline two  ", progress, SCHEMA) == "line one\nline two"
