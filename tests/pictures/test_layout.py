"""Masters and returns printed on A4 at a readable size, with their header on every page."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.pictures.harness import Picture

pytestmark = pytest.mark.libreoffice


@pytest.mark.parametrize("name", ["ags-action-plan-master.xlsx", "governance-review-master.xlsx",
                                  "returns/group-manager-assurance.xlsx", "returns/chief-executive.xlsx"])
def test_trackers_print_at_8_points_or_more_with_the_header_on_each_page(
        demo_dir: Path, seen: Callable[[Path], Picture], name: str) -> None:
    pic = seen(demo_dir / name)
    first_header = "Planned Action" if "governance-review" not in name else "Governance Review Recommendation"
    table_pages = [p.number for p in pic.pages if first_header in pic.page_text(p.number)]
    assert pic.smallest_size() >= 8
    assert table_pages
    # every page from the first table page to the last shows the header row again
    assert table_pages == list(range(table_pages[0], table_pages[-1] + 1))
    assert all(pic.pages[n - 1].width > pic.pages[n - 1].height for n in table_pages)  # landscape
    assert pic.outside_page() == []


def test_a_return_prints_the_tracker_columns_and_keeps_the_request_and_check_columns_on_screen(
        demo_dir: Path, seen: Callable[[Path], Picture]) -> None:
    import openpyxl

    path = demo_dir / "returns/group-manager-assurance.xlsx"
    pic = seen(path)
    printed = " ".join(text for p in pic.pages if "Planned Action" in (text := pic.page_text(p.number)))
    assert "Planned Action" in printed
    assert "Progress update" in printed
    for title in ("Proposed target", "Reason for new target", "Check"):
        assert title not in printed
    ws = openpyxl.load_workbook(path)["Actions"]
    assert ws.print_area == "'Actions'!$A$1:$I$100001"
    titles = {c.value: c.column_letter for c in ws[1]}
    # the Check column is narrow on screen (16 characters, not the 36 it took), the history hidden
    assert ws.column_dimensions[titles["Check"]].width < 17
    assert ws.column_dimensions[titles["Original target"]].hidden
    assert not ws.column_dimensions[titles["Proposed target"]].hidden
    assert pic.smallest_size() >= 8


def test_instructions_print_on_one_portrait_page_with_the_title_whole(
        demo_dir: Path, seen: Callable[[Path], Picture]) -> None:
    pic = seen(demo_dir / "returns/chief-executive.xlsx")
    first = pic.pages[0]
    assert first.width < first.height
    text = pic.page_text(1)
    assert "Annual Governance Statement action plan: return for Chief Executive" in text
    for label, value in (("For", "Chief Executive"), ("Please return by", "29 January 2021 (Friday)")):
        assert f"{label} " in text
        assert value in text
    assert "Return id" in text
    assert "Planned Action" not in text
    # labels and their values on the same page: no instruction is left over for page 2
    assert "Please return by" not in pic.page_text(2)
    assert pic.smallest_size() >= 8
