"""Builders for the bad-input catalogue: each takes a good workbook and writes a broken one.

Every builder is pure file surgery with zipfile/zlib/struct, so the cases are real files that
any command can be pointed at, and each one is a few kilobytes on disk (the zip bomb too).
"""

from __future__ import annotations

import re
import shutil
import struct
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

from tests.conftest import KEPT_CORPUS

BAD = KEPT_CORPUS / "bad"
MB = 1024 * 1024

SHEET1 = "xl/worksheets/sheet1.xml"
SST = "xl/sharedStrings.xml"
WORKBOOK = "xl/workbook.xml"


def rebuild(src: Path, dst: Path, replace: dict[str, bytes | None] | None = None,
            add: dict[str, bytes] | None = None) -> Path:
    """Copy a package part by part, replacing (or with None, dropping) some parts and adding others."""
    replace = replace or {}
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = replace.get(info.filename, zin.read(info.filename))
            if data is not None:
                zout.writestr(info.filename, data)
        for name, data in (add or {}).items():
            zout.writestr(name, data)
    return dst


def read_part(src: Path, name: str) -> bytes:
    with zipfile.ZipFile(src) as zf:
        return zf.read(name)


def actions_part(src: Path, sheet: str = "Actions") -> str:
    """The part name of a sheet, found through workbook.xml and its relationships."""
    book = read_part(src, WORKBOOK).decode()
    rels = read_part(src, "xl/_rels/workbook.xml.rels").decode()
    found = re.search(r'<sheet [^>]*name="' + re.escape(sheet) + r'"[^>]*r:id="([^"]+)"', book)
    assert found, f"{src} has no sheet {sheet}"
    target = re.search(r'<Relationship [^>]*Id="' + found.group(1) + r'"[^>]*Target="([^"]+)"', rels)
    if target is None:
        target = re.search(r'<Relationship [^>]*Target="([^"]+)"[^>]*Id="' + found.group(1) + '"', rels)
    assert target, f"{src}: no relationship {found.group(1)}"
    return "xl/" + target.group(1).removeprefix("/xl/")


def _body(xml: bytes) -> bytes:
    """The XML without its declaration, so a DOCTYPE can be put in front."""
    return xml.split(b"?>", 1)[1] if xml.startswith(b"<?xml") else xml


LAUGHS = (b'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE %s [<!ENTITY lol "lol">'
          + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
                     for i in range(1, 10)) + b"]>")
XXE = b'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE %s [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


def entity_part(src: Path, dst: Path, part: str, kind: str) -> Path:
    """Put a billion-laughs or external-entity DTD in front of a part and use the entity in it."""
    if part == SHEET1:
        part = actions_part(src)
    root = {SST: b"sst", WORKBOOK: b"workbook"}.get(part, b"worksheet")
    xml = _body(read_part(src, part))
    ref = b"&lol9;" if kind == "laughs" else b"&xxe;"
    if part == SST:
        xml = re.sub(rb"<t>[^<]*</t>", b"<t>" + ref + b"</t>", xml, count=1)
    elif root == b"worksheet":
        xml = re.sub(rb'<c r="A2"[^>]*>.*?</c>', b'<c r="A2" t="inlineStr"><is><t>' + ref + b"</t></is></c>", xml,
                     count=1)
    else:
        xml = xml.replace(b'name="Actions"', b'name="' + ref + b'"', 1)
    head = (LAUGHS if kind == "laughs" else XXE) % root
    return rebuild(src, dst, {part: head + xml})


def long_cell(src: Path, dst: Path, chars: int = 40_000) -> Path:
    """Put an inline string of ``chars`` characters in the first data cell of the Actions sheet."""
    part = actions_part(src)
    xml = read_part(src, part)
    text = ("x" * chars).encode()
    new, n = re.subn(rb'<c r="C2"([^>]*?)t="s"([^>]*)>.*?</c>',
                     b'<c r="C2"\\1t="inlineStr"\\2><is><t>' + text + b"</t></is></c>", xml, count=1)
    assert n == 1, "the Actions sheet has no shared-string cell C2 to lengthen"
    return rebuild(src, dst, {part: new})


