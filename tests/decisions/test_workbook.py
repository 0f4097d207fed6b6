"""The decisions workbook: each question with all three values, laid out for a readable A4 page."""

from __future__ import annotations

from govsheet.decisions.workbook import DECISIONS_SHEET, RECORD_SHEET
from govsheet.workbook.meta import META_SHEET
from tests.decisions.conftest import Round


def test_the_decisions_workbook_holds_each_question_with_all_three_values(merged: Round) -> None:
    import openpyxl

    ws = openpyxl.load_workbook(merged.decisions)[DECISIONS_SHEET]
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=1, max_col=10)]
    assert rows[0][:8] == ["Id", "Ref", "Action", "Owner", "Field", "Master's value", "Officer's value",
                           "When issued"]
    assert rows[1][:9] == ["D1", "2", "Action 2", "Chief Executive", "Planned Action", "Action 2",
                           "A different action", "Action 2", "rejected"]
    assert rows[2][:9] == ["D2", "2", "Action 2", "Chief Executive", "Progress update", "Team note from May",
                           "Started in June", "", "conflict"]
    assert ws.protection.sheet
    assert not ws.cell(2, 11).protection.locked
    assert ws.cell(2, 1).protection.locked
    assert [dv.formula1 for dv in ws.data_validations.dataValidation] == [
        "\"Keep the master,Take the officer's,Another value\""]
    book = openpyxl.load_workbook(merged.decisions)
    assert book[RECORD_SHEET].sheet_state == "veryHidden"
    assert book[META_SHEET].sheet_state == "veryHidden"


def test_the_decisions_sheet_is_laid_out_for_a_readable_a4_page(merged: Round) -> None:
    import openpyxl

    from govsheet.decisions.workbook import COLUMNS, FIRST_EDITABLE
    from govsheet.workbook.layout import LINE_HEIGHT, wrapped_lines
    from govsheet.workbook.write import page_chars

    wb = openpyxl.load_workbook(merged.decisions)
    ws = wb[DECISIONS_SHEET]
    # a width of w characters is stored as w + 5/7 (the cell's padding of 5 pixels), once for a run of equal columns
    stored = {c: d.width for d in ws.column_dimensions.values() for c in range(d.min, d.max + 1)}
    widths = [round(stored[c] - 5 / 7, 1) for c in range(1, len(COLUMNS) + 1)]
    assert widths == [w for _, w in COLUMNS]
    assert sum(widths) <= page_chars(len(widths))  # one page wide at 8 pt or more
    assert (ws.page_setup.paperSize, ws.page_setup.orientation) == (9, "landscape")
    # fitted one page wide (a width of 1 is the default, left out of the file), as many pages long as it takes
    assert (ws.sheet_properties.pageSetUpPr.fitToPage, ws.page_setup.fitToWidth or 1, ws.page_setup.fitToHeight) == (
        True, 1, 0)
    assert ws.print_title_rows == "$1:$1"
    assert ws.freeze_panes == "C2"
    for row in range(2, ws.max_row + 1):  # each row tall enough for its wrapped text and any dropdown choice
        texts = [str(ws.cell(row, c).value or "") for c in range(1, FIRST_EDITABLE + 1)]
        lines = max(wrapped_lines(t, w) for t, w in zip(texts, widths, strict=False))
        height = ws.row_dimensions[row].height
        assert height >= lines * LINE_HEIGHT
        assert height >= wrapped_lines("Take the officer's", widths[FIRST_EDITABLE]) * LINE_HEIGHT
    instructions = wb["Instructions"]
    setup = instructions.page_setup
    assert (setup.orientation, instructions.sheet_properties.pageSetUpPr.fitToPage, setup.fitToWidth or 1,
            setup.fitToHeight or 1) == ("portrait", True, 1, 1)  # one portrait page
    for row in range(2, instructions.max_row + 1):
        text = str(instructions.cell(row, 1).value)
        assert instructions.row_dimensions[row].height >= wrapped_lines(text, 90) * LINE_HEIGHT
