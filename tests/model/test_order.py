"""The fewest moves that explain a reordering."""

from __future__ import annotations

from govsheet.model.order import longest_increasing


def test_items_in_order_are_all_kept() -> None:
    assert longest_increasing([0, 1, 2, 3]) == {0, 1, 2, 3}


def test_one_item_moved_to_the_front_is_the_only_one_left_out() -> None:
    assert longest_increasing([3, 0, 1, 2]) == {1, 2, 3}


def test_empty_and_reversed() -> None:
    assert longest_increasing([]) == set()
    assert len(longest_increasing([3, 2, 1])) == 1
