"""The byte scan of sheet XML for formulas and merged ranges, and the refusal of unsafe packages."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from govsheet import api
from govsheet.errors import GovsheetError, WorkbookError
from govsheet.validate.scan import find_formulas, find_merged
from tests.conftest import CORPUS, KEPT_CORPUS


def test_formulas_plain_shared_and_prefixed() -> None:
    xml = (b'<x:worksheet><x:sheetData><x:row r="2"><x:c r="B2" s="1"><x:f>A2&amp;"!"</x:f><x:v>1</x:v></x:c>'
           b'<x:c r="C2" t="s"><x:v>0</x:v></x:c></x:row>'
           b'<x:row r="3"><x:c r="AB3"><x:f t="shared" si="0"/><x:v>2</x:v></x:c>'
           b'<x:c r="D3" t="inlineStr"><x:is><x:t>&lt;f&gt; r="Z9" text</x:t></x:is></x:c></x:row>'
           b'</x:sheetData></x:worksheet>')
    assert find_formulas(xml) == {("B", 2): '=A2&"!"', ("AB", 3): "=(shared formula)"}


def test_merged_ranges_after_the_sheet_data() -> None:
    xml = (b'<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData>'
           b'<mergeCells count="2"><mergeCell ref="A5:A6"/><mergeCell ref="C7:D7"/></mergeCells></worksheet>')
    assert find_merged(xml) == [("A", 5, "A", 6), ("C", 7, "D", 7)]


def test_a_zip_bomb_is_refused_before_it_is_read(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/worksheets/sheet1.xml", b"<" + b"a" * (40 * 1024 * 1024) + b">")
    with pytest.raises(WorkbookError, match="looks like a zip bomb"):
        api.validate(bomb, "ags-action-plan")


BAD = sorted((KEPT_CORPUS / "bad").glob("*.xlsx"))


@pytest.mark.parametrize("path", BAD, ids=[p.name for p in BAD])
def test_broken_corpus_files_fail_cleanly_or_validate(path: Path) -> None:
    """A broken workbook either raises one of govsheet's errors or is read; it never crashes."""
    try:
        api.validate(path, "ags-action-plan")
    except GovsheetError as exc:
        message = str(exc)
    else:
        message = f"{path}: read"
    assert message.startswith(f"{path}: ")


def _small_corpus_files() -> list[Path]:
    files = []
    for path in sorted(CORPUS.rglob("*.xls[xm]")) if CORPUS.is_dir() else []:
        if "bad" in path.parts or path.stat().st_size > 300_000:
            continue
        try:
            with zipfile.ZipFile(path) as zf:
                if sum(i.file_size for i in zf.infolist()) < 3_000_000:
                    files.append(path)
        except zipfile.BadZipFile:
            continue
    return files


@pytest.mark.corpus
def test_formula_scan_agrees_with_openpyxl_on_the_corpus() -> None:
    """Every formula cell openpyxl sees in a corpus sheet is found by the byte scan, and no other.

    openpyxl drops the cells hidden under a merged range, so those are left out of the comparison.
    """
    import warnings

    import openpyxl
    from openpyxl.utils.cell import get_column_letter

    from govsheet.validate.scan import scan_sheet

    disagreements = []
    sheets_with_formulas = 0
    for path in _small_corpus_files():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                book = openpyxl.load_workbook(path)
            except Exception:  # noqa: BLE001, S112 - openpyxl cannot read some corpus files; calamine's path is tested elsewhere
                continue
        for ws in book.worksheets:
            hidden = {(get_column_letter(c), r) for rng in ws.merged_cells.ranges
                      for r in range(rng.min_row, rng.max_row + 1) for c in range(rng.min_col, rng.max_col + 1)
                      if (r, c) != (rng.min_row, rng.min_col)}
            expected = {(get_column_letter(c.column), c.row) for c in ws._cells.values()
                        if c.data_type == "f" or type(c.value).__name__ in {"ArrayFormula", "DataTableFormula"}}
            everywhere = set(scan_sheet(path, ws.title).formulas)
            found = everywhere - hidden
            chosen = {col for col, _ in everywhere | expected}
            if set(scan_sheet(path, ws.title, chosen).formulas) != everywhere:
                disagreements.append((path.name, ws.title, ["columns"]))
            sheets_with_formulas += bool(expected)
            if found != expected:
                disagreements.append((path.name, ws.title, sorted(expected ^ found)[:3]))
    assert disagreements == []
    assert sheets_with_formulas > 50


def test_formulas_in_chosen_columns_either_layout() -> None:
    plain = (b'<worksheet><sheetData><row r="2"><c r="B2" s="1"><f>A2&amp;"!"</f><v>1</v></c>'
             b'<c r="H2"><f>IFERROR(1,"")</f><v>1</v></c></row>'
             b'<row r="3"><c r="B3"><f t="shared" si="0"/><v>2</v></c><c r="C3" t="str"><f>"x"</f><v>x</v></c>'
             b"</row></sheetData></worksheet>")
    expected = {("B", 2): '=A2&"!"', ("B", 3): "=(shared formula)", ("C", 3): '="x"'}
    assert find_formulas(plain, {"B", "C"}) == expected
    attrs_first = plain.replace(b'<c r="B2" s="1">', b'<c s="1" r="B2">').replace(b'<c r="', b'<c t="n" r="')
    assert find_formulas(attrs_first, {"B", "C"}) == expected
    assert find_formulas(plain) == {**expected, ("H", 2): '=IFERROR(1,"")'}
