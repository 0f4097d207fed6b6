"""The preflight: far references found as by folding the sheet, and the same verdict through an open package as alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from govsheet.errors import WorkbookError
from govsheet.xlsx.preflight import _extent_of, _reaches_far
from tests.xlsx.test_sheet import SHEET


@pytest.mark.parametrize(("xml", "far"), [
    (b'<c r="AA1"/>', True),
    (b'<c r="XFD1"/>', True),
    (b'<c r="A100000"/>', True),
    (b"<c\nr='AB3'/>", True),
    (b'<c\tr="A1234567"/>', True),
    (b'<c r="A99999"/>', False),
    (b'<c r="Z9"/><c r="B12345"/>', False),
    (b'<h header="AB" footer="A1234567"/>', False),
    (b'r="AA1"', False),
    (b'<c r="aa1"/>', False),  # the folded search never looked for lowercase references either
])
def test_far_references_are_found_as_by_folding(xml: bytes, far: bool) -> None:
    assert _reaches_far(xml) is far
    fold = bytearray(range(256))
    for ch in b"ABCDEFGHIJKLMNOPQRSTUVWXYZ":
        fold[ch] = ord("A")
    for ch in b"0123456789":
        fold[ch] = ord("0")
    for ch in b"\t\n\r":
        fold[ch] = ord(" ")
    fold[ord("'")] = ord('"')
    folded = xml.translate(bytes(fold))
    assert (folded.find(b' r="AA') != -1 or folded.find(b' r="A000000') != -1) is far


@pytest.mark.parametrize(("xml", "rows"), [
    (b'<sheetData><row r="7"><c r="B7"/></row></sheetData><rowBreaks count="1"/>', 7),
    (b'<x:sheetData><x:row r="9"><x:c r="B9"/></x:row></x:sheetData>', 9),  # prefixed rows
    (b'<sheetData><row r="3"/><x:row r="12"/></sheetData>', 12),  # a prefixed row after a plain one
    (b'<sheetData><x:row r="12"/><row r="3"/></sheetData>', 3),  # the last row element counts
    (b"<sheetData/>", 0),
])
def test_a_sheets_last_row_is_found_whatever_its_prefix(xml: bytes, rows: int) -> None:
    assert _extent_of([xml])[0] == rows
    assert _extent_of([xml[:20], xml[20:]])[0] == rows  # in chunks, as a sheet is read without a package


@pytest.mark.parametrize(("rows", "says"), [
    (b'<row r="1"><c r="A1"><v>1</v></c></row>', None),
    (b'<row r="1"><c r="XFD1048576"><v>1</v></c></row>', r"spans 1,048,576 rows x 16,384 columns"),
    (b'<row r="300000"><c r="A300000"><v>1</v></c></row>', r"spans 300,000 rows"),
])
def test_the_preflight_through_an_open_package_says_what_it_says_alone(tmp_path: Path, rows: bytes,
                                                                      says: str | None) -> None:
    from govsheet.safety import preflight
    from govsheet.xlsx.package import Package
    from tests.xlsx.test_sheet import with_rows

    path = with_rows(tmp_path, rows)
    package = Package(path)
    if says is None:
        preflight(path)
        preflight(path, package=package)
        assert SHEET in package._cache  # inflated once, kept for the engine
        return
    with pytest.raises(WorkbookError, match=says) as alone:
        preflight(path)
    with pytest.raises(WorkbookError, match=says) as shared:
        preflight(path, package=package)
    assert str(shared.value) == str(alone.value)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
@pytest.mark.parametrize("padding", [0, 1000, 5000])
def test_a_dtd_behind_a_comment_longer_than_the_first_read_is_still_found(tmp_path: Path, encoding: str,
                                                                          padding: int) -> None:
    """The prolog is read a kilobyte first, then further: a DTD a few kilobytes in is refused all the same."""
    import io
    import zipfile

    from govsheet.safety import preflight
    from govsheet.xlsx.package import Package
    from govsheet.xlsx.preflight import FIRST_BYTES, _prolog_has_dtd
    from tests.xlsx.test_sheet import with_rows

    head = f'<?xml version="1.0" encoding="{encoding.upper()}"?><!--{" " * padding}-->'
    xml = (head + '<!DOCTYPE worksheet [<!ENTITY e "x">]><worksheet/>').encode(encoding)
    assert padding < FIRST_BYTES or len(head.encode(encoding)) > FIRST_BYTES  # both sides of the first read
    assert _prolog_has_dtd(io.BytesIO(xml))
    assert not _prolog_has_dtd(io.BytesIO((head + "<worksheet/>").encode(encoding)))
    path = with_rows(tmp_path, b'<row r="1"><c r="A1"><v>1</v></c></row>')
    crafted = tmp_path / "crafted.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(crafted, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info, xml if info.filename == SHEET else src.read(info))
    for package in (None, Package(crafted)):
        with pytest.raises(WorkbookError, match=rf"part {SHEET} declares XML entities"):
            preflight(crafted, package=package)
