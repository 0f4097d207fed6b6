"""A hand-made master shaped like seed 000, with the cases the committee table must get right."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from govsheet.importer.master import write_master
from govsheet.model.tracker import Action, Tracker
from govsheet.schemas import load_schema

TODAY = dt.date(2021, 1, 15)
INJECTIONS = ['=HYPERLINK("http://evil.example","click")', "+cmd|' /C calc'!A0", "@SUM(1+1)", "\tleading tab",
              "-2+3", "<script>alert(1)</script>"]

# (ref, parent, action, officer, target, target_date, status, progress), in sheet order.
ROWS: list[tuple[str, str | None, str, str, str | None, dt.date | None, str | None, str | None]] = [
    ("1", None, "Progress reporting against key governance action plans", "Group Manager Assurance",
     "Continuous in 2020/21", None, "In progress", "Quarterly reports went to committee."),
    ("1a", "1", "LGA Peer Review: recommendations 1 & 2", "Chief Executive", None, None, None,
     "Work on reorganisation is paused.\nIt will resume after the White Paper."),
    ("2", None, "Information governance training", "Group Manager Assurance", "March 2021", dt.date(2021, 3, 31),
     "Completed", INJECTIONS[0]),
    ("3", None, INJECTIONS[1], "Head of Legal", "September 2020", dt.date(2020, 9, 30), "Yet to start",
     INJECTIONS[2]),
    ("15", None, "Procurement compliance", "Group Manager Procurement", None, None, None, None),
    ("15a", "15", "Part a: contract register", "Group Manager Procurement", "December 2020",
     dt.date(2020, 12, 31), "Completed", INJECTIONS[3]),
    ("1b", "1", "Recommendation 3: constitution", "Service Director Customers", None, None, None,
     INJECTIONS[4]),
    ("15b", "15", "Part b: waivers", "Group Manager Procurement", "June 2021", dt.date(2021, 6, 30),
     "In progres", INJECTIONS[5]),
]

# The committee order: sub-items and parts under their parent.
ORDER = ["1", "1a", "1b", "2", "3", "15", "15a", "15b"]


def handmade_tracker() -> Tracker:
    names = ["ref", "parent", "action", "officer", "target", "target_date", "status", "progress"]
    return Tracker(schema_name="ags-action-plan", round="2020/21 Q3",
                   actions=[Action(values=dict(zip(names, row, strict=True))) for row in ROWS])


@pytest.fixture
def handmade(tmp_path: Path) -> Path:
    path = tmp_path / "handmade-master.xlsx"
    write_master(handmade_tracker(), load_schema("ags-action-plan"), path, round_label="2020/21 Q3")
    return path
