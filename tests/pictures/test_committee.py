"""The committee papers as printed: Word columns, page counts, italics, icons."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.pictures.harness import Picture

pytestmark = pytest.mark.libreoffice


def test_docx_columns_follow_the_schema_in_grid_and_cells(demo_dir: Path) -> None:
    with zipfile.ZipFile(demo_dir / "committee.docx") as z:
        xml = z.read("word/document.xml").decode()
    grid = xml.split("<w:tblGrid>")[1].split("</w:tblGrid>")[0]
    widths = [int(part.split('"')[0]) for part in grid.split('w:w="')[1:]]
    assert widths == [785, 6728, 3364, 2467, 1794]
    rows = re.findall(r"<w:tr[ >].*?</w:tr>", xml, re.DOTALL)
    for row in rows[:3]:  # the header and the first action
        if "w:gridSpan" not in row:
            assert [int(w) for w in re.findall(r'<w:tcW[^>]*w:w="(\d+)"', row)] == widths


def test_docx_prints_in_about_the_pages_of_the_xlsx_with_a_narrow_ref_column(
        demo_dir: Path, seen: Callable[[Path], Picture]) -> None:
    word = seen(demo_dir / "committee.docx")
    sheet = seen(demo_dir / "committee.xlsx")
    assert word.page_count <= sheet.page_count + 1
    ref = next(w for w in word.words if w.text == "Ref")
    planned = next(w for w in word.words if w.text.startswith("Planned"))
    assert planned.left - ref.left < 40  # Ref is about 14 mm wide, not a fifth of the page
    # page 1 is filled: the long narrative of 1a runs on instead of moving whole to page 2
    assert "Progress update (1a):" in word.page_text(1)
    assert word.pages_without("Planned Action") == []
    assert word.outside_page() == []


def test_docx_lets_only_a_row_taller_than_a_page_split(demo_dir: Path) -> None:
    with zipfile.ZipFile(demo_dir / "committee.docx") as z:
        xml = z.read("word/document.xml").decode()
    rows = re.findall(r"<w:tr[ >].*?</w:tr>", xml, re.DOTALL)
    split = [r for r in rows if "cantSplit" not in r and "tblHeader" not in r]
    assert len(split) >= 1
    assert all("Progress update (" in r for r in split)
    assert any("Progress update (1a)" in r for r in split)
    short = next(r for r in rows if "Progress update (1):" in r)
    assert "cantSplit" in short
