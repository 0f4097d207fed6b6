"""The Problems sheet of ``validate --annotate``: columns as wide as what they hold."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from govsheet import api
from govsheet.validate.annotate import MAX_WIDTHS, PAGE_CHARS, content_widths
from govsheet.validate.report import ValidationReport
from tests.pictures.harness import Picture


def _annotated(demo_dir: Path, tmp_path: Path) -> tuple[Path, ValidationReport]:
    out = tmp_path / "annotated.xlsx"
    report = api.validate(demo_dir / "ags-action-plan-master.xlsx", annotate=out, today=dt.date(2021, 1, 15))
    return out, report


def test_problems_sheet_columns_fit_their_content(demo_dir: Path, tmp_path: Path) -> None:
    out, report = _annotated(demo_dir, tmp_path)
    with zipfile.ZipFile(out) as z:
        names = z.namelist()
        xml = z.read(max(n for n in names if n.startswith("xl/worksheets/sheet"))).decode()
    widths = [float(w) for w in re.findall(r'<col min="\d+" max="\d+" width="([\d.]+)" customWidth="1"/>', xml)]
    assert widths == content_widths(report.errors)
    longest = max(len(p.message) for p in report.errors)
    assert widths[7] == min(longest + 2, MAX_WIDTHS[7])
    assert widths[:2] == [len("Severity") + 2, len("overdue") + 2]
    assert xml.index("<cols>") < xml.index("<sheetData")


@pytest.mark.libreoffice
def test_problems_messages_print_whole(demo_dir: Path, tmp_path: Path, seen: Callable[[Path], Picture]) -> None:
    out, report = _annotated(demo_dir, tmp_path)
    pic = seen(out)
    pages = [p.number for p in pic.pages if "Severity" in pic.page_text(p.number)]
    assert pages
    shown = " ".join(pic.page_text(n) for n in range(pages[0], pic.page_count + 1))
    assert report.errors[0].message[:60] in shown
    cells = [w for w in pic.page_words(pages[0]) if w.text.startswith("Actions!E")]
    assert len(cells) >= 5  # the Cell column is wide enough for its links, not cut to "Actions!"


def test_problems_sheet_prints_on_a4_landscape_with_its_header_frozen_filtered_and_repeated(
        demo_dir: Path, tmp_path: Path) -> None:
    out, report = _annotated(demo_dir, tmp_path)
    with zipfile.ZipFile(out) as z:
        names = z.namelist()
        xml = z.read(max(n for n in names if n.startswith("xl/worksheets/sheet"))).decode()
        book = z.read("xl/workbook.xml").decode()
    last = len(report.errors) + 1
    assert '<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>' in xml
    assert '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>' in xml
    assert '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>' in xml
    assert f'<autoFilter ref="A1:H{last}"/>' in xml
    index = len(re.findall(r"<sheet ", book)) - 1
    assert f'<definedName name="_xlnm.Print_Titles" localSheetId="{index}">\'Problems\'!$1:$1</definedName>' in book
    assert (f'<definedName name="_xlnm._FilterDatabase" localSheetId="{index}" hidden="1">\'Problems\'!$A$1:$H$'
            f'{last}</definedName>') in book
    # the sheet fits the page at 85 % or more, so fitted to the width its 10-point text stays >= 8.5 points
    widths = content_widths(report.errors)
    assert sum(widths) <= PAGE_CHARS


@pytest.mark.libreoffice
def test_problems_pages_are_landscape_readable_and_headed(demo_dir: Path, tmp_path: Path,
                                                          seen: Callable[[Path], Picture]) -> None:
    out, _ = _annotated(demo_dir, tmp_path)
    pic = seen(out)
    first = next(p.number for p in pic.pages if "Severity" in pic.page_text(p.number))
    pages = range(first, pic.page_count + 1)
    assert all("Severity" in pic.page_text(n) and "Message" in pic.page_text(n) for n in pages)
    assert all(pic.pages[n - 1].width > pic.pages[n - 1].height for n in pages)
    assert min(w.size for w in pic.words if w.page >= first) >= 8
