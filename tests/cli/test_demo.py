"""`govsheet demo` with no arguments runs the whole round cycle and says where every file went."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from govsheet import api
from govsheet.cli import cli


def test_demo_runs_the_whole_cycle(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["demo"])
    assert result.exit_code == 0, result.output
    out = result.stdout
    demo = Path("govsheet-demo")
    assert "issued 13 returns for round 2020/21 Q3, due 29 January 2021 -> govsheet-demo/returns/" in out
    assert "merge of the 3 returned workbooks: 5 applied, 1 conflict, 1 rejected (exit code 1)" in out
    assert "    requested 8 Target date for completion: the new assurance feeds go live in the autumn" in out
    assert ("    rejected 5 Target date for completion: the field is locked in returns; ask the governance team "
            "to change it") in out
    assert "    govsheet-demo/returns/group-manager-assurance.xlsx: already-merged" in out
    assert "  decisions for the governance team -> govsheet-demo/decisions.xlsx" in out
    assert ("  resolve: 2 applied, 1 kept, 0 refused, 0 still open, 0 decided before; master written to "
            "govsheet-demo/ags-action-plan-master.xlsx") in out
    assert "  audit: the audit chain of 13 rows is intact -> govsheet-demo/ags-action-plan-master.xlsx (sheet Audit)" \
        in out
    assert api.verify_audit(demo / "ags-action-plan-master.xlsx").ok
    for name in ("committee.html", "committee.xlsx", "committee.docx", "ags-action-plan-master.bak.xlsx",
                 "governance-review-master.xlsx", "decisions.xlsx", "committee-paper.html", "committee-paper.xlsx",
                 "committee-paper.docx"):
        assert (demo / name).is_file(), name
    assert len(list((demo / "returns").glob("*.xlsx"))) == 13
