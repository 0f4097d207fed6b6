"""What calamine does not tell the validator: formulas, merged ranges and the date system.

calamine gives cell values only. The sheet's XML is scanned once, as bytes, for the
``<f>`` elements of formula cells and the ``<mergeCell>`` ranges, which keeps the cost
close to that of calamine's own read even at 50,000 rows. Small parts (workbook.xml and
its relationships) are parsed with defusedxml.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from govsheet.errors import WorkbookError

_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"

_ROOT = re.compile(rb"<([A-Za-z_][\w.-]*:)?worksheet\b")
_SLASH = ord("/")
_MERGE = re.compile(rb'<(?:[A-Za-z_][\w.-]*:)?mergeCell\s[^>]*?ref="([A-Z]{1,3})([0-9]+)(?::([A-Z]{1,3})([0-9]+))?"')


@dataclass
class SheetScan:
    """Formula cells and merged ranges of one sheet, and the workbook's date system."""

    date1904: bool = False
    formulas: dict[tuple[str, int], str] = field(default_factory=dict)  # (column letters, row) -> "=..."
    merged: list[tuple[str, int, str, int]] = field(default_factory=list)  # first col, row, last col, row


def scan_sheet(path: Path, sheet: str, columns: set[str] | None = None) -> SheetScan:
    """Find the formulas (in ``columns``, default all) and merged ranges of ``sheet``, and the date system.

    Raises:
        WorkbookError: the package's workbook part cannot be read.
    """
    scan = SheetScan()
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            book_part = _workbook_part(zf, names)
            book_xml = _parse(zf.read(book_part))
            pr = book_xml.find(f"{{{_MAIN_NS}}}workbookPr")
            scan.date1904 = pr is not None and pr.get("date1904", "0").lower() in {"1", "true"}
            part = _sheet_part(zf, names, book_part, book_xml, sheet)
            if part is None:
                return scan
            data = zf.read(part)
    except (zipfile.BadZipFile, KeyError, OSError, SyntaxError, ValueError) as exc:
        # ElementTree's ParseError is a SyntaxError; defusedxml's refusals are ValueErrors
        detail = str(exc).splitlines()[0][:120] if str(exc) else exc.__class__.__name__
        raise WorkbookError(path, f"its workbook part cannot be read ({detail}); open it in Excel and save it "
                                  "again") from None
    scan.formulas = find_formulas(data, columns)
    scan.merged = find_merged(data)
    return scan


def find_formulas(data: bytes, columns: set[str] | None = None) -> dict[tuple[str, int], str]:
    """The formula cells of a sheet's XML: (column, row) -> the formula as "=..." text.

    With ``columns``, only formulas in those columns (e.g. {"A", "G"}) are returned.
    """
    wanted = {c.encode() for c in columns} if columns is not None else None
    root = _ROOT.search(data)
    prefix = (root.group(1) if root else None) or b""
    if wanted is not None and not prefix and _r_first(data):
        return _find_in_columns(data, wanted)
    found: dict[tuple[str, int], str] = {}
    for opener in (b"<" + prefix + b"f>", b"<" + prefix + b"f ", b"<" + prefix + b"f/"):
        pos = data.find(opener)
        while pos != -1:
            # the <f> is the first child of its <c r="H2" ...> cell, so the r attribute sits just before it
            attr = data.find(b' r="', data.rfind(b"<", 0, pos), pos)
            ref = data[attr + 4 : data.find(b'"', attr + 4, pos)] if attr != -1 else b""
            letters = ref.rstrip(b"0123456789")
            if letters and ref[len(letters):].isdigit() and (wanted is None or letters in wanted):
                gt = data.find(b">", pos)
                text = ""
                if gt != -1 and data[gt - 1] != _SLASH:
                    text = _unescape(data[gt + 1 : data.find(b"<", gt)].decode("utf-8", "replace"))
                found[(letters.decode(), int(ref[len(letters):]))] = "=" + text if text else "=(shared formula)"
            pos = data.find(opener, pos + 3)
    return found


def _r_first(data: bytes) -> bool:
    """True when the first formula cell is written ``<c r="..."``, as Excel, LibreOffice, openpyxl
    and XlsxWriter write every cell; a writer lays out all its cells alike."""
    first = data.find(b"<f")
    while first != -1 and data[first + 2 : first + 3] not in {b">", b" ", b"/"}:
        first = data.find(b"<f", first + 2)  # another element, such as <filterColumn>
    return first != -1 and data.startswith(b'<c r="', data.rfind(b"<", 0, first))


def _find_in_columns(data: bytes, wanted: set[bytes]) -> dict[tuple[str, int], str]:
    """The formula cells of the wanted columns, by one regular-expression pass (the common layout)."""
    letters = b"|".join(sorted(wanted))
    pattern = re.compile(rb'<c r="(' + letters + rb')([0-9]+)"[^>]*>\s*<f([\s>/])')
    found: dict[tuple[str, int], str] = {}
    for m in pattern.finditer(data):
        gt = m.end() - 1 if m.group(3) == b">" else data.find(b">", m.end() - 1)
        text = ""
        if gt != -1 and data[gt - 1] != _SLASH:
            text = _unescape(data[gt + 1 : data.find(b"<", gt)].decode("utf-8", "replace"))
        found[(m.group(1).decode(), int(m.group(2)))] = "=" + text if text else "=(shared formula)"
    return found


def find_merged(data: bytes) -> list[tuple[str, int, str, int]]:
    """The merged ranges of a sheet's XML, as (first column, first row, last column, last row)."""
    start = data.rfind(b"sheetData>")
    if start == -1:
        start = 0
    found = []
    for m in _MERGE.finditer(data, start):
        first_col, first_row = m.group(1).decode(), int(m.group(2))
        last_col = m.group(3).decode() if m.group(3) else first_col
        last_row = int(m.group(4)) if m.group(4) else first_row
        found.append((first_col, first_row, last_col, last_row))
    return found


def _unescape(text: str) -> str:
    return (text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
            .replace("&apos;", "'").replace("&amp;", "&"))


def _parse(data: bytes) -> Any:
    from defusedxml import ElementTree

    return ElementTree.fromstring(data)


def _workbook_part(zf: zipfile.ZipFile, names: set[str]) -> str:
    if "_rels/.rels" in names:
        rels = _parse(zf.read("_rels/.rels"))
        for rel in rels.iter(f"{{{_PKG_REL_NS}}}Relationship"):
            if rel.get("Type", "").endswith("/officeDocument"):
                return str(rel.get("Target", "")).lstrip("/")
    return "xl/workbook.xml"


def _sheet_part(zf: zipfile.ZipFile, names: set[str], book_part: str, book_xml: Any, sheet: str) -> str | None:
    rid = None
    for el in book_xml.iter(f"{{{_MAIN_NS}}}sheet"):
        if el.get("name") == sheet:
            rid = el.get(f"{{{_REL_NS}}}id")
    folder, base = posixpath.split(book_part)
    rels_part = posixpath.join(folder, "_rels", base + ".rels")
    if rid is None or rels_part not in names:
        return None
    for rel in _parse(zf.read(rels_part)).iter(f"{{{_PKG_REL_NS}}}Relationship"):
        if rel.get("Id") == rid:
            target = str(rel.get("Target", ""))
            part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
            return part if part in names else None
    return None
