"""Which items kept their order: the fewest moves that explain a reordering."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence


def longest_increasing(values: Sequence[int]) -> set[int]:
    """The positions of one longest strictly increasing subsequence (patience sorting, O(n log n)).

    Items outside it are the fewest that must have moved for the rest to be in order.
    """
    tails: list[int] = []
    tail_at: list[int] = []
    back: list[int] = [-1] * len(values)
    for i, v in enumerate(values):
        k = bisect_left(tails, v)
        if k == len(tails):
            tails.append(v)
            tail_at.append(i)
        else:
            tails[k] = v
            tail_at[k] = i
        back[i] = tail_at[k - 1] if k else -1
    keep: set[int] = set()
    i = tail_at[-1] if tail_at else -1
    while i != -1:
        keep.add(i)
        i = back[i]
    return keep
