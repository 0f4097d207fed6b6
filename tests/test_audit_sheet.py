"""The Audit sheet is a readable, printable table: data style, wrapped rows tall enough, set up for A4."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from govsheet import api
from govsheet.audit import AUDIT_SHEET, AuditEntry, append_audit, chain, last_hash, read_audit, verify
from govsheet.xlsx import Book
from tests.conftest import run_bounded, soffice_path

LONG = "The officer reported the action complete; evidence of the new procedure was provided to the team. " * 2


def entries(n: int, start: int = 0) -> list[AuditEntry]:
    return [AuditEntry("2026-12-01T10:00:00+00:00", "2026 Q1", f"ret-{i:03d}", "Head of Finance", f"R{i:03d}",
                       "status", "Not started", "Completed", "applied", LONG, "head-of-finance.xlsx", "ab" * 32)
            for i in range(start, start + n)]


def add_rows(path: Path, n: int, *, old_way: bool = False) -> None:
    """Append n chained rows with the engine: as govsheet does now, or as earlier versions did."""
    previous = last_hash(read_audit(path))
    rows = chain(entries(n, len(read_audit(path))), previous)
    with Book.open(path) as book:
        if old_way:
            book.sheet(AUDIT_SHEET).append_rows(rows)  # the last row (the header) as the template
        else:
            append_audit(book, rows)
        book.save()


def test_audit_rows_are_in_a_data_style_with_heights_that_show_the_text(master: Callable[[str], Path]) -> None:
    path = master("ags-action-plan")
    add_rows(path, 3)
    ws = openpyxl.load_workbook(path)[AUDIT_SHEET]
    header, data = ws["A1"], ws["J2"]
    assert header.font.bold is True
    assert header.fill.fgColor.rgb == "FF1F3864"
    assert data.font.bold is not True
    assert data.fill.fill_type is None
    assert data.alignment.wrap_text is True
    assert data.value == LONG
    # 200 characters in the 26-wide Reason column, whole words to a line: 8 lines of 12.75 pt
    assert ws.row_dimensions[2].height == pytest.approx(8 * 12.75 + 3)
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:M4"
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.paperSize == 9
    assert ws.page_setup.fitToWidth is None  # 1, the default, so left out of the file
    assert ws.page_setup.fitToHeight == 0
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    assert ws.print_title_rows == "$1:$1"
    assert ws.column_dimensions["G"].width == pytest.approx(26, abs=1)
    assert verify(read_audit(path)).ok


def test_rows_written_in_the_header_style_are_repaired_without_touching_the_chain(
        master: Callable[[str], Path]) -> None:
    path = master("ags-action-plan")
    add_rows(path, 2, old_way=True)
    ws = openpyxl.load_workbook(path)[AUDIT_SHEET]
    assert ws["A2"].font.bold is True  # as earlier versions wrote them
    before = read_audit(path)
    add_rows(path, 1)
    after = read_audit(path)
    assert after[:2] == before
    assert verify(after).ok
    ws = openpyxl.load_workbook(path)[AUDIT_SHEET]
    for row in (2, 3, 4):
        for col in "AGM":
            cell = ws[f"{col}{row}"]
            assert cell.font.bold is not True, cell.coordinate
            assert cell.fill.fill_type is None, cell.coordinate
    assert ws["A1"].font.bold is True


def _words_by_page(pdf: Path) -> list[list[tuple[float, str]]]:
    """Each page's words as (x, text), from pdftotext's bounding boxes."""
    import re

    html = run_bounded(["pdftotext", "-bbox-layout", str(pdf), "-"], timeout=60).stdout.decode()
    word = re.compile(r'<word xMin="([0-9.]+)"[^>]*>([^<]*)</word>')
    return [[(float(m.group(1)), m.group(2)) for m in word.finditer(page)] for page in html.split("<page ")[1:]]


def _boxes_by_page(pdf: Path) -> list[tuple[float, list[tuple[float, float, float, float, str]]]]:
    """Each page's width and its words as (xMin, yMin, xMax, yMax, text), from pdftotext's bounding boxes."""
    import re

    html = run_bounded(["pdftotext", "-bbox", str(pdf), "-"], timeout=60).stdout.decode()
    word = re.compile(r'<word xMin="([0-9.]+)" yMin="([0-9.]+)" xMax="([0-9.]+)" yMax="([0-9.]+)">([^<]*)</word>')
    pages = []
    for page in html.split("<page ")[1:]:
        width = float(re.search(r'width="([0-9.]+)"', page).group(1))  # type: ignore[union-attr]
        pages.append((width, [(*map(float, m.groups()[:4]), m.group(5)) for m in word.finditer(page)]))
    return pages  # type: ignore[return-value]


def _overlapping(words: list[tuple[float, float, float, float, str]]) -> list[tuple[str, str]]:
    """Pairs of words drawn over each other: their boxes cross sideways and by over half a line up and down.

    A font's box is taller than its line pitch, so the boxes of two lines of one wrapped cell touch
    by a point or so; text written over other text covers much more than that.
    """
    found = []
    for i, (ax1, ay1, ax2, ay2, a) in enumerate(words):
        for bx1, by1, bx2, by2, b in words[i + 1:]:
            line = min(ay2 - ay1, by2 - by1)
            if min(ax2, bx2) - max(ax1, bx1) > 1 and min(ay2, by2) - max(ay1, by1) > line / 2:
                found.append((a, b))
    return found


@pytest.mark.libreoffice
def test_the_audit_sheet_prints_one_page_wide_with_the_header_on_every_page(master: Callable[[str], Path],
                                                                            tmp_path: Path) -> None:
    path = master("ags-action-plan")
    add_rows(path, 40)
    wb = openpyxl.load_workbook(path)
    for ws in list(wb.worksheets):
        if ws.title != AUDIT_SHEET:
            # removed, not hidden: LibreOffice prints a hidden sheet's print area (the Actions sheet has one)
            wb.remove(ws)
    wb.active = wb.sheetnames.index(AUDIT_SHEET)
    only = tmp_path / "audit-only.xlsx"
    wb.save(only)
    if shutil.which("pdftotext") is None:
        pytest.skip("needs poppler's pdftotext: install poppler-utils (apt-get install poppler-utils)")
    soffice = soffice_path()
    assert soffice
    run_bounded([soffice, f"-env:UserInstallation=file://{tmp_path / 'lo'}", "--headless", "--norestore",
                 "--convert-to", "pdf", "--outdir", str(tmp_path), str(only)], timeout=180)
    pages = _words_by_page(tmp_path / "audit-only.pdf")
    assert len(pages) >= 2  # 40 tall rows do not fit on one page
    refs = set()
    for words in pages:
        texts = [w for _, w in words]
        assert texts[0] == "When"  # the header first on every page
        assert "Round" in texts
        assert "file" in texts  # ... with its last printed column, "Source file": the columns are not split
        assert "hash" not in texts  # the two hash columns are for govsheet audit, not printed
        page_refs = [w for w in texts if w.startswith("R0")]
        refs.update(page_refs)
        # each row's source file (a late column) is on the same page as its reference
        assert sum(1 for w in texts if w.startswith("head-of")) == len(page_refs)  # wrapped in its column
    assert refs == {f"R{i:03d}" for i in range(40)}
    for width, words in _boxes_by_page(tmp_path / "audit-only.pdf"):
        assert max(w[2] for w in words) <= width  # one page wide: nothing runs off the right edge
        assert _overlapping(words) == []  # every wrapped line shows in a row tall enough for it
    # api still verifies the chain of the file printed
    assert api.verify_audit(path).ok
