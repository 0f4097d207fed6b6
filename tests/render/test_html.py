"""The committee table as an accessible web page, from the hand-made master shaped like seed 000."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from govsheet import api
from tests.render.conftest import ORDER, ROWS, TODAY

NARRATIVES = {ref: progress for ref, *_, progress in ROWS if progress}


@pytest.fixture
def rendered_html(handmade: Path, tmp_path: Path) -> Path:
    out = tmp_path / "committee.html"
    api.render(handmade, "html", out, today=TODAY)
    return out


def _hex(colour: str) -> tuple[float, float, float]:
    value = colour.lstrip("#")
    return int(value[0:2], 16) / 255, int(value[2:4], 16) / 255, int(value[4:6], 16) / 255


def luminance(colour: str) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in _hex(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(fg: str, bg: str) -> float:
    hi, lo = sorted((luminance(fg), luminance(bg)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_contrast_formula_matches_wcag_reference_values() -> None:
    assert round(contrast("#000000", "#FFFFFF"), 2) == 21.0
    assert round(contrast("#777777", "#FFFFFF"), 2) == 4.48


def test_html_text_colours_have_at_least_4_5_to_1_contrast(rendered_html: Path) -> None:
    css = re.search(r"<style>(.*)</style>", rendered_html.read_text(encoding="utf-8"), re.DOTALL)
    assert css
    rules = re.findall(r"([^{}]+)\{([^{}]*)\}", css.group(1))
    pairs = []
    for selector, body in rules:
        fg = re.search(r"(?<![-\w])color:\s*(#[0-9A-Fa-f]{6})", body)
        bg = re.search(r"background-color:\s*(#[0-9A-Fa-f]{6})", body)
        if fg and bg:
            pairs.append((selector.strip(), fg.group(1), bg.group(1)))
    selectors = {s for s, _, _ in pairs}
    assert {"body", "thead th", "td.narrative", "td.status-in-progress", "td.status-completed",
            "td.status-yet-to-start"} <= selectors
    low = [(s, fg, bg, round(contrast(fg, bg), 2)) for s, fg, bg in pairs if contrast(fg, bg) < 4.5]
    assert low == []


def test_html_structure_is_accessible(rendered_html: Path) -> None:
    from html.parser import HTMLParser

    class Collect(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.tags: list[tuple[str, dict[str, str | None]]] = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            self.tags.append((tag, dict(attrs)))

    page = Collect()
    text = rendered_html.read_text(encoding="utf-8")
    page.feed(text)
    html_tag = next(a for t, a in page.tags if t == "html")
    assert html_tag["lang"] == "en-GB"
    assert sum(1 for t, _ in page.tags if t == "table") == sum(1 for t, _ in page.tags if t == "caption") == 2
    ths = [a for t, a in page.tags if t == "th"]
    assert ths
    assert all(a.get("scope") in {"col", "row"} for a in ths)
    assert all(t not in {"script", "img", "link", "iframe"} for t, _ in page.tags)  # self-contained
    assert "<title>Annual Governance Statement action plan: 2020/21 Q3</title>" in text
    # the icon is decoration for screen readers; the words carry the status
    assert ('<td class="status status-in-progress"><span class="icon" aria-hidden="true">◐</span> In progress</td>'
            in text)
    assert "thead { display: table-header-group; }" in text
    assert "@page { size: A4 landscape;" in text


def test_html_has_every_action_once_in_order_with_its_narrative(rendered_html: Path) -> None:
    text = rendered_html.read_text(encoding="utf-8")
    table = text.split('<table class="committee">')[1]
    row_heads = re.findall(r'<th scope="row" class="first">(?:<span class="visually-hidden">Sub-item </span>)?'
                           r"([^<]*)</th>", table)
    assert row_heads == ORDER
    narratives = re.findall(r'<span class="narrative-label">Progress update \(([^)]*)\):</span> ([^<]*)</td>', table)
    from html import unescape

    assert [(k, unescape(v)) for k, v in narratives] == [(k, NARRATIVES[k]) for k in ORDER if k in NARRATIVES]


def test_html_escapes_formula_like_and_markup_text(rendered_html: Path) -> None:
    text = rendered_html.read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "<script>" not in text
    assert "=HYPERLINK(&quot;http://evil.example&quot;,&quot;click&quot;)" in text
    assert "+cmd|&#x27; /C calc&#x27;!A0" in text
    assert "href=" not in text


@pytest.mark.browser
def test_html_prints_to_pdf_in_headless_chromium(rendered_html: Path, tmp_path: Path) -> None:
    from tests.conftest import chromium_path, run_bounded

    chromium = chromium_path()
    assert chromium is not None
    pdf = tmp_path / "committee.pdf"
    run_bounded([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 f"--user-data-dir={tmp_path / 'chromium-profile'}", f"--print-to-pdf={pdf}",
                 rendered_html.as_uri()], timeout=120)
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-")
    # A4 landscape from the print CSS: 842 x 595 points
    assert re.search(rb"/MediaBox\s*\[\s*0 0 84[12]\.?\d* 59[45]\.?\d*\s*\]", data)
