"""A workbook saved again by LibreOffice or by openpyxl validates exactly as the original does."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from govsheet import api
from govsheet.validate.report import ValidationReport, flat_problem
from tests.conftest import libreoffice_convert

from .faults import AGS_FAULTS, plant_ags_faults

LATER = dt.date(2026, 11, 25)
BEFORE_TARGETS = dt.date(2020, 6, 1)


def findings(report: ValidationReport) -> list[dict[str, object]]:
    return [flat_problem(p) for p in report.errors]


HIDDEN = "meta-not-very-hidden"


def without_hidden(report: ValidationReport) -> list[dict[str, object]]:
    """The findings of a master LibreOffice saved: its one extra warning (metadata now merely hidden) set aside."""
    assert [p.where.sheet for p in report.errors if p.code == HIDDEN] == ["_govsheet"]
    return [flat_problem(p) for p in report.errors if p.code != HIDDEN]


@pytest.fixture
def faulty(master: Callable[[str], Path], tmp_path: Path) -> Path:
    return plant_ags_faults(master("ags-action-plan"), tmp_path / "faulty.xlsx")


def test_openpyxl_saved_master_validates_the_same(master: Callable[[str], Path], tmp_path: Path) -> None:
    original = master("ags-action-plan")
    copy = tmp_path / "openpyxl.xlsx"
    openpyxl.load_workbook(original).save(copy)
    before, after = api.validate(original, today=LATER), api.validate(copy, today=LATER)
    assert len(before.errors) == 12
    assert findings(after) == findings(before)


@pytest.mark.libreoffice
def test_libreoffice_saved_master_validates_the_same(master: Callable[[str], Path], tmp_path: Path) -> None:
    original = master("ags-action-plan")
    saved = libreoffice_convert(original, "xlsx", tmp_path / "lo")
    before, after = api.validate(original, today=LATER), api.validate(saved, today=LATER)
    assert len(before.errors) == 12
    assert without_hidden(after) == findings(before)


@pytest.mark.libreoffice
def test_libreoffice_saved_faults_are_found_at_the_same_cells(faulty: Path, tmp_path: Path) -> None:
    saved = libreoffice_convert(faulty, "xlsx", tmp_path / "lo")
    before, after = api.validate(faulty, today=BEFORE_TARGETS), api.validate(saved, today=BEFORE_TARGETS)
    assert [(p.code, p.where.cell) for p in after.errors if p.code != HIDDEN] == AGS_FAULTS
    assert without_hidden(after) == findings(before)


@pytest.mark.libreoffice
def test_a_return_saved_by_libreoffice_keeps_its_metadata_and_baseline(master: Callable[[str], Path],
                                                                       tmp_path: Path) -> None:
    """Officers edit returns in LibreOffice: its save must not look like tampering."""
    issued = api.issue(master("ags-action-plan"), tmp_path / "returns", owners=["Group Manager Assurance"])
    saved = libreoffice_convert(issued.returns[0].path, "xlsx", tmp_path / "lo")
    report = api.validate(saved, today=BEFORE_TARGETS, expect="return")
    assert report.rows == 16  # rows 1, 1a-1e, 3, 8-11, 13, 14, 15, 15a, 15b
    assert report.errors == ()
