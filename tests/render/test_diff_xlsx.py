"""The diff workbook: the legend, every row marked in words and symbols, the changed cells listed, and a cell
too long for a row cut with a note."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl

from govsheet import api
from govsheet.render.diff_xlsx import CUT_NOTE, fit_row, shown_fields, write_diff_xlsx
from tests.returns.helpers import SCHEMA, Cycle, edit


def test_changes_and_changed_cells_sheets(cycle: Cycle, tmp_path: Path) -> None:
    typed = edit(Path(shutil.copy(cycle.master, tmp_path / "typed.xlsx")), {("2", "Progress update"): "Typed"})
    report = api.diff(cycle.master, typed)
    assert shown_fields(report, SCHEMA) == ["ref", "parent", "action", "officer", "target", "target_date", "status",
                                            "progress"]
    book = openpyxl.load_workbook(write_diff_xlsx(report, SCHEMA, tmp_path / "diff.xlsx"))
    assert book.sheetnames == ["Changes", "Changed cells"]
    changes = [list(r) for r in book["Changes"].iter_rows(values_only=True)]
    assert changes[0][0] == f"Changes from {cycle.master.name} to {typed.name}"
    assert [r[0] for r in changes[1:4]] == ["+ Added", "- Removed", "~ Changed"]
    assert changes[5] == ["Change", "Ref", "Part of", "Planned Action", "Officer responsible",
                          "Target date for completion", "Target (as date)", "Progress status", "Progress update"]
    assert changes[7][:2] == ["~ Changed (1)", "2"]
    assert changes[7][-1] == "~ Typed\n[was blank]"
    assert [r[0] for r in changes[6:]] == ["", "~ Changed (1)", "", "", ""]
    assert [list(r) for r in book["Changed cells"].iter_rows(values_only=True)] == [
        ["Ref", "Field", "Old value", "New value", "Old cell", "New cell"],
        ["2", "Progress update", "", "Typed", "I3", "I3"]]


def test_a_cell_longer_than_a_row_can_print_is_cut_between_words_with_a_note() -> None:
    short = [("A short note", False, False)]
    assert fit_row(short, 40) == short
    long = [("word " * 2000, False, False)]
    cut = fit_row(long, 40)
    assert cut[-1] == (CUT_NOTE, False, False)
    kept = "".join(t for t, _, _ in cut[:-1])
    assert 0 < len(kept) < len(long[0][0])
    assert kept.endswith("word")
