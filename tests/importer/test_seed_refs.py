"""The references layout of a seed extract (seed 004): references found in the text, rows joined across page breaks."""

from __future__ import annotations

from pathlib import Path

import pytest

from govsheet import api
from govsheet.importer.seed_refs import references


def test_recommendation_join_after_a_full_stop_is_a_guess(tmp_path: Path) -> None:
    source = tmp_path / "review.txt"
    source.write_text(
        "Recommendation\tWorkstream\tUpdate\tSRO\n"                        # line 1
        "Preamble with no reference.\t\t\t\n"                               # line 2
        "(1.1) Do the thing.\tW1\tStarted.\tAnn\n"                          # line 3
        "\n"                                                                # line 4
        "Also this.\t\tMore.\t\n"                                           # line 5
        "1.2 Next thing\tW2\t\tBob\n",                                      # line 6
        encoding="utf-8")
    tracker, report = api.read_source(source, "governance-review")
    assert [(a.values["ref"], a.values["recommendation"], a.values["update"]) for a in tracker.actions] == [
        (None, "Preamble with no reference.", None),
        ("1.1", "(1.1) Do the thing. Also this.", "Started. More."),
        ("1.2", "1.2 Next thing", None),
    ]
    notes = [str(n) for n in report.notes]
    assert ("line 3, 5 [1.1]: guess: line 5 starts with no reference (line 3 ends a sentence, so this is less "
            "certain): the row continues across the page break; recommendation, update joined (\u2026'(1.1) Do the "
            "thing.' + 'Also this.'\u2026)") in notes
    assert "line 2: guess: no recommendation reference found; the row has no key, for a person to fix" in notes


@pytest.mark.parametrize(("text", "found"), [
    ("(10.2.8) Establish ... (10.2.9) Establish a scheme", ["10.2.8", "10.2.9"]),
    ("10.2.6 Establish a rationale ... Act 2011. 10.2.7 Establish a specific", ["10.2.6", "10.2.7"]),
    ("10.3 With the help of", ["10.3"]),
    ("costs rose by 10.5 percent in (10.1) terms", ["10.1"]),
])
def test_references_are_found_in_brackets_or_bare_at_a_sentence_start(text: str, found: list[str]) -> None:
    assert references(text) == found
