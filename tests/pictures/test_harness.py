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


@pytest.mark.libreoffice
def test_finds_text_clipped_by_a_short_row_a_full_neighbour_and_a_narrow_date(
        tmp_path: Path, seen: Callable[[Path], Picture]) -> None:
    import datetime as dt

    from tests.pictures.harness import printed_texts

    path = tmp_path / "clipped.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    wrap = book.add_format({"font_name": "Arial", "font_size": 10, "text_wrap": True, "valign": "top"})
    plain = book.add_format({"font_name": "Arial", "font_size": 10})
    day = book.add_format({"font_name": "Arial", "font_size": 10, "num_format": "d mmmm yyyy"})
    sheet.set_column(0, 0, 20)
    sheet.set_column(1, 1, 12)
    long = " ".join(f"word{i}" for i in range(60)) + " lastwords"
    sheet.write_string(0, 0, long, wrap)  # a one-line row: the text runs below it, into row 2
    sheet.write_string(1, 0, "the row below", plain)
    sheet.write_string(2, 0, "a long label that runs on past its own cell", plain)
    sheet.write_string(2, 1, "neighbour", plain)  # LibreOffice clips the label here
    sheet.write_datetime(3, 1, dt.datetime(2021, 9, 30), day)  # noqa: DTZ001 - too wide for 12 characters: ###
    sheet.write_string(5, 0, "whole", plain)
    book.close()
    pic = seen(path)
    pairs = {(a.text, b.text) for a, b in pic.overlaps()}
    assert any("row" in pair or "below" in pair for pair in pairs)  # row 1's wrapped lines run over row 2
    # LibreOffice leaves out what a full neighbour hides: the label's end is not printed
    label = "a long label that runs on past its own cell"
    assert pic.cut_short([label, "neighbour"]) == [label]
    assert pic.hashes() == [f"page 1: ### at ({w.left:.0f}, {w.top:.0f})" for w in pic.words if w.text == "###"]
    assert len(pic.hashes()) == 1
    assert pic.cut_short(printed_texts(path))[:1] == [long[:60]]  # LibreOffice leaves out the last lines
    assert pic.cut_short(["whole", "the row below"]) == []
    assert "cut short" in " ".join(pic.clipped(printed_texts(path)))
