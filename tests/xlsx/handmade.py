"""Small hand-written workbooks for tests: every part's XML is exactly what the test gives."""

from __future__ import annotations

import zipfile
from pathlib import Path

from govsheet.xlsx import Book

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"


def sheet_xml(rows: str, *, head: str = "", tail: str = "") -> str:
    """A worksheet: ``head`` before sheetData, ``rows`` inside it, ``tail`` after it."""
    return (f'<worksheet xmlns="{MAIN}" xmlns:r="{REL}">{head}<sheetData>{rows}</sheetData>{tail}</worksheet>')


def rels(*targets: tuple[str, str]) -> str:
    """A relationships part: (type, target) pairs, the type after ``.../relationships/``."""
    items = "".join(f'<Relationship Id="rId{i}" Type="{REL}/{kind}" Target="{target}"/>'
                    for i, (kind, target) in enumerate(targets, start=1))
    return f'<Relationships xmlns="{PKG}">{items}</Relationships>'


def workbook(tmp_path: Path, sheets: dict[str, str], *, parts: dict[str, str] | None = None,
             names: str = "") -> Path:
    """A workbook of ``sheets`` (name -> sheet XML, in order, sheet1.xml...), extra ``parts`` and defined ``names``."""
    entries = "".join(f'<sheet name="{name}" sheetId="{i}" r:id="rId{i}"/>' for i, name in enumerate(sheets, 1))
    defined = f"<definedNames>{names}</definedNames>" if names else ""
    files = {
        "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                               '<Default Extension="xml" ContentType="application/xml"/>'
                               '<Default Extension="rels" '
                               'ContentType="application/vnd.openxmlformats-package.relationships+xml"/></Types>',
        "_rels/.rels": rels(("officeDocument", "xl/workbook.xml")),
        "xl/workbook.xml": f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>{entries}</sheets>{defined}</workbook>',
        "xl/_rels/workbook.xml.rels": rels(*(("worksheet", f"worksheets/sheet{i}.xml")
                                             for i in range(1, len(sheets) + 1))),
    }
    for i, xml in enumerate(sheets.values(), start=1):
        files[f"xl/worksheets/sheet{i}.xml"] = xml
    files.update(parts or {})
    path = tmp_path / "hand.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        for name, text in files.items():
            zf.writestr(name, text)
    return path


def rows_part(xml: str) -> str:
    """The sheetData of a sheet's XML."""
    return xml[xml.index("<sheetData>") + len("<sheetData>"):xml.index("</sheetData>")]


def tail_part(xml: str) -> str:
    """What follows sheetData, the root's closing tag left off."""
    return xml[xml.index("</sheetData>") + len("</sheetData>"):xml.index("</worksheet>")]


def head_part(xml: str) -> str:
    """What precedes sheetData, after the root's opening tag."""
    return xml[xml.index(">") + 1:xml.index("<sheetData>")]


def read(book: Book, part: str) -> str:
    """A part as the book holds it now (row operations write into the package at once)."""
    return book.package.read_xml_bytes(part).decode()
