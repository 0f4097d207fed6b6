"""Broken words of the extract: only confident repairs, and ordinals."""

from __future__ import annotations

import pytest

from govsheet.importer.words import Vocabulary, ordinal_suffix


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
