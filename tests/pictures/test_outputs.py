"""Every output of the demo printed: pages, smallest text, nothing off the page."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.pictures.harness import Picture, picture
from tests.pictures.outputs import Output, first_page, make_outputs

pytestmark = [pytest.mark.libreoffice, pytest.mark.browser, pytest.mark.slow]
READABLE = 8.0  # points


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[Output, Picture]]:
    tmp = tmp_path_factory.mktemp("outputs")
    outputs = make_outputs(tmp / "demo")
    made: dict[Path, Picture] = {}
    for output in outputs:
        if output.path not in made:
            made[output.path] = picture(output.path, tmp / "pdf" / f"{len(made)}")
    return [(output, made[output.path]) for output in outputs]


def test_every_output_prints_readably_inside_the_page(printed: list[tuple[Output, Picture]]) -> None:
    small = {o.name: p.smallest_size() for o, p in printed if p.smallest_size() < READABLE}
    assert small == {"Diff workbook": 6.0}  # the diff workbook is still fitted to one page width
    # the Audit sheet prints long old and new values unwrapped, past the page edge (left to the Audit
    # sheet's own layout); it shows in the outputs whose Audit sheet has such rows
    assert [o.name for o, p in printed if p.outside_page()] == ["validate --annotate: Problems sheet",
                                                                 "Rolled master"]
    assert all(p.pages[w.page - 1].width < p.pages[w.page - 1].height  # the Audit sheet's portrait pages
               for _, p in printed for w in p.outside_page())
    assert all(p.page_count >= 1 for _, p in printed)


def test_each_part_is_found_where_it_prints(printed: list[tuple[Output, Picture]]) -> None:
    for output, pic in printed:
        if output.sheet_text is not None:
            page = first_page(pic, output)
            assert output.sheet_text in pic.page_text(page), output.name


def test_the_committee_papers_repeat_their_header_row(printed: list[tuple[Output, Picture]]) -> None:
    for output, pic in printed:
        if output.name.startswith("Committee table"):
            # the xlsx ends with its one-page Summary sheet, which has no table
            summary = [pic.page_count] if output.path.suffix == ".xlsx" else []
            assert pic.pages_without("Planned Action") == summary, output.name