def _member(name: str, raw: bytes, crc: int, size: int) -> tuple[bytes, bytes]:
    """A local header + data and its central-directory record (offset patched by the caller)."""
    encoded = name.encode()
    fixed = struct.pack("<HHHHHIII", 20, 0, 8, 0, 0x21, crc, len(raw), size)
    local = b"PK\x03\x04" + fixed + struct.pack("<HH", len(encoded), 0) + encoded + raw
    central = b"PK\x01\x02" + struct.pack("<H", 20) + fixed + struct.pack("<HHHHHI", len(encoded), 0, 0, 0, 0, 0)
    return local, central + b"%OFFSET%" + encoded


def write_zip(dst: Path, members: list[tuple[str, bytes, int, int]]) -> Path:
    """Write a zip from already-deflated members: (name, raw deflate bytes, crc32, inflated size)."""
    out = bytearray()
    central = bytearray()
    for name, raw, crc, size in members:
        local, cd = _member(name, raw, crc, size)
        central += cd.replace(b"%OFFSET%", struct.pack("<I", len(out)))
        out += local
    out += central + b"PK\x05\x06" + struct.pack("<HHHHIIH", 0, 0, len(members), len(members), len(central),
                                                 len(out), 0)
    dst.write_bytes(bytes(out))
    return dst


def _deflate(data: bytes) -> tuple[bytes, int, int]:
    comp = zlib.compressobj(6, zlib.DEFLATED, -15)
    return comp.compress(data) + comp.flush(), zlib.crc32(data), len(data)


def zeros_stream(megabytes: int) -> tuple[bytes, int, int]:
    """A raw deflate stream inflating to ``megabytes`` MB of zeros, built from one repeated block.

    A full flush makes each 1 MB block independent of the ones before, so the block's bytes can be
    repeated instead of compressing gigabytes: an honest bomb in about a megabyte, in milliseconds.
    """
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    zeros = bytes(MB)
    block = comp.compress(zeros) + comp.flush(zlib.Z_FULL_FLUSH)
    tail = zlib.compressobj(9, zlib.DEFLATED, -15).flush(zlib.Z_FINISH)
    crc = 0
    for _ in range(megabytes):
        crc = zlib.crc32(zeros, crc)
    return block * megabytes + tail, crc, megabytes * MB


def zip_bomb(src: Path, dst: Path, megabytes: int = 2000, *, lie: bool = False) -> Path:
    """The workbook with its Actions sheet replaced by ``megabytes`` MB of zeros.

    With ``lie`` the zip's headers claim the part inflates to 7,000 bytes (a lying header);
    otherwise they tell the truth and the file is refused from its directory alone.
    """
    members = []
    sheet = actions_part(src)
    with zipfile.ZipFile(src) as zf:
        for info in zf.infolist():
            if info.filename == sheet:
                raw, crc, size = zeros_stream(megabytes)
                members.append((info.filename, raw, crc, 7000 if lie else size))
            else:
                members.append((info.filename, *_deflate(zf.read(info.filename))))
    return write_zip(dst, members)


def high_ratio_part(src: Path, dst: Path) -> Path:
    """A 20 MB docProps part of spaces: small enough for the size limits, far past the ratio limit."""
    return rebuild(src, dst, add={"docProps/custom-padding.xml": b"<a>" + b" " * (20 * MB) + b"</a>"})


