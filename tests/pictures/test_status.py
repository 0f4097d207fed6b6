"""The round's status table printed: one A4 page, text of at least 8 pt, every state as icon and words."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from govsheet import api
from govsheet.status import STATES
from tests.pictures.harness import Picture


def _status_of_seed(master: Callable[[str], Path], tmp_path: Path) -> Path:
    path = master("ags-action-plan")
    issued = api.issue(path, tmp_path / "issued", due=dt.date(2021, 1, 29))
    from tests.returns.helpers import edit

    back = tmp_path / "back"
    back.mkdir()
    first = issued.returns[0]
    edit(first.path, {("1", "Progress update"): "Reporting monthly"}, out=back / "first.xlsx")
    api.merge(path, [back / "first.xlsx"])
    edit(issued.returns[1].path, {("2", "Progress update"): "Agreed"}, out=back / "second.xlsx")
    return path


@pytest.mark.parametrize("fmt", [pytest.param("xlsx", marks=pytest.mark.libreoffice),
                                 pytest.param("html", marks=pytest.mark.browser)])
def test_the_status_table_prints_on_one_page_with_icons_beside_words(
        master: Callable[[str], Path], tmp_path: Path, seen: Callable[[Path], Picture], fmt: str) -> None:
    path = _status_of_seed(master, tmp_path)
    report = api.status(path, tmp_path / "back", today=dt.date(2021, 2, 1))
    assert {o.state for o in report.owners} == {"merged", "returned", "late"}
    out = tmp_path / f"status.{fmt}"
    api.write_status(report, out, fmt=fmt)
    pic = seen(out)
    assert pic.page_count == 1
    assert pic.smallest_size() >= 8.0
    assert pic.outside_page() == []
    labels = {STATES[s][1]: STATES[s][0] for s in ("merged", "returned")}
    assert pic.icons_beside(labels) == []
    assert pic.statuses_seen("Merged") == 1
    assert pic.statuses_seen("Returned, not merged") == 1
    assert "Late (3 days)" in pic.text
    assert "Group Manager Assurance" in pic.text
