"""Repair words that the extract broke across lines ("Opportunitie s", "24 th"), only when sure.

Two kinds of evidence count:

* an ordinal split from its number ("3 rd", "18 th") whose suffix is the right one for
  that number, so "3 rd" can only mean "3rd";
* a word split in two where the joined word occurs elsewhere in the same document and
  the tail does not occur there as a word on its own ("Opportunitie s" when the SRO
  column says "Talent & Opportunities"); a plural tail "s" after "-ie" is accepted too,
  since no English word ends that way.

Anything else is left as written.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

_WORD = re.compile(r"[A-Za-z][A-Za-z'\u2019]*")
_ORDINAL = re.compile(r"\b(\d{1,4}) (st|nd|rd|th)\b")
_SPLIT = re.compile(r"\b([A-Za-z]{3,}) ([a-z]{1,4})\b")
_TEEN = range(11, 14)


@dataclass(frozen=True)
class Repair:
    """One repaired word: what was written and what it became."""

    written: str
    repaired: str
    why: str


def ordinal_suffix(number: int) -> str:
    """The English ordinal suffix of a number: 1 -> st, 12 -> th, 23 -> rd."""
    if number % 100 in _TEEN:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")


class Vocabulary:
    """The words of one document, to judge whether a joined word is real."""

    def __init__(self, texts: Iterable[str]) -> None:
        self.counts: Counter[str] = Counter()
        self.pairs: Counter[tuple[str, str]] = Counter()
        for text in texts:
            words = [w.lower() for w in _WORD.findall(text)]
            self.counts.update(words)
            self.pairs.update(itertools.pairwise(words))

    def __contains__(self, word: str) -> bool:
        return self.counts[word.lower()] > 0

    def repair(self, text: str) -> tuple[str, list[Repair]]:
        """The text with broken words joined, and the list of what was joined."""
        repairs: list[Repair] = []

        def ordinal(m: re.Match[str]) -> str:
            if ordinal_suffix(int(m[1])) != m[2]:
                return m[0]
            repairs.append(Repair(m[0], m[1] + m[2], "an ordinal split from its number"))
            return m[1] + m[2]

        def split(m: re.Match[str]) -> str:
            head, tail = m[1], m[2]
            joined = head + tail
            together = self.pairs[head.lower(), tail.lower()]
            # Either half standing alone elsewhere means both are probably real words.
            if self.counts[tail.lower()] > together or self.counts[head.lower()] > together:
                return m[0]
            if joined.lower() in self:
                repairs.append(Repair(m[0], joined, f"{joined!r} occurs elsewhere in the document"))
                return joined
            if tail == "s" and head.endswith("ie"):
                repairs.append(Repair(m[0], joined, "a plural 's' split from a word ending in 'ie'"))
                return joined
            return m[0]

        text = _ORDINAL.sub(ordinal, text)
        text = _SPLIT.sub(split, text)
        return text, repairs
