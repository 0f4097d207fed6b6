"""A decorated master keeps its chart, comments, image, names and extra sheet through a merge."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from govsheet import api
from tests.conftest import FIDELITY_TOOL
from tests.merge.conftest import Cycle
from tests.returns.helpers import actions_values, edit

FIDELITY = FIDELITY_TOOL
CE = "Chief Executive"


def fidelity() -> Any:
    pytest.importorskip("lxml")
    if not (FIDELITY / "features.py").is_file():
        pytest.skip(f"needs the shared fidelity tool: put ../shared/tools/fidelity beside the repo (looked in {FIDELITY})")
    sys.path.insert(0, str(FIDELITY))
    import features

    return features


def decorate(master: Path, tmp_path: Path) -> None:
    """Add what a governance team adds by hand: a chart, comments, an image, names, a sheet of their own."""
    from openpyxl.chart import BarChart, Reference
    from openpyxl.comments import Comment
    from openpyxl.drawing.image import Image
    from openpyxl.workbook.defined_name import DefinedName
    from PIL import Image as PILImage

    wb = openpyxl.load_workbook(master)
    ws = wb["Actions"]
    ws["C2"].comment = Comment("Check with the Chief Executive", "Assurance team")
    ws["A3"].comment = Comment("Carried over from last year", "Assurance team")
    notes = wb.create_sheet("Team notes")
    notes.append(["Status", "Count"])
    for label, n in (("Yet to start", 1), ("In progress", 3), ("Completed", 1)):
        notes.append([label, n])
    chart = BarChart()
    chart.title = "Actions by status"
    chart.add_data(Reference(notes, min_col=2, min_row=1, max_row=4), titles_from_data=True)
    chart.set_categories(Reference(notes, min_col=1, min_row=2, max_row=4))
    notes.add_chart(chart, "D2")
    logo = tmp_path / "logo.png"
    PILImage.new("RGB", (40, 20), (31, 56, 100)).save(logo)
    notes.add_image(Image(str(logo)), "D20")
    wb.defined_names["StatusCounts"] = DefinedName("StatusCounts", attr_text="'Team notes'!$A$1:$B$4")
    wb.defined_names["ActionRefs"] = DefinedName("ActionRefs", attr_text="Actions!$A$2:$A$6")
    wb.save(master)


@pytest.mark.corpus  # the fidelity tool ships beside the corpus
def test_decorations_survive_a_merge(cycle: Cycle, tmp_path: Path) -> None:
    features = fidelity()
    decorate(cycle.master, tmp_path)
    edit(cycle.returns[CE], {("2", "Progress update"): "Decorated", ("2", "Progress status"): "In progress"})
    before = features.open_package(str(cycle.master))
    src, _ = features.extract_all(before)
    report = api.merge(cycle.master, [cycle.returns[CE]])
    assert report.summary == {"applied": 2, "conflicts": 0, "rejected": 0}
    assert actions_values(cycle.master)["2"]["progress"] == "Decorated"
    dst_pkg = features.open_package(str(cycle.master))
    dst, _ = features.extract_all(dst_pkg)
    present = {f.name for f in features.FEATURES if f.present(src[f.name])}
    for name in ("comments (text/author)", "charts (type/series/title)", "images", "defined names"):
        assert name in present
    lost = {f.name for f in features.FEATURES if f.name in present and f.compare(src[f.name], dst[f.name], dst_pkg)}
    # The merge changed two Actions cells (and the icon's cached value) and appended Audit rows, whose
    # autofilter grows over them: nothing else.
    assert lost == {"cell values", "autofilter"}, lost
    book = openpyxl.load_workbook(cycle.master)
    assert book.sheetnames == ["Actions", "Audit", "Owners", "_govsheet", "Team notes"]
    assert book["_govsheet"].sheet_state == "veryHidden"


def test_decorations_survive_a_merge_part_by_part(cycle: Cycle, tmp_path: Path) -> None:
    """The same decorations, checked without the fidelity tool: their parts are byte-identical after a merge."""
    import zipfile

    decorate(cycle.master, tmp_path)
    edit(cycle.returns[CE], {("2", "Progress update"): "Decorated", ("2", "Progress status"): "In progress"})

    def decoration_parts(path: Path) -> dict[str, bytes]:
        with zipfile.ZipFile(path) as zf:
            return {n: zf.read(n) for n in zf.namelist()
                    if n.startswith(("xl/charts/", "xl/drawings/", "xl/media/", "xl/comments"))}

    before = decoration_parts(cycle.master)
    assert {n.split("/")[1] for n in before} >= {"charts", "drawings", "media"}
    assert any(n.startswith("xl/comments") for n in before)
    report = api.merge(cycle.master, [cycle.returns[CE]])
    assert report.summary == {"applied": 2, "conflicts": 0, "rejected": 0}
    assert decoration_parts(cycle.master) == before
    book = openpyxl.load_workbook(cycle.master)
    assert book["Actions"]["C2"].comment.text == "Check with the Chief Executive"
    assert book.defined_names["StatusCounts"].attr_text == "'Team notes'!$A$1:$B$4"
    assert book.defined_names["ActionRefs"].attr_text == "Actions!$A$2:$A$6"
    assert book.sheetnames == ["Actions", "Audit", "Owners", "_govsheet", "Team notes"]
