"""The action-plan layout of a seed extract (seed 000): sub-item titles cut from their narrative."""

from __future__ import annotations

import pytest

from govsheet.importer.fragments import parse_cell
from govsheet.importer.seed_actions import split_title


@pytest.mark.parametrize(("raw", "title", "narrative"), [
    ("<p>IICSA An update report was made.</p>", "IICSA", "An update report was made."),
    ("<p>Information Governance risks The Board meets.</p>", "Information Governance risks", "The Board meets."),
    ("<p>LGA Peer Review <i>Recommendation 1</i></p><p>Text.</p>", "LGA Peer Review", "Recommendation 1\n\nText."),
    ("<p>Ofsted inspection of children's services</p>", "Ofsted inspection of children's services", ""),
])
def test_sub_item_title_is_cut_from_its_narrative(raw: str, title: str, narrative: str) -> None:
    got_title, got_narrative, _ = split_title(parse_cell(raw))
    assert (got_title.text, got_narrative.text) == (title, narrative)
