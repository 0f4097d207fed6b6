"""What could act by itself when the workbook is opened: macros and links to other workbooks, each with its code."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from govsheet import api

TODAY = dt.date(2020, 6, 1)


def test_macros_and_external_links_are_flagged(master: Callable[[str], Path], tmp_path: Path) -> None:
    import zipfile

    source = master("ags-action-plan")
    macro = tmp_path / "with-macros.xlsm"
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(macro, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info, zin.read(info.filename))
        zout.writestr("xl/vbaProject.bin", b"\0" * 64)
    report = api.validate(macro, today=TODAY)
    assert report.valid
    assert [(p.code, p.severity, p.where.sheet, p.where.cell) for p in report.errors] == [
        ("macros-present", "warning", None, None)]
    assert report.errors[0].message == ("the workbook contains macros (VBA); govsheet keeps them unchanged and "
                                        "never runs them")
    assert report.to_text().splitlines()[1:] == [
        "workbook:",
        "  warning the workbook contains macros (VBA); govsheet keeps them unchanged and never runs them "
        "[macros-present]",
    ]
