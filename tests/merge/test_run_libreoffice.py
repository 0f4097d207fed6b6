"""A return saved by LibreOffice still merges: metadata, baseline and edits all survive its re-save."""

from __future__ import annotations

from pathlib import Path

import pytest

from govsheet import api
from tests.conftest import libreoffice_convert
from tests.merge.conftest import Cycle
from tests.returns.helpers import actions_values, edit

CE = "Chief Executive"


@pytest.mark.libreoffice
def test_a_return_resaved_by_libreoffice_merges(cycle: Cycle, tmp_path: Path) -> None:
    edit(cycle.returns[CE], {("2", "Progress status"): "Completed", ("2", "Progress update"): "Done in LibreOffice",
                             ("5", "Target date for completion"): "June 2021"})
    saved = libreoffice_convert(cycle.returns[CE], "xlsx", tmp_path / "lo")
    report = api.merge(cycle.master, [saved])
    assert [r.status for r in report.returns] == ["merged"]
    assert [(c.key, c.field, c.outcome) for c in report.changes] == [
        ("2", "status", "applied"), ("2", "progress", "applied"), ("5", "target", "rejected")]
    row = actions_values(cycle.master)["2"]
    assert (row["status"], row["progress"]) == ("Completed", "Done in LibreOffice")
    assert api.merge(cycle.master, [saved]).returns[0].status == "already-merged"
