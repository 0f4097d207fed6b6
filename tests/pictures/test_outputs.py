"""Every output of a round printed as a person gets it, and checked as a picture.

The outputs are listed in ``tests/pictures/outputs.py`` (``make_outputs``): add a new output
there and every test below covers it. Workbooks and documents are printed in one LibreOffice
call, the HTML by Chromium.
"""

from __future__ import annotations

import re

import pytest

from tests.pictures.harness import Picture, Word, printed_texts
from tests.pictures.outputs import DOCS, Output, make_outputs, part_pages, print_all

pytestmark = [pytest.mark.libreoffice, pytest.mark.browser, pytest.mark.slow]
READABLE = 8.0  # points
Printed = list[tuple[Output, Picture]]


@pytest.fixture(scope="module")
def every(tmp_path_factory: pytest.TempPathFactory) -> Printed:
    tmp = tmp_path_factory.mktemp("outputs")
    outputs = make_outputs(tmp / "demo")
    pictures = print_all(outputs, tmp / "pdf")
    return [(output, pictures[output.path]) for output in outputs]


@pytest.fixture(scope="module")
def printed(every: Printed) -> Printed:
    """Every output, each expected to pass every check."""
    return every


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _line_of(pic: Picture, word: Word) -> str:
    """The printed line (as pdftohtml joins it) that holds ``word``."""
    return next((line.text for line in pic.page_words(word.page)
                 if line.left - 1 <= word.left and word.right <= line.right + 1
                 and line.top - 1 <= word.top and word.bottom <= line.bottom + 1), word.text)


def clipped(output: Output, pic: Picture) -> list[str]:
    """What of the output a person cannot read whole, less what no cell can print (``long_cells``)."""
    long = [_flat(t) for t in output.long_cells]
    found = [f"page {a.page}: {a.text[:30]!r} overlaps {b.text[:30]!r}" for a, b in pic.overlaps()
             if not any(_flat(_line_of(pic, a)) in t for t in long)]
    texts = printed_texts(output.path) if output.path.suffix == ".xlsx" else []
    found += [f"cut short: {t!r}" for t in pic.cut_short(texts) if not any(_flat(t) in c for c in long)]
    return found + pic.hashes()


def problems(output: Output, pic: Picture) -> list[str]:
    """Every check of the picture that fails, one line each."""
    found = []
    if (size := pic.smallest_size()) < READABLE:
        found.append(f"text at {size} pt")
    found += [f"off the page: {w.text[:30]!r}" for w in pic.outside_page()]
    found += clipped(output, pic)
    if pic.page_count > output.max_pages:
        found.append(f"{pic.page_count} pages, more than {output.max_pages}")
    return found


def test_every_kind_of_output_is_pictured(every: Printed) -> None:
    names = {o.name for o, _ in every}
    for wanted in ("Master (AGS action plan)", "Audit sheet of the master", "Return: Instructions sheet",
                   "validate --annotate: Problems sheet", "Committee table (xlsx)", "Committee table (Word)",
                   "Committee table (HTML, printed by Chromium)", "Diff workbook", "Rolled master",
                   "Decisions workbook", "Round status (xlsx)", "Round status (HTML, printed by Chromium)",
                   "Committee paper since the last report (xlsx)", "Committee paper since the last report (Word)",
                   "Committee paper since the last report (HTML, printed by Chromium)"):
        assert wanted in names
    returns = [o for o, _ in every if o.name.startswith("Return: ") and "Instructions" not in o.name]
    assert len(returns) == len(list(returns[0].path.parent.glob("*.xlsx")))  # every return of the demo


def test_every_output_prints_readably_whole_and_inside_the_page(printed: Printed) -> None:
    assert {o.name: problems(o, p) for o, p in printed if problems(o, p)} == {}


def test_the_long_narrative_is_the_only_text_cut_and_only_where_no_row_can_hold_it(printed: Printed) -> None:
    for output, pic in printed:
        if output.long_cells:
            unfiltered = Output(output.name, output.path)
            assert clipped(unfiltered, pic), output.name  # the check sees the cut it forgives


def test_each_part_repeats_its_header_on_every_page(printed: Printed) -> None:
    for output, pic in printed:
        if output.header is not None:
            pages = part_pages(pic, output)
            assert [n for n in pages if output.header not in pic.page_text(n)] == [], output.name


def test_each_status_word_has_its_icon_beside_it(printed: Printed) -> None:
    for output, pic in printed:
        if output.icons is not None:
            pages = set(part_pages(pic, output))
            assert sum(pic.statuses_seen(label) for label in output.icons) > 0, output.name
            assert pic.icons_beside(output.icons, pages=pages) == [], output.name


def test_the_masters_italics_print_in_italics(printed: Printed) -> None:
    for output, pic in printed:
        if output.italic is not None:
            assert output.italic in pic.italic_text(), output.name
            assert "The September 2020 meeting" not in pic.italic_text(), output.name


def test_the_outputs_page_lists_every_output_with_its_pages(printed: Printed) -> None:
    page = (DOCS / "outputs.md").read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| ([^|]+?) \| (\d+) \|", page, re.MULTILINE))
    for output, pic in printed:
        assert output.name in rows, f"docs/outputs.md lacks {output.name}; run python docs/make_pictures.py"
        # LibreOffice versions break pages a little differently; the page stays within one of the docs
        assert abs(int(rows[output.name]) - pic.page_count) <= 1, output.name

