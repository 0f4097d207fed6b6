"""A master's Audit sheet: present, and its hash chain unbroken."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import openpyxl

from govsheet import api

BEFORE_TARGETS = dt.date(2020, 6, 1)


def test_a_masters_audit_trail_must_be_intact(master: Callable[[str], Path], tmp_path: Path) -> None:
    path = master("ags-action-plan")
    issued = api.issue(path, tmp_path / "returns", owners=["Chief Executive"])
    ret = issued.returns[0].path
    wb = openpyxl.load_workbook(ret)
    wb["Actions"]["I2"] = "Internal Audit's review is complete."
    wb.save(ret)
    api.merge(path, [ret])
    assert api.validate(path, today=BEFORE_TARGETS).errors == ()
    wb = openpyxl.load_workbook(path)
    assert wb["Audit"]["E2"].value == "2"
    wb["Audit"]["H2"] = "something else"
    wb.save(path)
    report = api.validate(path, today=BEFORE_TARGETS)
    assert [(p.code, p.where.sheet, p.where.cell) for p in report.errors] == [("audit-tampered", "Audit", "M2")]
    assert report.errors[0].message == ("the audit row 2 does not match its hash: it was changed, or a row before "
                                        "it was inserted, deleted or changed; restore the master from its backup")
    del wb["Audit"]
    wb.save(path)
    assert [p.code for p in api.validate(path, today=BEFORE_TARGETS).errors] == ["audit-missing"]
