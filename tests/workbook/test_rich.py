"""The rich text of a master's rich fields: italic and bold runs read back from the cells, plain text left plain."""

from __future__ import annotations

from pathlib import Path

from govsheet.importer.master import write_master
from govsheet.model.tracker import Run
from govsheet.workbook.read import read_actions
from govsheet.workbook.rich import read_rich, with_rich
from govsheet.xlsx import Book
from tests.returns.helpers import SCHEMA, small_tracker

RUNS = (Run(text="Action 2 ", italic=False), Run(text="Recommendation 3", italic=True))


def italic_master(path: Path) -> Path:
    tracker = small_tracker()
    tracker.actions[1].values["action"] = "Action 2 Recommendation 3"
    tracker.actions[1].rich["action"] = RUNS
    return write_master(tracker, SCHEMA, path, round_label="2020/21 Q3")


def test_only_cells_with_an_italic_or_bold_run_are_kept(tmp_path: Path) -> None:
    master = italic_master(tmp_path / "master.xlsx")
    table = read_actions(master, SCHEMA)
    found = read_rich(master, SCHEMA, table)
    assert list(found) == [3]
    assert [(r.text, r.italic, r.bold) for r in found[3]["action"]] == [("Action 2 ", False, False),
                                                                        ("Recommendation 3", True, False)]
    with Book.open(master) as book:
        assert read_rich(book, SCHEMA, table) == found


def test_the_runs_go_back_onto_the_tracker_read(tmp_path: Path) -> None:
    master = italic_master(tmp_path / "master.xlsx")
    table = read_actions(master, SCHEMA)
    tracker = with_rich(table.to_tracker(SCHEMA), table, read_rich(master, SCHEMA, table))
    assert tracker.actions[0].rich == {}
    assert [(r.text, r.italic) for r in tracker.actions[1].rich["action"]] == [("Action 2 ", False),
                                                                              ("Recommendation 3", True)]


def test_a_plain_master_has_no_rich_cells(tmp_path: Path) -> None:
    master = write_master(small_tracker(), SCHEMA, tmp_path / "master.xlsx", round_label="2020/21 Q3")
    table = read_actions(master, SCHEMA)
    tracker = table.to_tracker(SCHEMA)
    assert read_rich(master, SCHEMA, table) == {}
    assert with_rich(tracker, table, {}) is tracker
