"""The seed extract's HTML fragments and broken words, piece by piece."""

from __future__ import annotations

from pathlib import Path

import pytest

from govsheet.importer.fragments import parse_cell
from govsheet.importer.seed_actions import split_title
from govsheet.importer.words import Vocabulary, ordinal_suffix
from govsheet.model.tracker import Run
from govsheet.rebuild import packaged_seed
from tests.conftest import CORPUS, ROOT, SEEDS
from tests.importer.sheet import actions_grid


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


@pytest.mark.parametrize(("raw", "title", "narrative"), [
    ("<p>IICSA An update report was made.</p>", "IICSA", "An update report was made."),
    ("<p>Information Governance risks The Board meets.</p>", "Information Governance risks", "The Board meets."),
    ("<p>LGA Peer Review <i>Recommendation 1</i></p><p>Text.</p>", "LGA Peer Review", "Recommendation 1\n\nText."),
    ("<p>Ofsted inspection of children's services</p>", "Ofsted inspection of children's services", ""),
])
def test_sub_item_title_is_cut_from_its_narrative(raw: str, title: str, narrative: str) -> None:
    got_title, got_narrative, _ = split_title(parse_cell(raw))
    assert (got_title.text, got_narrative.text) == (title, narrative)


@pytest.mark.parametrize(("number", "suffix"), [(1, "st"), (2, "nd"), (3, "rd"), (4, "th"), (11, "th"),
                                                (12, "th"), (13, "th"), (21, "st"), (24, "th"), (103, "rd")])
def test_ordinal_suffix(number: int, suffix: str) -> None:
    assert ordinal_suffix(number) == suffix


def test_only_confident_word_repairs_are_made() -> None:
    words = Vocabulary(["Talent & Opportunities", "forms part of the plan", "the 3rd quarter"])
    text, repairs = words.repair("Best Opportunitie s; to be a part of; on 24 th and 3 th; Studie s; Council s")
    assert text == "Best Opportunities; to be a part of; on 24th and 3 th; Studies; Council s"
    assert [(r.written, r.repaired) for r in repairs] == [("24 th", "24th"), ("Opportunitie s", "Opportunities"),
                                                          ("Studie s", "Studies")]


@pytest.mark.corpus
def test_packaged_seeds_are_the_shared_seeds() -> None:
    """The seeds the package ships are byte for byte the shared seed extracts beside the corpus."""
    shared = {"ags-action-plan": "000_3527c5c29b078e23.txt", "governance-review": "004_ad3645d9deb2772a.txt"}
    for schema, name in shared.items():
        assert packaged_seed(schema).read_bytes() == SEEDS[schema].read_bytes()
        assert packaged_seed(schema).read_bytes() == (CORPUS.parent / "seeds" / name).read_bytes()


@pytest.mark.parametrize("schema", ["ags-action-plan", "governance-review"])
def test_checked_in_master_matches_a_fresh_import(schema: str, tmp_path: Path) -> None:
    """workbooks/ is rebuilt by `python -m govsheet.rebuild`; this fails when it is stale."""
    from govsheet.rebuild import rebuild

    fresh = rebuild(tmp_path)[schema][0]
    checked_in = ROOT / "workbooks" / f"{schema}.xlsx"
    assert actions_grid(checked_in) == actions_grid(fresh)
    report = (ROOT / "workbooks" / f"{schema}.import-report.txt").read_text(encoding="utf-8")
    assert report.splitlines()[1:] == (tmp_path / f"{schema}.import-report.txt").read_text(
        encoding="utf-8").splitlines()[1:]
