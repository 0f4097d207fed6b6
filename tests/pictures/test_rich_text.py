"""The master's italics (the seed's "Recommendation" subheadings under 1a) in a return and in a diff."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from govsheet import api, demo
from tests.pictures.harness import Picture

FIRST = "Recommendations 1 & 2 – developing an inclusive vision for Notts and showing leadership of place"
PLAIN = "The September 2020 meeting of the Policy"


def _cell(path: Path, sheet: str, key: str, title: str) -> Any:
    import openpyxl

    ws = openpyxl.load_workbook(path, rich_text=True)[sheet]
    rows = list(ws.iter_rows())
    header = next(i for i, row in enumerate(rows) if "Ref" in [c.value for c in row])
    column = [c.value for c in rows[header]].index(title)
    ref = [c.value for c in rows[header]].index("Ref")
    return next(row[column].value for row in rows[header + 1:] if row[ref].value == key)


def _italic_blocks(value: Any) -> list[str]:
    from openpyxl.cell.rich_text import CellRichText

    assert isinstance(value, CellRichText), value
    return [b.text for b in value if not isinstance(b, str) and b.font.i]


@pytest.fixture(scope="module")
def issued(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh master of the seed and the return holding 1a, as issue writes it."""
    tmp = tmp_path_factory.mktemp("rich")
    master = tmp / "master.xlsx"
    api.import_tracker(demo.seed_path("ags-action-plan"), "ags-action-plan", master)
    api.issue(master, tmp / "returns", owners=["Group Manager Assurance"])
    return master


def test_a_return_keeps_the_masters_italic_runs(issued: Path) -> None:
    (ret,) = (issued.parent / "returns").glob("*.xlsx")
    master_runs = _italic_blocks(_cell(issued, "Actions", "1a", "Progress update"))
    return_runs = _italic_blocks(_cell(ret, "Actions", "1a", "Progress update"))
    assert return_runs == master_runs
    assert return_runs[0] == FIRST
    assert len(return_runs) == 4  # the four subheadings of the seed's 1a
    assert str(_cell(ret, "Actions", "1a", "Progress update")) == str(_cell(issued, "Actions", "1a",
                                                                            "Progress update"))


def test_a_diff_shows_old_and_new_with_their_runs(issued: Path, tmp_path: Path) -> None:
    new = tmp_path / "new.xlsx"
    shutil.copyfile(issued, new)
    api.edit(new, ["Actions!I3:=Recommendation work continues."], reason="test", by="tester")
    report = api.diff(issued, new)
    assert [(c.key, c.field) for c in report.changed] == [("1a", "progress")]
    out = Path(api.write_diff(report, tmp_path / "diff.xlsx").path)
    changed = _cell(out, "Changes", "1a", "Progress update")
    assert str(changed).startswith("~ Recommendation work continues.\n[was: " + FIRST)
    assert _italic_blocks(changed)[0] == FIRST
    # the changed cell is bold throughout; the old subheadings bold and italic, the rest bold only
    assert all(b.font.b for b in changed if not isinstance(b, str))
    listed = _cell(out, "Changed cells", "1a", "Old value")
    assert _italic_blocks(listed)[0] == FIRST
    assert PLAIN not in " ".join(_italic_blocks(listed))
    unchanged = _cell(Path(api.write_diff(api.diff(issued, issued), tmp_path / "same.xlsx").path), "Changes", "1a",
                      "Progress update")
    assert _italic_blocks(unchanged)[0] == FIRST


@pytest.mark.libreoffice
def test_the_printed_return_and_diff_show_the_subheadings_in_italics(
        issued: Path, tmp_path: Path, seen: Callable[[Path], Picture]) -> None:
    (ret,) = (issued.parent / "returns").glob("*.xlsx")
    diff = Path(api.write_diff(api.diff(issued, issued), tmp_path / "diff.xlsx").path)
    for path in (ret, diff):
        italic = seen(path).italic_text()
        assert FIRST[:40] in italic, path.name
        assert PLAIN not in italic, path.name
