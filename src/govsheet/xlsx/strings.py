"""The shared strings table, read on demand: the text of the cells that refer to it."""

from __future__ import annotations

import re
from collections.abc import Callable

from govsheet.xlsx.cells import unescape_text

_P = rb"(?:[A-Za-z_][\w.-]*:)?"
_SI = re.compile(rb"<" + _P + rb"si\b[^>]*?(?:/>|>(.*?)</" + _P + rb"si>)", re.DOTALL)
_SI_START = re.compile(rb"<" + _P + rb"si[\s/>]")
_T = re.compile(rb"<" + _P + rb"t\b[^>]*?(?:/>|>(.*?)</" + _P + rb"t>)", re.DOTALL)
_PHONETIC = re.compile(rb"<" + _P + rb"rPh\b.*?</" + _P + rb"rPh>", re.DOTALL)


def item_text(body: bytes) -> str:
    """The plain text of an ``<si>`` or ``<is>`` body: its runs joined, phonetic hints left out."""
    if b"rPh" in body:
        body = _PHONETIC.sub(b"", body)
    return "".join(unescape_text((m.group(1) or b"").decode("utf-8")) for m in _T.finditer(body))


_RUN = re.compile(rb"<" + _P + rb"r\b[^>]*>(.*?)</" + _P + rb"r>", re.DOTALL)
_RPR = re.compile(rb"<" + _P + rb"rPr\b[^>]*?(?:/>|>(.*?)</" + _P + rb"rPr>)", re.DOTALL)


def _flag(props: bytes, name: bytes) -> bool:
    """Whether a run property (``<i/>``, ``<b val="1"/>``) is on; ``val="0"`` or "false" turns it off."""
    found = re.search(rb"<" + _P + name + rb"\b([^>]*?)/?>", props)
    if found is None:
        return False
    val = re.search(rb"\bval\s*=\s*\"([^\"]*)\"", found.group(1))
    return val is None or val.group(1).strip().lower() not in (b"0", b"false")


def item_runs(body: bytes) -> list[tuple[str, bool, bool]]:
    """The runs of an ``<si>`` or ``<is>`` body as (text, italic, bold); one plain run for plain text.

    Phonetic hints are left out, so the runs joined give :func:`item_text`.
    """
    if b"rPh" in body:
        body = _PHONETIC.sub(b"", body)
    runs = list(_RUN.finditer(body))
    if not runs:
        text = item_text(body)
        return [(text, False, False)] if text else []
    out: list[tuple[str, bool, bool]] = []
    for run in runs:
        inner = run.group(1)
        props_match = _RPR.search(inner)
        props = (props_match.group(1) or b"") if props_match is not None else b""
        text = "".join(unescape_text((m.group(1) or b"").decode("utf-8")) for m in _T.finditer(inner))
        if text:
            out.append((text, _flag(props, b"i"), _flag(props, b"b")))
    return out


class SharedStrings:
    """sharedStrings.xml, read on demand; govsheet never adds to it (new text is held in its cells)."""

    def __init__(self, part: str | None, data: bytes | None, *, check: Callable[[], None] | None = None) -> None:
        self.part = part
        self.data = data
        self._check = check  # run once, before the first existing item is decoded
        self._starts: list[int] | None = None
        self._decoded: dict[int, str] = {}

    def get(self, index: int) -> str:
        """The text of item ``index``; "" for an index past the end.

        Only the start of each item is located up front; an item is decoded when first asked for.
        """
        data = self.data or b""
        if self._check is not None:
            self._check()
            self._check = None
        if self._starts is None:
            self._starts = [m.start() for m in _SI_START.finditer(data)]
        if 0 <= index < len(self._starts):
            if index not in self._decoded:
                match = _SI.match(data, self._starts[index])
                self._decoded[index] = item_text(match.group(1) or b"") if match is not None else ""
            return self._decoded[index]
        return ""

    def runs(self, index: int) -> list[tuple[str, bool, bool]]:
        """The rich-text runs of item ``index`` as (text, italic, bold)."""
        self.get(index)  # locates the items and runs the check
        starts = self._starts or []
        if 0 <= index < len(starts):
            match = _SI.match(self.data or b"", starts[index])
            return item_runs(match.group(1) or b"") if match is not None else []
        return []
