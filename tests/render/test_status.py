"""The round status table drawn as HTML: each state as icon and words, names escaped, colours that read."""

from __future__ import annotations

import datetime as dt
from pathlib import Path


def test_status_html_shows_each_state_as_icon_and_words_and_escapes_names(tmp_path: Path) -> None:
    from govsheet.render.status import render_status_html
    from govsheet.status import OwnerStatus, StatusReport, totals, with_state

    owners = [with_state(OwnerStatus(owner='=HYPERLINK("x")<script>', rows=2, issued=True, due="2021-01-29"),
                      dt.date(2021, 2, 1))]
    page = render_status_html(StatusReport(master="m.xlsx", round="Q3", today="2021-02-01", owners=tuple(owners),
                                           totals=totals(owners)))
    assert ('<th scope="row">=HYPERLINK(&quot;x&quot;)&lt;script&gt;</th>' in page)
    assert ('<td class="state state-late"><span class="icon" aria-hidden="true">▲</span> Late (3 days)</td>'
            in page)
    assert "<script>" not in page
    assert "http" not in page  # nothing fetched


def test_every_state_colour_pair_reads_at_4_5_to_1() -> None:
    from govsheet.status import STATES

    def luminance(colour: str) -> float:
        def channel(c: float) -> float:
            return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

        r, g, b = (channel(int(colour[i:i + 2], 16) / 255) for i in (1, 3, 5))
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    for state, (_, _, fill, font) in STATES.items():
        light, dark = sorted((luminance(fill), luminance(font)), reverse=True)
        assert (light + 0.05) / (dark + 0.05) >= 4.5, state
