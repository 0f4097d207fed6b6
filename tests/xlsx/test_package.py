"""Opening packages safely and saving them with untouched parts copied raw."""

from __future__ import annotations

import os
import stat
import struct
import zipfile
from pathlib import Path

import pytest

from govsheet.errors import WorkbookError
from govsheet.xlsx import Book, Limits
from govsheet.xlsx.package import OLE_MAGIC, Package, _raw_member
from tests.conftest import KEPT_CORPUS, corpus_file

BAD = KEPT_CORPUS / "bad"
SIMPLE = corpus_file("xlsxwriter/xlsxwriter/test/comparison/xlsx_files/autofit07.xlsx")


def rebuild(src: Path, dst: Path, replace: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, replace.get(info.filename, zin.read(info.filename)))
    return dst


@pytest.mark.parametrize(("name", "message"), [
    ("calamine-pass_protected.xlsx", "is encrypted with a password; open it in Excel, remove the password"),
    ("excelize-encryptAES.xlsx", "is encrypted with a password"),
    ("poi-clusterfuzz-testcase-minimized-XLSX2CSVFuzzer-5636439151607808.xlsx", "is damaged (File is not a zip"),
    ("poi-crash-274d6342e4842d61be0fb48eaadad6208ae767ae.xlsx", "is damaged (Bad magic number for central"),
    ("poi-invalid.xlsx", "is an empty zip with no workbook inside"),
    ("~$LoadPivotTables.xlsx", "is an Excel lock file, not a workbook"),
    ("exceljs-missing-bits.xlsx", "is not a complete workbook (no _rels/.rels)"),
    ("poi-poc-xmlbomb.xlsx", "part xl/sharedStrings.xml inflates 396 times its size, over the ratio limit 200"),
])
def test_unusable_files_are_refused_with_the_next_step(name: str, message: str) -> None:
    with pytest.raises(WorkbookError) as caught:
        Book.open(BAD / name)
    assert str(caught.value).startswith(f"{BAD / name}: {message}")


def test_a_damaged_part_is_reported_when_read() -> None:
    with pytest.raises(WorkbookError, match=r"is damaged or crafted: part xl/_rels/workbook.xml.rels does not match its "
                                            r"checksum or inflates past its declared size \(Bad CRC"):
        Book.open(BAD / "calamine-issue252.xlsx")


def test_text_that_is_not_xml_inside_a_sheet_is_refused() -> None:
    book = Book.open(BAD / "exceljs-invalid-xml.xlsx")
    with pytest.raises(WorkbookError, match=r'sheet "Sheet1" \(xl/worksheets/sheet1.xml\) has XML that is not '
                                            "well-formed"):
        book.sheet("Sheet1").cell("A1")


def test_plain_text_legacy_xls_and_empty_files_are_refused(tmp_path: Path) -> None:
    text = tmp_path / "minutes.xlsx"
    text.write_text("not a workbook")
    xls = tmp_path / "legal.xlsx"
    xls.write_bytes(OLE_MAGIC + b"\0" * 4000)
    empty = tmp_path / "empty.xlsx"
    empty.write_bytes(b"")
    with pytest.raises(WorkbookError, match="is not an Excel workbook"):
        Book.open(text)
    with pytest.raises(WorkbookError, match=r"is a legacy \.xls workbook; open it in Excel or LibreOffice and save"):
        Book.open(xls)
    with pytest.raises(WorkbookError, match=r"is empty \(0 bytes\)"):
        Book.open(empty)


def test_a_truncated_file_is_refused(tmp_path: Path) -> None:
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(SIMPLE.read_bytes()[:3000])
    with pytest.raises(WorkbookError, match="is damaged"):
        Book.open(cut)


def test_entity_declarations_are_refused_before_parsing(tmp_path: Path) -> None:
    laughs = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
              b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">'
              b"<si><t>&lol2;</t></si></sst>")
    bomb = rebuild(SIMPLE, tmp_path / "laughs.xlsx", {"xl/sharedStrings.xml": laughs})
    book = Book.open(bomb)
    with pytest.raises(WorkbookError, match=r"part xl/sharedStrings.xml declares XML entities \(a possible "
                                            "entity-expansion attack\\); govsheet refuses it"):
        book.sheet("Sheet1").cell("A1")


def test_size_and_ratio_limits_refuse_before_inflating(tmp_path: Path) -> None:
    big = rebuild(SIMPLE, tmp_path / "big.xlsx", {"docProps/app.xml": b"<x>" + b" " * 3_000_000 + b"</x>"})
    with pytest.raises(WorkbookError, match=r"inflates \d+ times its size, over the ratio limit 200"):
        Book.open(big)
    with pytest.raises(WorkbookError, match=r"part docProps/app.xml inflates to 3000007 bytes, over the 1000000-byte"):
        Book.open(big, limits=Limits(max_part=1_000_000, max_ratio=10**6))
    with pytest.raises(WorkbookError, match=r"inflates to \d+ bytes, over the 2000000-byte limit"):
        Book.open(big, limits=Limits(max_uncompressed=2_000_000, max_ratio=10**6))
    with pytest.raises(WorkbookError, match=r"has 11 parts, over the limit of 5"):
        Book.open(big, limits=Limits(max_parts=5, max_ratio=10**6))
    with pytest.raises(WorkbookError, match=r"is \d+ bytes, over the 100-byte limit; raise GOVSHEET_MAX_COMPRESSED if you trust it"):
        Book.open(big, limits=Limits(max_compressed=100))


