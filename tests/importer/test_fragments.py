"""The seed extract's HTML fragments and broken words, piece by piece."""

from __future__ import annotations

from govsheet.importer.fragments import parse_cell
from govsheet.model.tracker import Run


def test_paragraphs_entities_and_italics_are_read() -> None:
    cell = parse_cell("<p>A &amp; B <i>sub  heading</i></p> <p> Second\u00a0para </p>")
    assert cell.text == "A & B sub heading\n\nSecond para"
    assert cell.runs() == (Run(text="A & B "), Run(text="sub heading", italic=True), Run(text="\n\nSecond para"))
    assert cell.is_rich


def test_plain_text_with_a_bare_ampersand_is_one_paragraph() -> None:
    cell = parse_cell(" Finance & Major Contracts ")
    assert cell.text == "Finance & Major Contracts"
    assert not cell.is_rich


def test_empty_paragraphs_and_blank_cells_vanish() -> None:
    assert parse_cell("<p> </p><p></p>").is_blank
    assert parse_cell("").text == ""


def test_line_break_tag_is_kept_as_a_new_line() -> None:
    assert parse_cell("<p>one<br>two</p>").text == "one\ntwo"
