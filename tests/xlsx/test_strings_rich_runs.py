"""Rich-text runs of a shared string: what the master keeps of the seed's italics."""

from __future__ import annotations

from pathlib import Path

import xlsxwriter

from govsheet.xlsx import Book
from govsheet.xlsx.strings import item_runs, item_text


def test_item_runs_read_italic_and_bold_and_join_to_the_text() -> None:
    body = (b'<r><rPr><i/><sz val="10"/></rPr><t>Recommendation 3</t></r><r><t xml:space="preserve"> and </t></r>'
            b'<r><rPr><b val="1"/><i val="0"/></rPr><t>bold &amp; plain</t></r><rPh><t>x</t></rPh>')
    runs = item_runs(body)
    assert runs == [("Recommendation 3", True, False), (" and ", False, False), ("bold & plain", False, True)]
    assert "".join(t for t, _, _ in runs) == item_text(body)
    assert item_runs(b"<t>plain</t>") == [("plain", False, False)]
    assert item_runs(b"<t/>") == []


def test_shared_strings_give_the_runs_of_a_workbook_cell(tmp_path: Path) -> None:
    path = tmp_path / "rich.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    italic = book.add_format({"italic": True})
    sheet.write_rich_string(0, 0, italic, "Heading", "\nThe text.")
    sheet.write_string(1, 0, "plain")
    book.close()
    with Book.open(path) as opened:
        strings = opened.strings
        assert strings.runs(0) == [("Heading", True, False), ("\nThe text.", False, False)]
        assert strings.runs(1) == [("plain", False, False)]
        assert strings.runs(2) == []