def test_a_part_whose_header_understates_its_size_is_not_inflated_past_it(tmp_path: Path) -> None:
    """The declared size is patched down to 1,000 bytes in both headers; reading stops there and fails."""
    src = rebuild(SIMPLE, tmp_path / "src.xlsx", {"docProps/app.xml": b"<x>" + b"a" * 50_000 + b"</x>"})
    data = bytearray(src.read_bytes())
    with zipfile.ZipFile(src) as zf:
        info = zf.getinfo("docProps/app.xml")
    struct.pack_into("<I", data, info.header_offset + 22, 1000)
    central = data.find(b"PK\x01\x02")
    while central >= 0:
        name_len = struct.unpack_from("<H", data, central + 28)[0]
        if bytes(data[central + 46: central + 46 + name_len]) == b"docProps/app.xml":
            struct.pack_into("<I", data, central + 24, 1000)
            break
        central = data.find(b"PK\x01\x02", central + 4)
    liar = tmp_path / "liar.xlsx"
    liar.write_bytes(bytes(data))
    package = Package(liar, Limits(max_ratio=10**6))
    with pytest.raises(WorkbookError, match=r"docProps/app\.xml"):
        package.read("docProps/app.xml")


def test_limits_come_from_the_environment() -> None:
    limits = Limits.from_env({"GOVSHEET_MAX_UNCOMPRESSED": "5000", "GOVSHEET_MAX_RATIO": " 7 ", "GOVSHEET_X": "1",
                              "GOVSHEET_MAX_PARTS": "lots"})
    assert limits == Limits(max_uncompressed=5000, max_ratio=7)


def test_saving_copies_untouched_parts_raw_and_in_order(tmp_path: Path) -> None:
    src = tmp_path / "src.xlsx"
    src.write_bytes(SIMPLE.read_bytes())
    os.chmod(src, 0o640)  # noqa: PTH101
    book = Book.open(src)
    book.sheet("Sheet1").set("B2", 7)
    book.save()
    with zipfile.ZipFile(SIMPLE) as a, zipfile.ZipFile(src) as b, SIMPLE.open("rb") as fa, src.open("rb") as fb:
        assert [i.filename for i in a.infolist()] == [i.filename for i in b.infolist()]
        for info in a.infolist():
            other = b.getinfo(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                assert a.read(info) != b.read(other)
            else:
                assert _raw_member(fa, info) == _raw_member(fb, other), info.filename
        assert b.testzip() is None
    assert stat.S_IMODE(src.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["src.xlsx"], "no temporary file is left behind"


def test_saving_into_a_missing_folder_is_refused(tmp_path: Path) -> None:
    book = Book.open(SIMPLE)
    with pytest.raises(WorkbookError, match="cannot be written: its folder does not exist"):
        book.save(tmp_path / "nowhere" / "out.xlsx")


@pytest.mark.filterwarnings("ignore:Duplicate name:UserWarning")
def test_crafted_zips_are_refused(tmp_path: Path) -> None:
    twice = tmp_path / "twice.xlsx"
    with zipfile.ZipFile(SIMPLE) as zin, zipfile.ZipFile(twice, "w") as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, zin.read(info))
        zout.writestr("xl/workbook.xml", b"<workbook/>")
    with pytest.raises(WorkbookError, match="holds two parts with the same name"):
        Book.open(twice)
    bzip = tmp_path / "bzip.xlsx"
    with zipfile.ZipFile(SIMPLE) as zin, zipfile.ZipFile(bzip, "w", zipfile.ZIP_BZIP2) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, zin.read(info))
    with pytest.raises(WorkbookError, match=r"uses an unsupported compression in \[Content_Types\].xml"):
        Book.open(bzip)
    flagged = bytearray(SIMPLE.read_bytes())
    central = flagged.find(b"PK\x01\x02")
    flagged[central + 8] |= 1  # the "encrypted" bit of the first member's central record
    locked = tmp_path / "flagged.xlsx"
    locked.write_bytes(bytes(flagged))
    with pytest.raises(WorkbookError, match=r"has an encrypted part \[Content_Types\].xml; remove the password"):
        Book.open(locked)


def test_a_save_that_cannot_replace_the_target_leaves_nothing_behind(tmp_path: Path) -> None:
    book = Book.open(SIMPLE)
    book.sheet("Sheet1").set("B2", 1)
    target = tmp_path / "out.xlsx"
    target.mkdir()
    with pytest.raises(WorkbookError, match=r"out.xlsx: cannot be written \(Is a directory\); check the folder"):
        book.save(target)
    assert [p.name for p in tmp_path.iterdir()] == ["out.xlsx"]
    assert list(target.iterdir()) == []


def test_a_part_streams_from_the_zip_or_from_memory_once_read_or_changed(tmp_path: Path) -> None:
    package = Package(SIMPLE)
    with zipfile.ZipFile(SIMPLE) as zf:
        styles = zf.read("xl/styles.xml")
        workbook = zf.read("xl/workbook.xml")
    with package.stream("xl/styles.xml") as fh:
        assert fh.read(64) == styles[:64]  # from the zip: nothing inflated and kept
    package.write("xl/styles.xml", b"<styleSheet/>")
    with package.stream("xl/styles.xml") as fh:
        assert fh.read() == b"<styleSheet/>"
    package.read("xl/workbook.xml")
    with package.stream("xl/workbook.xml") as fh:
        assert fh.read() == workbook
    package.remove("xl/styles.xml")
    with pytest.raises(KeyError):
        package.stream("xl/styles.xml")
    with pytest.raises(KeyError):
        package.stream("xl/no-such-part.xml")
    package.close()
