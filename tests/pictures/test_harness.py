"""The harness reads what a printed page shows: pages, font sizes, italics, boxes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import xlsxwriter

from tests.pictures.harness import Picture, to_png


@pytest.mark.libreoffice
def test_reads_pages_sizes_and_italics_of_a_workbook(tmp_path: Path, seen: Callable[[Path], Picture]) -> None:
    path = tmp_path / "two-pages.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    small = book.add_format({"font_name": "Arial", "font_size": 7})
    italic = book.add_format({"font_name": "Arial", "font_size": 10, "italic": True})
    sheet.write_string(0, 0, "Heading", book.add_format({"font_name": "Arial", "font_size": 10}))
    sheet.write_string(1, 0, "tiny words", small)
    sheet.write_string(2, 0, "slanted words", italic)
    sheet.write_string(3, 0, "after the break")
    sheet.set_h_pagebreaks([3])
    sheet.repeat_rows(0)
    book.close()
    pic = seen(path)
    assert pic.page_count == 2
    assert pic.smallest_size() == 7.0
    assert "slanted words" in pic.italic_text()
    assert "tiny" not in pic.italic_text()
    assert pic.pages_without("Heading") == []
    assert pic.outside_page() == []
    pngs = to_png(pic.pdf, tmp_path / "png", "two-pages", last=2)
    assert [p.name for p in pngs] == ["two-pages-1.png", "two-pages-2.png"]


@pytest.mark.browser
def test_reads_a_printed_html_page(tmp_path: Path, seen: Callable[[Path], Picture]) -> None:
    path = tmp_path / "page.html"
    path.write_text('<html><body style="font-size:12pt"><p>plain <em>emphasis</em></p>'
                    '<p style="font-size:6pt">small print</p><p>○ Not started</p></body></html>', encoding="utf-8")
    pic = seen(path)
    assert pic.page_count == 1
    assert pic.smallest_size() == pytest.approx(6.0, abs=0.6)
    assert "emphasis" in pic.italic_text()
    assert pic.icons_beside({"Not started": "○"}) == []
    assert pic.icons_beside({"small print": "●"}) != []
