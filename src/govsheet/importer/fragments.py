"""The HTML fragments of a seed extract's cells as paragraphs of rich-text runs.

Committee papers extracted to text keep a little HTML in each cell: ``<p>`` paragraphs,
``<i>`` subheadings, ``<br>`` and entities such as ``&amp;``. A :class:`Cell` holds the
paragraphs, each a tuple of :class:`~govsheet.model.tracker.Run`; its plain text joins
paragraphs with a blank line, the way the master workbook shows them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

from govsheet.model.tracker import Run

PARAGRAPH_BREAK = "\n\n"
_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")
_BLOCK_TAGS = {"p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6"}
_ITALIC_TAGS = {"i", "em"}
_BOLD_TAGS = {"b", "strong"}

Paragraph = tuple[Run, ...]


@dataclass(frozen=True)
class Cell:
    """One cell of the extract: its paragraphs of runs, as written."""

    paragraphs: tuple[Paragraph, ...] = ()

    @property
    def text(self) -> str:
        """The plain text: paragraphs joined by a blank line."""
        return PARAGRAPH_BREAK.join(paragraph_text(p) for p in self.paragraphs)

    @property
    def is_blank(self) -> bool:
        return not self.paragraphs

    @property
    def is_rich(self) -> bool:
        """Whether any run is italic or bold, so the cell needs rich text to keep its look."""
        return any(run.italic or run.bold for p in self.paragraphs for run in p)

    def runs(self) -> tuple[Run, ...]:
        """The whole cell as one run sequence, paragraph breaks folded into the text."""
        out: list[Run] = []
        for i, paragraph in enumerate(self.paragraphs):
            if i:
                out.append(Run(text=PARAGRAPH_BREAK))
            out.extend(paragraph)
        return merge_runs(out)


def paragraph_text(paragraph: Paragraph) -> str:
    return "".join(run.text for run in paragraph)


def merge_runs(runs: list[Run] | tuple[Run, ...]) -> tuple[Run, ...]:
    """Drop empty runs and join neighbours of the same format (Excel rejects empty rich runs)."""
    out: list[Run] = []
    for run in runs:
        if not run.text:
            continue
        if out and (out[-1].italic, out[-1].bold) == (run.italic, run.bold):
            out[-1] = Run(text=out[-1].text + run.text, italic=run.italic, bold=run.bold)
        else:
            out.append(run)
    return tuple(out)


def strip_paragraph(runs: list[Run] | tuple[Run, ...]) -> Paragraph:
    """Collapse runs of spaces and trim the paragraph's ends, keeping each run's format."""
    cleaned = [Run(text=_SPACES.sub(" ", r.text), italic=r.italic, bold=r.bold) for r in runs]
    merged = list(merge_runs(cleaned))
    # A space between two runs is kept once, on the earlier run.
    for i in range(1, len(merged)):
        if merged[i - 1].text.endswith(" ") and merged[i].text.startswith(" "):
            merged[i] = Run(text=merged[i].text[1:], italic=merged[i].italic, bold=merged[i].bold)
    while merged and not merged[0].text.lstrip():
        merged.pop(0)
    while merged and not merged[-1].text.rstrip():
        merged.pop()
    if merged:
        first, last = merged[0], merged[-1]
        merged[0] = Run(text=first.text.lstrip(), italic=first.italic, bold=first.bold)
        last = merged[-1]
        merged[-1] = Run(text=last.text.rstrip(), italic=last.italic, bold=last.bold)
    return merge_runs(merged)


class _FragmentParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[list[Run]] = []
        self.current: list[Run] = []
        self.italic = 0
        self.bold = 0

    def close_paragraph(self) -> None:
        if any(r.text.strip() for r in self.current):
            self.paragraphs.append(self.current)
        self.current = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:  # noqa: ARG002 - HTMLParser API
        if tag in _BLOCK_TAGS:
            self.close_paragraph()
        elif tag == "br":
            self.current.append(Run(text="\n", italic=self.italic > 0, bold=self.bold > 0))
        elif tag in _ITALIC_TAGS:
            self.italic += 1
        elif tag in _BOLD_TAGS:
            self.bold += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCK_TAGS:
            self.close_paragraph()
        elif tag in _ITALIC_TAGS:
            self.italic = max(0, self.italic - 1)
        elif tag in _BOLD_TAGS:
            self.bold = max(0, self.bold - 1)

    def handle_data(self, data: str) -> None:
        self.current.append(Run(text=data, italic=self.italic > 0, bold=self.bold > 0))


def parse_cell(raw: str) -> Cell:
    """Read one cell of the extract: HTML paragraphs and italics, or plain text."""
    parser = _FragmentParser()
    parser.feed(raw)
    parser.close()
    parser.close_paragraph()  # text after the last tag is a paragraph too
    paragraphs = tuple(p for p in (strip_paragraph(runs) for runs in parser.paragraphs) if p)
    return Cell(paragraphs=paragraphs)


def cell_from_paragraphs(paragraphs: list[Paragraph] | tuple[Paragraph, ...]) -> Cell:
    """A cell from paragraphs, trimmed, with empty ones dropped."""
    kept = tuple(p for p in (strip_paragraph(list(p)) for p in paragraphs) if p)
    return Cell(paragraphs=kept)
