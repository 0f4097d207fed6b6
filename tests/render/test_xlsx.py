"""The committee table as a print-ready workbook, from the hand-made master shaped like seed 000."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from govsheet import api
from tests.render.conftest import INJECTIONS, ORDER, ROWS, TODAY

NARRATIVES = {ref: progress for ref, *_, progress in ROWS if progress}


@pytest.fixture
def rendered_xlsx(handmade: Path, tmp_path: Path) -> Path:
    out = tmp_path / "committee.xlsx"
    api.render(handmade, "xlsx", out, today=TODAY)
    return out


def test_xlsx_is_a4_landscape_fitted_to_width_with_print_titles_and_page_numbers(rendered_xlsx: Path) -> None:
    with zipfile.ZipFile(rendered_xlsx) as z:
        book = z.read("xl/workbook.xml").decode()
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
        names = z.namelist()
    assert "<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"0\">'Committee table'!$5:$5</definedName>" in book
    assert '<pageSetup paperSize="9" fitToHeight="0" orientation="landscape"/>' in sheet
    assert '<pageSetUpPr fitToPage="1"/>' in sheet
    assert '<printOptions horizontalCentered="1"/>' in sheet
    assert "<oddFooter>&amp;LPosition at 15 January 2021&amp;RPage &amp;P of &amp;N</oddFooter>" in sheet
    assert "xl/charts/chart1.xml" in names


def test_xlsx_has_every_action_once_in_order_with_its_narrative_across_the_full_width(rendered_xlsx: Path) -> None:
    import openpyxl

    ws = openpyxl.load_workbook(rendered_xlsx)["Committee table"]
    assert ws["A1"].value == "Annual Governance Statement action plan: 2020/21 Q3"
    assert ws["A3"].value == "Status summary: ○ Yet to start: 1; ◐ In progress: 2; ● Completed: 2"
    assert [c.value for c in ws[5]] == ["Ref", "Planned Action", "Officer responsible",
                                        "Target date for completion", "Progress status"]
    seen: list[tuple[str, str]] = []
    merged = {str(r) for r in ws.merged_cells.ranges}
    for row in ws.iter_rows(min_row=6):
        a = row[0].value
        if f"A{row[0].row}:E{row[0].row}" in merged:
            seen.append(("narrative", a))
        else:
            seen.append(("action", a))
    expected: list[tuple[str, str]] = []
    for ref in ORDER:
        expected.append(("action", ref))
        if ref in NARRATIVES:
            expected.append(("narrative", NARRATIVES[ref]))
    assert seen == expected
    assert ws["E6"].value == "◐ In progress"
    assert ws["E6"].fill.fgColor.rgb == "FFFFE699"


def test_xlsx_shows_formula_like_text_as_text(rendered_xlsx: Path) -> None:
    with zipfile.ZipFile(rendered_xlsx) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
        strings = z.read("xl/sharedStrings.xml").decode()
    assert "<f>" not in sheet
    for text in INJECTIONS:
        escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
        assert escaped in strings or text.replace("<", "&lt;").replace(">", "&gt;") in strings


def test_xlsx_summary_sheet_counts_statuses_beside_a_chart(rendered_xlsx: Path) -> None:
    import openpyxl

    ws = openpyxl.load_workbook(rendered_xlsx)["Summary"]
    assert [[c.value for c in row] for row in ws.iter_rows(min_row=4, max_row=8)] == [
        ["Status", "Actions"], ["○ Yet to start", 1], ["◐ In progress", 2], ["● Completed", 2], ["Total", 5]]
    with zipfile.ZipFile(rendered_xlsx) as z:
        chart = z.read("xl/charts/chart1.xml").decode()
    assert "<c:f>Summary!$A$5:$A$7</c:f>" in chart
    assert '<c:showVal val="1"/>' in chart


def test_a_long_narrative_is_split_between_paragraphs_over_rows_excel_can_show() -> None:
    from govsheet.render.xlsx import MAX_LINES, _lines, split_narrative

    text = "\n\n".join(f"Paragraph {i}: " + "words " * 60 for i in range(40))
    pieces = split_narrative(text, 135)
    assert len(pieces) > 1
    assert "\n".join(pieces) == text
    assert all(_lines(p, 135) <= MAX_LINES for p in pieces)
    assert split_narrative("short", 135) == ["short"]
    assert split_narrative("", 135) == []