def truncated(src: Path, dst: Path) -> Path:
    data = src.read_bytes()
    dst.write_bytes(data[: len(data) // 2])
    return dst


def zip_not_xlsx(_src: Path, dst: Path) -> Path:
    with zipfile.ZipFile(dst, "w") as zf:
        zf.writestr("notes/readme.txt", "minutes of the meeting\n")
    return dst


def docx_as_xlsx(_src: Path, dst: Path) -> Path:
    with zipfile.ZipFile(dst, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<w:document/>")
    return dst


def legacy_xls(_src: Path, dst: Path) -> Path:
    """An OLE2 compound file header, as every Excel 97-2003 workbook starts."""
    dst.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + "Workbook".encode("utf-16-le") + bytes(4096))
    return dst


def text_file(_src: Path, dst: Path) -> Path:
    dst.write_text("Ref,Planned Action\n1,Review the constitution\n", encoding="utf-8")
    return dst


def empty(_src: Path, dst: Path) -> Path:
    dst.write_bytes(b"")
    return dst


def missing_part(part: str) -> Callable[[Path, Path], Path]:
    def build(src: Path, dst: Path) -> Path:
        return rebuild(src, dst, {part: None})

    return build


def corpus(name: str) -> Callable[[Path, Path], Path]:
    def build(_src: Path, dst: Path) -> Path:
        shutil.copyfile(BAD / name, dst)
        return dst

    return build


def entity(part: str, kind: str) -> Callable[[Path, Path], Path]:
    def build(src: Path, dst: Path) -> Path:
        return entity_part(src, dst, part, kind)

    return build


def far_cell(src: Path, dst: Path) -> Path:
    """One extra cell at XFD1048576: a few bytes that make a naive reader allocate the whole grid."""
    part = actions_part(src)
    xml = read_part(src, part)
    xml = xml.replace(b"</sheetData>", b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>', 1)
    return rebuild(src, dst, {part: xml})


VBA_PROJECT = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b'Attribute VB_Name = "ThisWorkbook"\r\nSub Auto_Open()\r\n' + bytes(600)
MACRO_MAIN = b"application/vnd.ms-excel.sheet.macroEnabled.main+xml"
SHEET_MAIN = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"


def with_macros(src: Path, dst: Path) -> Path:
    """The workbook made macro-enabled (.xlsm): a vbaProject.bin part, its relationship and content type."""
    types = read_part(src, "[Content_Types].xml").replace(SHEET_MAIN, MACRO_MAIN)
    types = types.replace(b"</Types>", b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>'
                                       b"</Types>")
    rels = read_part(src, "xl/_rels/workbook.xml.rels").replace(
        b"</Relationships>", b'<Relationship Id="rIdVba" Type="http://schemas.microsoft.com/office/2006/relationships/'
                             b'vbaProject" Target="vbaProject.bin"/></Relationships>')
    return rebuild(src, dst, {"[Content_Types].xml": types, "xl/_rels/workbook.xml.rels": rels},
                   add={"xl/vbaProject.bin": VBA_PROJECT})


EXTERNAL_TARGET = b"file:///C:/Finance/secret-budget.xlsx"


def with_external_link(src: Path, dst: Path) -> Path:
    """The workbook with an external link to another file, as Excel writes one for ='[1]Sheet1'!A1."""
    types = read_part(src, "[Content_Types].xml").replace(
        b"</Types>", b'<Override PartName="/xl/externalLinks/externalLink1.xml" ContentType="application/'
                     b'vnd.openxmlformats-officedocument.spreadsheetml.externalLink+xml"/></Types>')
    rels = read_part(src, "xl/_rels/workbook.xml.rels").replace(
        b"</Relationships>", b'<Relationship Id="rIdExt1" Type="http://schemas.openxmlformats.org/officeDocument/'
                             b'2006/relationships/externalLink" Target="externalLinks/externalLink1.xml"/>'
                             b"</Relationships>")
    book = read_part(src, WORKBOOK).replace(
        b"</sheets>", b'</sheets><externalReferences><externalReference r:id="rIdExt1"/></externalReferences>', 1)
    link = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<externalLink xmlns="http://schemas.'
            b'openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/'
            b'2006/relationships"><externalBook r:id="rId1"><sheetNames><sheetName val="Sheet1"/></sheetNames>'
            b'<sheetDataSet><sheetData sheetId="0"><row r="1"><cell r="A1"><v>42</v></cell></row></sheetData>'
            b"</sheetDataSet></externalBook></externalLink>")
    link_rels = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.'
                 b'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
                 b'openxmlformats.org/officeDocument/2006/relationships/externalLinkPath" Target="'
                 + EXTERNAL_TARGET + b'" TargetMode="External"/></Relationships>')
    return rebuild(src, dst, {"[Content_Types].xml": types, "xl/_rels/workbook.xml.rels": rels, WORKBOOK: book},
                   add={"xl/externalLinks/externalLink1.xml": link,
                        "xl/externalLinks/_rels/externalLink1.xml.rels": link_rels})


def duplicate_part(src: Path, dst: Path) -> Path:
    """Two members named xl/worksheets/sheet1.xml: which one a reader sees depends on the reader."""
    import warnings

    rebuild(src, dst)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate name, which is the point
        with zipfile.ZipFile(dst, "a") as zf:
            zf.writestr(actions_part(src), b"<worksheet/>")
    return dst


def lzma_part(src: Path, dst: Path) -> Path:
    """A part compressed with LZMA, which no spreadsheet application writes."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            method = zipfile.ZIP_LZMA if info.filename == WORKBOOK else zipfile.ZIP_DEFLATED
            zout.writestr(info.filename, zin.read(info.filename), compress_type=method)
    return dst


def zip_encrypted_flag(src: Path, dst: Path) -> Path:
    """The workbook part marked as zip-encrypted (general-purpose flag bit 0)."""
    data = bytearray(rebuild(src, dst).read_bytes())
    name = WORKBOOK.encode()
    for signature, flag_at, name_at in ((b"PK\x03\x04", 6, 30), (b"PK\x01\x02", 8, 46)):
        at = data.find(signature)
        while at != -1:
            if data[at + name_at: at + name_at + len(name)] == name:
                data[at + flag_at] |= 0x01
            at = data.find(signature, at + 4)
    dst.write_bytes(bytes(data))
    return dst


def ods_as_xlsx(_src: Path, dst: Path) -> Path:
    """An OpenDocument spreadsheet saved with an .xlsx name."""
    with zipfile.ZipFile(dst, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", compress_type=zipfile.ZIP_STORED)
        zf.writestr("content.xml", "<office:document-content/>")
        zf.writestr("META-INF/manifest.xml", "<manifest:manifest/>")
    return dst


def padded_laughs(src: Path, dst: Path) -> Path:
    """Billion laughs behind 100 KB of comment, past the prolog window a quick scan would read."""
    xml = _body(read_part(src, SST))
    xml = re.sub(rb"<t>[^<]*</t>", b"<t>&lol9;</t>", xml, count=1)
    head = LAUGHS % b"sst"
    declaration, dtd = head.split(b"\n", 1)
    padding = b"<!--" + b" " * (100 * 1024) + b"-->"
    return rebuild(src, dst, {SST: declaration + b"\n" + padding + dtd + xml})


def actions_renamed(src: Path, dst: Path) -> Path:
    """The Actions sheet renamed "Actions (2)", as Excel names a copied sheet."""
    book = read_part(src, WORKBOOK).replace(b'name="Actions"', b'name="Actions (2)"', 1)
    book = book.replace(b"Actions!", b"'Actions (2)'!")
    return rebuild(src, dst, {WORKBOOK: book})


def xlsb_as_xlsx(_src: Path, dst: Path) -> Path:
    """A binary workbook (.xlsb) saved with an .xlsx name."""
    with zipfile.ZipFile(dst, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("_rels/.rels", '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                    'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
                    'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.bin"/></Relationships>')
        zf.writestr("xl/workbook.bin", b"\x83\x01\x00")
        zf.writestr("xl/worksheets/sheet1.bin", b"\x81\x01\x00")
    return dst


def date_out_of_range(src: Path, dst: Path) -> Path:
    """The first date cell of the Actions sheet holding -1E+300: calamine panics converting it to a date."""
    part = actions_part(src)
    xml = read_part(src, part)
    new, n = re.subn(rb'(<c r="F2"[^>]*>)<v>[^<]*</v>', rb"\g<1><v>-1E+300</v>", xml, count=1)
    assert n == 1, "no date in F2 to replace"
    return rebuild(src, dst, {part: new})
