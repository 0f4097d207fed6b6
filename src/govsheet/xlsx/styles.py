"""The style table (styles.xml): read cell formats, and append new ones without moving existing indices.

New fonts, fills, number formats and ``<xf>`` records are appended at the end of their lists,
so every ``s=`` index already in the workbook keeps meaning what it meant.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from govsheet.xlsx.cells import escape_attr, is_date_format
from govsheet.xlsx.patch import attrs_of, set_attr

_P = rb"(?:[A-Za-z_][\w.-]*:)?"
_NUMFMT = re.compile(rb"<" + _P + rb"numFmt\b([^>]*?)/?>")
_XF = re.compile(rb"<(" + _P + rb")xf\b[^>]*?(?:/>|>.*?</" + _P + rb"xf>)", re.DOTALL)
_FONT = re.compile(rb"<" + _P + rb"font\b[^>]*?(?:/>|>.*?</" + _P + rb"font>)", re.DOTALL)
_FILL = re.compile(rb"<" + _P + rb"fill\b[^>]*?(?:/>|>.*?</" + _P + rb"fill>)", re.DOTALL)
_LOCKED = re.compile(rb"<" + _P + rb"protection\b([^>]*?)/?>")
DATE_FORMAT = "d mmmm yyyy"
DATETIME_FORMAT = "d mmmm yyyy hh:mm"


def _block(data: bytes, name: bytes) -> tuple[int, int, int, bytes] | None:
    """(start, body_start, body_end, prefix) of ``<name>...</name>``; None if absent or self-closing."""
    match = re.search(rb"<(" + _P + rb")" + name + rb"\b[^>]*?(/?)>", data)
    if match is None or match.group(2):
        return None
    prefix = match.group(1)
    close = data.find(b"</" + prefix + name + b">", match.end())
    if close < 0:
        return None
    return match.start(), match.end(), close, prefix


@dataclass(frozen=True)
class CellFormat:
    """What govsheet needs to know about one ``<xf>`` of cellXfs."""

    num_fmt_id: int
    is_date: bool
    locked: bool


class Styles:
    """styles.xml held as bytes; reads cell formats and appends new ones."""

    def __init__(self, data: bytes | None) -> None:
        self.data = data if data is not None else _MINIMAL
        self.changed = data is None
        self._added: dict[tuple[object, ...], int] = {}
        self._parse()

    def _parse(self) -> None:
        self.num_fmts: dict[int, str] = {}
        for match in _NUMFMT.finditer(self.data):
            attrs = attrs_of(match.group(1))
            fmt_id = attrs.get(b"numFmtId", b"")
            if fmt_id.isdigit():
                self.num_fmts[int(fmt_id)] = attrs.get(b"formatCode", b"").decode("utf-8", "replace")
        block = _block(self.data, b"cellXfs")
        self.xfs: list[bytes] = []
        if block is not None:
            self.xfs = [m.group(0) for m in _XF.finditer(self.data, block[1], block[2])]

    def format_of(self, xf: int) -> CellFormat:
        """Number format and protection of a cellXfs index (index 0's if out of range)."""
        if not self.xfs:
            return CellFormat(0, is_date=False, locked=True)
        raw = self.xfs[xf] if 0 <= xf < len(self.xfs) else self.xfs[0]
        attrs = attrs_of(raw[: raw.find(b">") + 1])
        fmt = int(attrs.get(b"numFmtId", b"0") or b"0")
        import html

        code = html.unescape(self.num_fmts[fmt]) if fmt in self.num_fmts else None
        locked = True
        prot = _LOCKED.search(raw)
        if prot is not None:
            locked = attrs_of(prot.group(1)).get(b"locked", b"1") not in (b"0", b"false")
        return CellFormat(fmt, is_date_format(fmt, code), locked)

    def _append(self, name: bytes, element: bytes) -> int:
        """Append one child to ``<name count=..>`` and return its index."""
        block = _block(self.data, name)
        if block is None:
            raise ValueError(f"styles.xml has no <{name.decode()}> list")
        start, body, close, _prefix = block
        pattern = {b"fonts": _FONT, b"fills": _FILL, b"cellXfs": _XF}[name]
        count = sum(1 for _ in pattern.finditer(self.data, body, close))
        tag = set_attr(self.data[start:body], b"count", str(count + 1).encode())
        self.data = self.data[:start] + tag + self.data[body:close] + element + self.data[close:]
        self.changed = True
        return count

    def _prefix(self) -> bytes:
        block = _block(self.data, b"cellXfs")
        return block[3] if block is not None else b""

    def add_num_fmt(self, code: str) -> int:
        """The id of a custom number format with this code, adding it if needed."""
        for fmt_id, existing in self.num_fmts.items():
            if existing == code and fmt_id >= 164:  # noqa: PLR2004 - custom formats start at 164
                return fmt_id
        new_id = max([163, *self.num_fmts]) + 1
        prefix = self._prefix()
        element = b"<" + prefix + b'numFmt numFmtId="' + str(new_id).encode() + b'" formatCode="' + \
            escape_attr(code).encode() + b'"/>'
        block = _block(self.data, b"numFmts")
        if block is None:
            # numFmts must come first inside styleSheet
            root = re.search(rb"<" + _P + rb"styleSheet\b[^>]*>", self.data)
            if root is None:
                raise ValueError("styles.xml has no <styleSheet>")
            insert = b"<" + prefix + b'numFmts count="1">' + element + b"</" + prefix + b"numFmts>"
            self.data = self.data[:root.end()] + insert + self.data[root.end():]
        else:
            start, body, close, _ = block
            count = sum(1 for _ in _NUMFMT.finditer(self.data, body, close))
            tag = set_attr(self.data[start:body], b"count", str(count + 1).encode())
            self.data = self.data[:start] + tag + self.data[body:close] + element + self.data[close:]
        self.changed = True
        self._parse()
        return new_id

    def add_xf(self, base_xf: int, *, fill: str | None = None, font_colour: str | None = None,
               bold: bool = False, num_fmt: str | None = None, wrap: bool = False) -> int:
        """A new cellXfs index: ``base_xf`` with a solid fill, font colour, bold, number format and/or
        wrapped text (aligned to the top, as wrapped cells read best)."""
        key = (base_xf, fill, font_colour, bold, num_fmt, wrap)
        if key in self._added:
            return self._added[key]
        prefix = self._prefix()
        base = self.xfs[base_xf] if 0 <= base_xf < len(self.xfs) else (self.xfs[0] if self.xfs else
                                                                      b"<" + prefix + b'xf numFmtId="0" fontId="0" '
                                                                      b'fillId="0" borderId="0" xfId="0"/>')
        tag_end = base.find(b">") + 1
        tag, rest = base[:tag_end], base[tag_end:]
        if num_fmt is not None:
            tag = set_attr(set_attr(tag, b"numFmtId", str(self.add_num_fmt(num_fmt)).encode()),
                           b"applyNumberFormat", b"1")
        if fill is not None:
            fill_xml = (b"<" + prefix + b"fill><" + prefix + b'patternFill patternType="solid"><' + prefix +
                        b'fgColor rgb="' + _argb(fill) + b'"/><' + prefix + b'bgColor indexed="64"/></' + prefix +
                        b"patternFill></" + prefix + b"fill>")
            tag = set_attr(set_attr(tag, b"fillId", str(self._append(b"fills", fill_xml)).encode()),
                           b"applyFill", b"1")
        if font_colour is not None or bold:
            font_id = int(attrs_of(tag).get(b"fontId", b"0") or b"0")
            tag = set_attr(set_attr(tag, b"fontId", str(self._font(font_id, font_colour, bold=bold)).encode()),
                           b"applyFont", b"1")
        if wrap:
            tag = set_attr(tag, b"applyAlignment", b"1")
            if tag.endswith(b"/>"):
                tag, rest = tag[:-2].rstrip() + b">", b"</" + prefix + b"xf>"
            rest = re.sub(rb"<" + _P + rb"alignment\b[^>]*?(/>|>.*?</" + _P + rb"alignment>)", b"", rest,
                          flags=re.DOTALL)
            rest = b"<" + prefix + b'alignment vertical="top" wrapText="1"/>' + rest
        index = self._append(b"cellXfs", tag + rest)
        self._parse()
        self._added[key] = index
        return index

    def _font(self, base: int, colour: str | None, *, bold: bool) -> int:
        block = _block(self.data, b"fonts")
        if block is None:
            raise ValueError("styles.xml has no <fonts> list")
        fonts = [m.group(0) for m in _FONT.finditer(self.data, block[1], block[2])]
        font = fonts[base] if 0 <= base < len(fonts) else fonts[0]
        prefix = block[3]
        if font.endswith(b"/>"):
            font = font[:-2].rstrip() + b"></" + prefix + b"font>"
        tag_end = font.find(b">") + 1
        body = font[tag_end:font.rfind(b"</")]
        if colour is not None:
            body = re.sub(rb"<" + _P + rb"color\b[^>]*?/>", b"", body)
            body += b"<" + prefix + b'color rgb="' + _argb(colour) + b'"/>'
        if bold and not re.search(rb"<" + _P + rb"b\b", body):
            body = b"<" + prefix + b"b/>" + body
        return self._append(b"fonts", font[:tag_end] + body + b"</" + prefix + b"font>")


def _argb(colour: str) -> bytes:
    hexes = colour.lstrip("#").upper()
    if not re.fullmatch(r"[0-9A-F]{6}|[0-9A-F]{8}", hexes):
        raise ValueError(f'"{colour}" is not a colour; write it like "#FFC7CE"')
    return (hexes if len(hexes) == 8 else "FF" + hexes).encode()  # noqa: PLR2004 - ARGB has 8 digits


_MINIMAL = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            b'<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            b'<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
            b'<fills count="2"><fill><patternFill patternType="none"/></fill>'
            b'<fill><patternFill patternType="gray125"/></fill></fills>'
            b'<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
            b'<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
            b'<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>'
            b'<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
            b"</styleSheet>")
