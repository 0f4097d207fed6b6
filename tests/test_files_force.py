"""No command replaces an existing file without --force; with it the old file is kept as NAME.bak.EXT."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from govsheet.audit import read_audit
from tests.cli.helpers import invoke

SEED = Path(__file__).resolve().parents[1] / "src" / "govsheet" / "seeds" / "ags-action-plan.txt"


def test_import_refuses_to_replace_a_master_and_keeps_a_backup_with_force(
        master: Callable[[str], Path], capsys: pytest.CaptureFixture[str]) -> None:
    live = master("ags-action-plan")
    live_bytes = live.read_bytes()
    code, out, err = invoke(["import", str(SEED), "--schema", "ags-action-plan", "-o", str(live)], capsys)
    assert (code, out) == (2, "")
    assert err == (f"govsheet: {live}: already exists; pass --force to replace it (the old file is kept as "
                   f"{live.stem}.bak.xlsx)\n")
    assert live.read_bytes() == live_bytes
    code, _, err = invoke(["import", str(SEED), "--schema", "ags-action-plan", "-o", str(live), "--force"], capsys)
    assert (code, err) == (0, "")
    assert live.with_name(f"{live.stem}.bak.xlsx").read_bytes() == live_bytes
    assert read_audit(live) == []


def test_render_and_diff_refuse_an_existing_output(master: Callable[[str], Path], tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    live = master("ags-action-plan")
    page = tmp_path / "paper.html"
    page.write_text("old paper", encoding="utf-8")
    code, _, err = invoke(["render", str(live), "--format", "html", "-o", str(page)], capsys)
    assert (code, err) == (2, f"govsheet: {page}: already exists; pass --force to replace it (the old file is kept "
                              "as paper.bak.html)\n")
    assert page.read_text(encoding="utf-8") == "old paper"
    code, _, err = invoke(["render", str(live), "--format", "html", "-o", str(page), "--force"], capsys)
    assert (code, err) == (0, "")
    assert (tmp_path / "paper.bak.html").read_text(encoding="utf-8") == "old paper"
    assert page.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")

    other = tmp_path / "other.xlsx"
    other.write_bytes(live.read_bytes())
    for fmt, name in (("text", "d.txt"), ("xlsx", "d.xlsx")):
        target = tmp_path / name
        target.write_text("keep", encoding="utf-8")
        code, _, err = invoke(["diff", str(live), str(other), "--format", fmt, "-o", str(target)], capsys)
        assert code == 2
        assert err == (f"govsheet: {target}: already exists; pass --force to replace it (the old file is kept as "
                       f"{target.stem}.bak{target.suffix})\n")
        code, _, err = invoke(["diff", str(live), str(other), "--format", fmt, "-o", str(target), "--force"], capsys)
        assert (code, err) == (0, "")
        assert target.with_name(f"d.bak{target.suffix}").read_text(encoding="utf-8") == "keep"


def test_roll_refuses_an_existing_output(master: Callable[[str], Path], tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    live = master("ags-action-plan")
    nxt = tmp_path / "next.xlsx"
    nxt.write_text("old", encoding="utf-8")
    code, _, err = invoke(["roll", str(live), "--round", "2099 Q1", "-o", str(nxt)], capsys)
    assert (code, err) == (2, f"govsheet: {nxt}: already exists; pass --force to replace it (the old file is kept "
                              "as next.bak.xlsx)\n")
    code, _, err = invoke(["roll", str(live), "--round", "2099 Q1", "-o", str(nxt), "--force"], capsys)
    assert (code, err) == (0, "")
    assert (tmp_path / "next.bak.xlsx").read_text(encoding="utf-8") == "old"


def test_issue_refuses_to_replace_returns_in_the_folder(master: Callable[[str], Path], tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    live = master("ags-action-plan")
    folder = tmp_path / "returns"
    code, _, _ = invoke(["issue", str(live), "-o", str(folder)], capsys)
    assert code == 0
    first = sorted(p.name for p in folder.iterdir())
    before = {n: (folder / n).read_bytes() for n in first}
    code, out, err = invoke(["issue", str(live), "-o", str(folder)], capsys)
    assert (code, out) == (2, "")
    assert err.startswith(f"govsheet: {folder}: already holds {first[0]}, ")
    assert err.count("\n") == 1
    assert "pass --force to replace them" in err
    assert {n: (folder / n).read_bytes() for n in first} == before
    code, _, _ = invoke(["issue", str(live), "-o", str(folder), "--force"], capsys)
    assert code == 0
    for name in first:
        assert (folder / name.replace(".xlsx", ".bak.xlsx")).read_bytes() == before[name]
