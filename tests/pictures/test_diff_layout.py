"""The diff workbook laid out for A4 at a readable size, its long cells cut where no row holds them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from govsheet import api, demo
from govsheet.render.diff_xlsx import CUT_NOTE, diff_widths, fit_row, shown_fields
from govsheet.schemas import load_schema
from govsheet.workbook.layout import MAX_ROW_HEIGHT
from govsheet.workbook.write import HELPER_WIDTH, MIN_WRAP_WIDTH, page_chars
from tests.pictures.harness import Picture, printed_texts


@pytest.fixture(scope="module")
def diff_book(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, api.DiffReport]:
    tmp = tmp_path_factory.mktemp("diff")
    old, new = tmp / "old.xlsx", tmp / "new.xlsx"
    for path in (old, new):
        api.import_tracker(demo.seed_path("ags-action-plan"), "ags-action-plan", path)
    api.edit(new, ["Actions!G2:=Completed", "Actions!I2:=Done in December."], reason="test", by="tester")
    report = api.diff(old, new)
    return Path(api.write_diff(report, tmp / "diff.xlsx").path), report


def test_the_changes_sheet_fits_a4_landscape_at_85_percent(diff_book: tuple[Path, api.DiffReport]) -> None:
    import openpyxl

    path, report = diff_book
    schema = load_schema("ags-action-plan")
    widths = diff_widths(report, schema)
    assert sum(widths) <= page_chars(len(widths))
    titles = ["Change", *(report.titles[f] for f in shown_fields(report, schema))]
    by_title = dict(zip(titles, widths, strict=True))
    assert by_title["Part of"] <= HELPER_WIDTH
    assert by_title["Progress update"] > by_title["Officer responsible"] > MIN_WRAP_WIDTH
    ws = openpyxl.load_workbook(path)["Changes"]
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.paperSize == 9
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    assert ws.page_setup.fitToHeight == 0
    assert ws.print_title_rows == "$6:$6"
    assert ws.freeze_panes == "A7"
    # rows as tall as their wrapped text: the 1a narrative, cut, takes about the tallest row Excel has
    heights = {ws.cell(r, 2).value: ws.row_dimensions[r].height for r in range(7, ws.max_row + 1)}
    assert MAX_ROW_HEIGHT - 15 < heights["1a"] <= MAX_ROW_HEIGHT
    assert min(heights.values()) >= 15.75  # one line of 12.75 points and its padding
    assert ws.cell(8, 2).value == "1a"
    assert str(ws.cell(8, 9).value).endswith(CUT_NOTE)


def test_a_cut_keeps_whole_words_and_the_runs_before_it() -> None:
    pieces = [("Heading", True, False), (" " + "word " * 600, False, False)]
    cut = fit_row(pieces, 40)
    assert cut[0] == ("Heading", True, False)
    assert cut[-1] == (CUT_NOTE, False, False)
    assert cut[1][0].endswith("word")
    assert fit_row([("short", False, False)], 40) == [("short", False, False)]


@pytest.mark.libreoffice
def test_the_printed_diff_is_readable_and_whole(diff_book: tuple[Path, api.DiffReport],
                                                seen: Callable[[Path], Picture]) -> None:
    path, _ = diff_book
    pic = seen(path)
    assert pic.smallest_size() >= 8
    assert pic.clipped(printed_texts(path)) == []
    assert pic.outside_page() == []
    assert all(p.width > p.height for p in pic.pages)
    assert pic.pages_without("Planned Action") == [p.number for p in pic.pages if "Old value" in
                                                   pic.page_text(p.number)]
