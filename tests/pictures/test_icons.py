"""Status icons as printed: full size, beside their status, on every output that shows a status."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.pictures.harness import Picture

pytestmark = pytest.mark.libreoffice
ICONS = {"Yet to start": "○", "In progress": "◐", "Completed": "●"}


def _icon_boxes(pic: Picture) -> list[tuple[str, float, float]]:
    return [(w.text, w.width, w.size) for w in pic.words if w.text in ICONS.values()]


@pytest.mark.parametrize("name", ["committee.xlsx", "returns/chief-executive.xlsx"])
def test_icons_print_as_wide_as_a_letter_not_a_sliver(demo_dir: Path, seen: Callable[[Path], Picture],
                                                      name: str) -> None:
    pic = seen(demo_dir / name)
    boxes = _icon_boxes(pic)
    assert {text for text, _, _ in boxes} == set(ICONS.values())
    # ◐ in Arial (Liberation Sans) is about 3 points wide; in the symbol font it is as wide as the others
    assert all(width >= 0.7 * size for _, width, size in boxes), boxes


def test_each_status_of_the_committee_table_has_its_icon_beside_it(demo_dir: Path,
                                                                  seen: Callable[[Path], Picture]) -> None:
    pic = seen(demo_dir / "committee.xlsx")
    assert pic.statuses_seen("In progress") >= 19  # sub-items 1a-1e have no status of their own
    assert pic.icons_beside(ICONS) == []


def test_master_icons_sit_beside_their_status_in_tall_rows(demo_dir: Path, seen: Callable[[Path], Picture]) -> None:
    pic = seen(demo_dir / "ags-action-plan-master.xlsx")
    actions_pages = [p.number for p in pic.pages if "Planned Action" in pic.page_text(p.number)]
    statuses = [w for w in pic.words if w.page in actions_pages and w.text in ICONS]
    assert len(statuses) == 23  # every row but the sub-items 1a-1e, which have no status of their own
    for w in statuses:
        middle = w.top + w.height / 2
        icons = [v for v in pic.page_words(w.page) if v.text == ICONS[w.text] and 0 < v.left - w.right < 60]
        icon = min(icons, key=lambda v: abs(v.top + v.height / 2 - middle))
        assert abs(icon.top + icon.height / 2 - middle) <= 2, (w, icon)
        assert icon.width >= 7
