"""The very-hidden metadata sheet: written, read back as text, changed key by key, hidden again."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from govsheet.errors import WorkbookError
from govsheet.workbook.layout import BASELINE_SHEET, META_SHEET
from govsheet.workbook.meta import (
    cell_text,
    hide_meta_sheets,
    master_schema,
    meta_sheet_states,
    read_baseline,
    read_meta,
    write_pairs,
)
from govsheet.workbook.read import open_calamine
from govsheet.xlsx import Book
from tests.returns.helpers import Cycle


@pytest.mark.parametrize(("value", "text"), [(None, ""), (True, "TRUE"), (False, "FALSE"), (3.0, "3"), (2.5, "2.5"),
                                             (7, "7"), (" x ", " x ")])
def test_cells_read_as_the_text_govsheet_wrote(value: object, text: str) -> None:
    assert cell_text(value) == text


def test_a_master_names_its_kind_schema_and_round(cycle: Cycle) -> None:
    meta = read_meta(cycle.master)
    assert meta is not None
    assert (meta["kind"], meta["schema"], meta["round"], meta["meta_version"]) == ("master", "ags-action-plan",
                                                                                   "2020/21 Q3", "1")
    assert sorted(k for k in meta if k.startswith("issued:")) == sorted(f"issued:{i}" for i in cycle.ids.values())


def test_a_workbook_without_the_sheet_has_no_metadata(tmp_path: Path) -> None:
    plain = tmp_path / "plain.xlsx"
    openpyxl.Workbook().save(plain)
    assert read_meta(plain) is None


def test_a_baseline_longer_than_a_cell_holds_is_spread_over_cells_and_read_back_whole(tmp_path: Path) -> None:
    import hashlib

    import xlsxwriter

    from govsheet.returns.meta import write_baseline

    text = "".join(hashlib.sha256(str(i).encode()).hexdigest() + "é" for i in range(1_077))[:70_000]  # no zip bomb
    baseline = {"1": {"progress": text, "status": "Completed"}, "2": {"progress": "", "status": "=1+1"}}
    path = tmp_path / "baseline.xlsx"
    book = xlsxwriter.Workbook(path)
    write_baseline(book, baseline)
    book.close()
    sheet = openpyxl.load_workbook(path)[BASELINE_SHEET]
    assert [len(c.value or "") for c in sheet[2]] == [1, 32_000, 32_000, 6_036]  # 70,036 characters of JSON
    assert read_baseline(open_calamine(path)) == baseline


def test_a_return_carries_its_baseline_row_by_row(cycle: Cycle) -> None:
    baseline = read_baseline(open_calamine(cycle.returns["Chief Executive"]))
    assert sorted(baseline) == ["2", "3", "5"]
    assert baseline["5"]["progress"] == "=SUM(1,2)"
    assert (baseline["2"]["status"], baseline["2"]["parent"]) == ("Yet to start", "")
    assert read_baseline(open_calamine(cycle.master)) == {}


def test_pairs_are_set_added_and_removed_in_place(cycle: Cycle) -> None:
    book = Book.open(cycle.master)
    write_pairs(book, {"round": "2021/22 Q1", "note": "added", "tracked_at": None})
    book.save()
    meta = read_meta(cycle.master)
    assert meta is not None
    assert (meta["round"], meta["note"], "tracked_at" in meta) == ("2021/22 Q1", "added", False)
    assert list(meta)[-1] == "note"


def test_a_master_of_another_kind_or_schema_is_refused(cycle: Cycle) -> None:
    with pytest.raises(WorkbookError) as refused:
        master_schema(cycle.master, {"kind": "return"}, None)
    assert str(refused.value) == (f"{cycle.master}: is not a govsheet master (no master metadata); build one with "
                                  "'govsheet import'")
    meta = read_meta(cycle.master)
    assert meta is not None
    assert master_schema(cycle.master, meta, None).name == "ags-action-plan"
    with pytest.raises(WorkbookError, match="is a 'ags-action-plan' master, not 'governance-review'"):
        master_schema(cycle.master, meta, "governance-review")


def test_own_sheets_unhidden_by_a_resave_are_hidden_again(cycle: Cycle) -> None:
    book = Book.open(cycle.returns["Chief Executive"])
    assert meta_sheet_states(book) == {META_SHEET: "veryHidden", BASELINE_SHEET: "veryHidden"}
    assert hide_meta_sheets(book) == []
    book.workbook_xml = book.workbook_xml.replace(b'state="veryHidden"', b'state="hidden"')
    assert meta_sheet_states(book) == {META_SHEET: "hidden", BASELINE_SHEET: "hidden"}
    assert sorted(hide_meta_sheets(book)) == sorted([META_SHEET, BASELINE_SHEET])
    assert meta_sheet_states(book) == {META_SHEET: "veryHidden", BASELINE_SHEET: "veryHidden"}
