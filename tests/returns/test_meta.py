"""A return's metadata and baseline: read back as written, tampering detected."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from govsheet import api
from govsheet.errors import ReturnError
from govsheet.returns.meta import read_return_meta
from govsheet.workbook.layout import BASELINE_SHEET
from tests.returns.helpers import make_master


@pytest.fixture
def small_master(tmp_path: Path) -> Path:
    return make_master(tmp_path / "master.xlsx")


def test_metadata_and_baseline_round_trip_and_detect_tampering(small_master: Path, tmp_path: Path) -> None:
    result = api.issue(small_master, tmp_path / "r", owners=["Group Manager Assurance"], round_label="Q3",
                       due=dt.date(2021, 1, 29))
    path = result.returns[0].path
    meta = read_return_meta(path, CalamineWorkbook.from_path(str(path)))
    assert (meta.owner, meta.round, meta.due, meta.schema) == ("Group Manager – Assurance", "Q3", "2021-01-29",
                                                              "ags-action-plan")
    assert meta.return_id == result.returns[0].return_id
    assert meta.return_id.startswith("q3-group-manager-assurance-")
    assert meta.baseline["3"]["progress"] == "Draft agreed"
    assert meta.baseline["1"]["officer"] == "Group Manager – Assurance"
    assert sorted(meta.baseline) == ["1", "3"]
    wb = openpyxl.load_workbook(path)
    sheet = wb[BASELINE_SHEET]
    assert (sheet["A1"].value, sheet["B1"].value, sheet.max_row) == ("key", "values", 3)
    key = sheet["A2"].value
    values = json.loads(sheet["B2"].value)
    assert values == meta.baseline[key]
    sheet["B2"] = json.dumps({**values, "progress": "99"})
    wb.save(path)
    with pytest.raises(ReturnError, match=r"hidden metadata was altered \(checksum mismatch\)"):
        read_return_meta(path, CalamineWorkbook.from_path(str(path)))
    sheet["B2"] = "not what govsheet wrote"
    wb.save(path)
    with pytest.raises(ReturnError, match=r"hidden metadata was altered \(checksum mismatch\)"):
        read_return_meta(path, CalamineWorkbook.from_path(str(path)))


def test_a_return_issued_with_the_earlier_baseline_layout_is_read_and_merged(small_master: Path,
                                                                              tmp_path: Path) -> None:
    result = api.issue(small_master, tmp_path / "r", owners=["Group Manager Assurance"])
    path = result.returns[0].path
    meta = read_return_meta(path, CalamineWorkbook.from_path(str(path)))
    wb = openpyxl.load_workbook(path)
    del wb[BASELINE_SHEET]
    old = wb.create_sheet(BASELINE_SHEET)  # one row per (key, field, value), as earlier versions wrote it
    old.sheet_state = "veryHidden"
    old.append(["key", "field", "value"])
    for key, values in meta.baseline.items():
        for name, value in values.items():
            old.append([key, name, value])
    actions = wb["Actions"]
    status = next(c.column for c in actions[1] if c.value == "Progress status")
    actions.cell(2, status).value = "Completed"
    wb.save(path)
    assert read_return_meta(path, CalamineWorkbook.from_path(str(path))).baseline == meta.baseline
    report = api.merge(small_master, [path])
    assert [r.status for r in report.returns] == ["merged"]
    assert [(c.field, c.value, c.outcome) for c in report.changes if c.field] == [("status", "Completed", "applied")]
