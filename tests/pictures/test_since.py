"""The committee paper grouped since the last report, as printed: headings, header rows, sizes, words whole."""

from __future__ import annotations

import pytest

from govsheet import api
from tests.pictures.harness import Picture, picture
from tests.render.since_round import CHANGES, HEADINGS, TODAY, two_rounds

pytestmark = [pytest.mark.libreoffice, pytest.mark.browser]
READABLE = 8.0  # points


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Picture]:
    tmp = tmp_path_factory.mktemp("since-pictures")
    master = two_rounds(tmp)
    seen = {}
    for fmt in ("xlsx", "html", "docx"):
        out = tmp / f"paper.{fmt}"
        api.render(master, fmt, out, layout="since", today=TODAY)
        seen[fmt] = picture(out, tmp / "pdf" / fmt)
    return seen


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("fmt", ["xlsx", "html", "docx"])
def test_the_grouped_paper_prints_its_sections_whole_and_readable(printed: dict[str, Picture], fmt: str) -> None:
    pic = printed[fmt]
    text = flat(pic.text)
    for i, heading in enumerate(HEADINGS, start=1):
        assert f"{i}. {heading} (" in text, heading
    positions = [text.index(f"{i}. {h} (") for i, h in enumerate(HEADINGS, start=1)]
    assert positions == sorted(positions)
    for words in CHANGES.values():  # the change in words, whole: nothing cut off by a row too short
        assert flat(words) in text, words
    assert pic.smallest_size() >= READABLE
    assert pic.outside_page() == []
    # the column headers on every page of the table (the xlsx ends with its one-page Summary sheet)
    summary = [pic.page_count] if fmt == "xlsx" else []
    assert pic.pages_without("Planned Action") == summary
