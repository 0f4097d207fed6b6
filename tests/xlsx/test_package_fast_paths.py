"""The engine's and the preflight's fast paths give exactly what the plain way gives."""

from __future__ import annotations

import os
import re
import zipfile
import zlib
from pathlib import Path

import pytest

from govsheet.errors import WorkbookError
from govsheet.xlsx import Book
from govsheet.xlsx.package import deflate
from govsheet.xlsx.patch import index_sheet
from govsheet.xlsx.strings import SharedStrings
from tests.xlsx.test_sheet import SHEET, SIMPLE, rebuilt

MB = 1024 * 1024


@pytest.mark.parametrize("size", [0, 1, 100, 4 * MB - 1, 4 * MB, 4 * MB + 1, 9 * MB + 7])
@pytest.mark.parametrize("level", [1, 6])
def test_deflate_in_slices_is_one_ordinary_stream(size: int, level: int) -> None:
    # half random (incompressible), half repeated text, so slices meet inside matches
    data = os.urandom(size // 2) + (b"<row r='1'><c r='A1'><v>42</v></c></row>" * (size // 40 + 1))[: size - size // 2]
    raw, crc = deflate(data, level)
    assert zlib.decompress(raw, -15) == data
    assert crc == zlib.crc32(data)


def test_deflate_in_slices_compresses_about_as_well_as_in_one_go() -> None:
    data = b"".join(b'<row r="%d"><c r="A%d" t="s"><v>%d</v></c></row>' % (i, i, i * 7) for i in range(300_000))
    assert len(data) > 8 * MB
    raw, _ = deflate(data, 1)
    whole = zlib.compressobj(1, zlib.DEFLATED, -15)
    assert len(raw) <= 1.01 * len(whole.compress(data) + whole.flush())


def test_a_saved_big_part_reads_back_in_zipfile(tmp_path: Path) -> None:
    rows = b"".join(b'<row r="%d"><c r="A%d"><v>%d</v></c></row>' % (i, i, i) for i in range(1, 200_001))
    xml = zipfile.ZipFile(SIMPLE).read(SHEET)
    xml = re.sub(rb"<sheetData>.*</sheetData>", lambda _: b"<sheetData>" + rows + b"</sheetData>", xml)
    path = rebuilt(tmp_path, {SHEET: xml})
    book = Book.open(path)
    book.sheet("Sheet1").set("B7", "seven")
    out = book.save(tmp_path / "out.xlsx")
    with zipfile.ZipFile(out) as zf:
        assert zf.testzip() is None
        assert len(zf.read(SHEET)) > 4 * MB
    assert Book.open(out).sheet("Sheet1").cell("B7").value == "seven"
    assert Book.open(out).sheet("Sheet1").cell("A199999").value == 199999


@pytest.mark.parametrize(("sst", "items"), [
    (b"", []),
    (b'<sst xmlns="m" count="2" uniqueCount="2"><si><t>a</t></si><si><t>b</t></si></sst>', ["a", "b"]),
    (b'<sst xmlns="m"><si><t>a</t></si><si/><si ><t>c</t></si></sst>', ["a", "", "c"]),
    (b'<x:sst xmlns:x="m"><x:si><x:t>a</x:t></x:si><x:si><x:t>b</x:t></x:si></x:sst>', ["a", "b"]),
    (b'<sst xmlns="m"><si><t>Analysis:simple</t></si></sst>', ["Analysis:simple"]),
    (b'<sst xmlns="m"><si>\n<t>a</t></si><si><t>b</t></si></sst>', ["a", "b"]),
])
def test_every_item_is_found_however_the_table_is_written(sst: bytes, items: list[str]) -> None:
    strings = SharedStrings("xl/sharedStrings.xml", sst or None)
    assert [strings.get(i) for i in range(len(items) + 1)] == [*items, ""]  # "" past the end


def test_an_over_long_shared_string_is_still_refused_when_read(tmp_path: Path) -> None:
    src = zipfile.ZipFile(SIMPLE)
    sst = src.read("xl/sharedStrings.xml")
    long_item = b"<si><t>" + b"x" * 40_000 + b"</t></si>"
    sst = re.sub(rb"(<sst\b[^>]*>)", lambda m: m.group(1) + long_item, sst, count=1)
    book = Book.open(rebuilt(tmp_path, {"xl/sharedStrings.xml": sst}))
    sheet = book.sheet("Sheet1")
    sheet.set("B9", "added")  # appending copies the table unread
    with pytest.raises(WorkbookError, match=r"holds a text of 40000 characters, over Excel's 32,767-character"):
        sheet.cell("A1")  # the first read of the table checks it


@pytest.mark.parametrize("tail", [b"", b"<!-- </sheetData> -->", b"<extLst><ext><![CDATA[</sheetData>]]></ext></extLst>",
                                  b"<?pi </sheetData>?>"])
def test_the_end_of_sheet_data_is_the_real_one(tail: bytes) -> None:
    data = (b'<worksheet xmlns="m"><sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData>'
            + tail + b"</worksheet>")
    index = index_sheet(data)
    assert index.data_close == data.index(b"</sheetData>")


@pytest.mark.parametrize("cut", [57, 120])
def test_text_set_beside_a_truncated_shared_strings_table_leaves_the_table_as_it_was(tmp_path: Path, cut: int) -> None:
    """Found by the hypothesis sweep (a table cut short inside its <sst> tag once raised a bare ValueError):
    new text is held in its cell, so the table is copied unread and unchanged."""
    src = Book.open(rebuilt(tmp_path, {}))
    sst = src.package.read("xl/sharedStrings.xml")
    src.close()
    book = Book.open(rebuilt(tmp_path, {"xl/sharedStrings.xml": sst[:cut]}))
    book.sheet(book.sheet_names[0]).set("A1", "new text")
    book.save(tmp_path / "out.xlsx")
    with zipfile.ZipFile(tmp_path / "out.xlsx") as out:
        assert out.read("xl/sharedStrings.xml") == sst[:cut]
    assert Book.open(tmp_path / "out.xlsx").sheet(book.sheet_names[0]).cell("A1").value == "new text"


@pytest.mark.parametrize("rows", [5, 200_000])  # one deflate, and one cut in slices
def test_a_sheet_deflated_once_flushed_saves_the_same_bytes(tmp_path: Path, rows: int) -> None:
    body = b"".join(b'<row r="%d"><c r="A%d"><v>%d</v></c></row>' % (i, i, i) for i in range(1, rows + 1))
    xml = zipfile.ZipFile(SIMPLE).read(SHEET)
    path = rebuilt(tmp_path, {SHEET: re.sub(rb"<sheetData>.*</sheetData>",
                                            lambda _: b"<sheetData>" + body + b"</sheetData>", xml)})
    saved = []
    for ahead in (False, True):
        book = Book.open(path)
        sheet = book.sheet("Sheet1")
        sheet.set("B3", "three")
        sheet.flush(deflate_now=ahead)
        saved.append(book.save(tmp_path / f"out-{ahead}.xlsx").read_bytes())
    assert saved[0] == saved[1]


def test_a_sheet_edited_again_after_its_deflate_began_saves_the_later_edit(tmp_path: Path) -> None:
    book = Book.open(rebuilt(tmp_path, {}))
    sheet = book.sheet("Sheet1")
    sheet.set("B3", "first")
    sheet.flush(deflate_now=True)
    sheet.set("B3", "second")
    out = book.save(tmp_path / "out.xlsx")
    assert Book.open(out).sheet("Sheet1").cell("B3").value == "second"
    with zipfile.ZipFile(out) as zf:
        assert zf.testzip() is None


def test_a_deflate_that_fails_on_its_thread_fails_the_save_and_leaves_the_file(tmp_path: Path,
                                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from govsheet.xlsx import package

    path = rebuilt(tmp_path, {})
    before = path.read_bytes()

    def out_of_memory(data: bytes, level: int) -> tuple[bytes, int]:
        raise MemoryError

    book = Book.open(path)
    monkeypatch.setattr(package, "deflate", out_of_memory)
    book.sheet("Sheet1").set("B3", "three")
    book.sheet("Sheet1").flush(deflate_now=True)
    with pytest.raises(MemoryError):
        book.save()
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["w.xlsx"]
