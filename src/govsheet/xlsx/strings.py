"""The shared strings table: read on demand, new strings appended without touching existing ones."""

from __future__ import annotations

import re
from collections.abc import Callable

from govsheet.xlsx.cells import t_element, unescape_text
from govsheet.xlsx.patch import attrs_of, set_attr

_P = rb"(?:[A-Za-z_][\w.-]*:)?"
_SI = re.compile(rb"<" + _P + rb"si\b[^>]*?(?:/>|>(.*?)</" + _P + rb"si>)", re.DOTALL)
_SI_START = re.compile(rb"<" + _P + rb"si[\s/>]")
_T = re.compile(rb"<" + _P + rb"t\b[^>]*?(?:/>|>(.*?)</" + _P + rb"t>)", re.DOTALL)
_PHONETIC = re.compile(rb"<" + _P + rb"rPh\b.*?</" + _P + rb"rPh>", re.DOTALL)
_SST = re.compile(rb"<(" + _P + rb")sst\b[^>]*?(/?)>")
NS_MAIN = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"


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
    """sharedStrings.xml: existing items are parsed only when read; new ones are appended on save."""

    def __init__(self, part: str | None, data: bytes | None, *, check: Callable[[], None] | None = None) -> None:
        self.part = part
        self.data = data
        self._check = check  # run once, before the first existing item is decoded
        self._starts: list[int] | None = None
        self._decoded: dict[int, str] = {}
        self._existing: int | None = None
        self._new: list[str] = []
        self._new_index: dict[str, int] = {}
        self._refs_added = 0

    @property
    def changed(self) -> bool:
        """Whether strings were added."""
        return bool(self._new)

    def _count_existing(self) -> int:
        if self._existing is None:
            data = self.data or b""
            plain = data.count(b"<si>")
            # Excel, LibreOffice and XlsxWriter start every item with a bare "<si>": three plain counts
            # then say as much as the pattern, several times faster on a table of 100,000 items
            if plain == data.count(b"<si") and data.find(b":si") < 0:
                self._existing = plain
            else:
                self._existing = len(_SI_START.findall(data))
        return self._existing

    def get(self, index: int) -> str:
        """The text of item ``index`` (new items included); "" for an index past the end.

        Only the start of each item is located up front; an item is decoded when first asked for.
        """
        data = self.data or b""
        if self._check is not None:
            self._check()
            self._check = None
        if self._starts is None:
            self._starts = [m.start() for m in _SI_START.finditer(data)]
            self._existing = len(self._starts)
        if 0 <= index < len(self._starts):
            if index not in self._decoded:
                match = _SI.match(data, self._starts[index])
                self._decoded[index] = item_text(match.group(1) or b"") if match is not None else ""
            return self._decoded[index]
        index -= len(self._starts)
        return self._new[index] if 0 <= index < len(self._new) else ""

    def runs(self, index: int) -> list[tuple[str, bool, bool]]:
        """The rich-text runs of item ``index`` as (text, italic, bold); new items are one plain run."""
        text = self.get(index)  # locates the items and runs the check
        starts = self._starts or []
        if 0 <= index < len(starts):
            match = _SI.match(self.data or b"", starts[index])
            return item_runs(match.group(1) or b"") if match is not None else []
        return [(text, False, False)] if text else []

    def add(self, text: str) -> int:
        """The index of a new item holding ``text`` (one added in this session is reused)."""
        self._refs_added += 1
        if text in self._new_index:
            return self._new_index[text]
        index = self._count_existing() + len(self._new)
        self._new.append(text)
        self._new_index[text] = index
        return index

    def render(self) -> bytes:
        """sharedStrings.xml with the new items appended and count/uniqueCount updated."""
        data = self.data or (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="' + NS_MAIN +
                             b'" count="0" uniqueCount="0"/>')
        match = _SST.search(data)
        if match is None:
            raise ValueError("sharedStrings.xml has no <sst> element")
        prefix = match.group(1).decode()
        items = "".join(f"<{prefix}si>{t_element(text, prefix)}</{prefix}si>" for text in self._new).encode()
        attrs = attrs_of(match.group(0))
        old_count = attrs.get(b"count", b"")
        count = (int(old_count) if old_count.isdigit() else self._count_existing()) + self._refs_added
        tag = set_attr(match.group(0), b"count", str(count).encode())
        tag = set_attr(tag, b"uniqueCount", str(self._count_existing() + len(self._new)).encode())
        if match.group(2):
            tag = tag[:-2].rstrip() + b">"
            return data[:match.start()] + tag + items + f"</{prefix}sst>".encode() + data[match.end():]
        close = data.rfind(f"</{prefix}sst>".encode())
        if close < match.end():
            raise ValueError("its <sst> element is not closed")
        view = memoryview(data)
        return b"".join((view[:match.start()], tag, view[match.end():close], items, view[close:]))
