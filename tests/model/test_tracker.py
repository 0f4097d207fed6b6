"""A tracker in memory: actions' values, the text an officer sees, and the keys in sheet order."""

# ruff: noqa: DTZ001 - cell dates are naive, as Excel's are

from __future__ import annotations

import datetime as dt

import pytest

from govsheet.model.tracker import Action, Run, Tracker, Value, display


@pytest.mark.parametrize(("value", "text"), [
    (None, ""), (True, "TRUE"), (False, "FALSE"), (dt.date(2021, 3, 31), "2021-03-31"),
    (dt.datetime(2021, 3, 31), "2021-03-31"), (dt.datetime(2021, 3, 31, 9, 30), "2021-03-31 09:30:00"),
    (4.0, "4"), (4.5, "4.5"), (15, "15"), ("1a", "1a"),
])
def test_values_display_as_the_tracker_shows_them(value: Value, text: str) -> None:
    assert display(value) == text


def test_an_action_gives_values_and_their_text() -> None:
    action = Action(values={"ref": 4.0, "status": None, "action": "Review"})
    assert (action.get("ref"), action.get("status"), action.get("missing")) == (4.0, None, None)
    assert (action.text("ref"), action.text("status"), action.text("missing")) == ("4", "", "")
    assert action.rich == {}


def test_the_keys_are_in_sheet_order_as_text() -> None:
    tracker = Tracker(schema_name="ags-action-plan", actions=[Action(values={"ref": r}) for r in ("1", "1a", 2.0)])
    assert tracker.keys("ref") == ["1", "1a", "2"]
    assert (tracker.round, Tracker(schema_name="x").actions) == (None, [])


def test_a_run_is_plain_unless_marked() -> None:
    assert Run(text="Recommendation 3", italic=True) == Run(text="Recommendation 3", italic=True, bold=False)
    assert Run(text="x") != Run(text="x", bold=True)
