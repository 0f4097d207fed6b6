"""The master's italics (the seed's "Recommendation 3" subheadings) in every committee output."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from govsheet import api
from tests.pictures.harness import Picture

HEADING = "Recommendation 3 – reviewing the constitution and operating model"


def test_committee_outputs_keep_the_italic_subheadings(demo_dir: Path, tmp_path: Path) -> None:
    master = demo_dir / "ags-action-plan-master.xlsx"
    html = (demo_dir / "committee.html").read_text(encoding="utf-8")
    assert f"<em>{HEADING}</em>" in html
    with zipfile.ZipFile(demo_dir / "committee.docx") as z:
        document = z.read("word/document.xml").decode()
    assert f"<w:r><w:rPr><w:i/></w:rPr><w:t>{HEADING}</w:t></w:r>" in document
    out = tmp_path / "committee.xlsx"
    api.render(master, "xlsx", out)
    with zipfile.ZipFile(out) as z:
        strings = z.read("xl/sharedStrings.xml").decode()
    assert "<i/>" in strings.split(HEADING)[0].rsplit("<r>", 1)[1]


@pytest.mark.libreoffice
@pytest.mark.parametrize("name", ["committee.xlsx", "committee.docx", "committee.html"])
def test_the_printed_papers_show_the_subheadings_in_italics(demo_dir: Path, seen: Callable[[Path], Picture],
                                                            name: str) -> None:
    italic = seen(demo_dir / name).italic_text()
    assert "Recommendation 3" in italic
    assert "Updated procedure rules" not in italic
