"""The corpus round trip: every workbook of ../shared/corpus edited by govsheet keeps everything else.

1. Fidelity: each file goes through ``govsheet edit`` twice (a cell below the used range set, then
   cleared), and ../shared/tools/fidelity must find every feature kept; every part the edit did not
   need is byte-identical (same compressed bytes, same order).
2. Real edits: existing cells of each file get a text, a formula-like text, a number, a boolean and a
   date; python-calamine reads them back exactly, with the cells' styles kept; then LibreOffice
   (headless, one batch) opens every edited file and its own re-save shows the same values.
"""

from __future__ import annotations

import json
import sys
import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest
from python_calamine import CalamineError, CalamineWorkbook

from govsheet.xlsx import Book
from govsheet.xlsx.package import _raw_member
from govsheet.xlsx.refs import make_ref, parse_ref
from tests.conftest import CORPUS, FIDELITY_TOOL, ROOT, run_bounded, soffice_path
from tests.xlsx.edit_twice import probe_cell

pytestmark = pytest.mark.corpus

FIDELITY = FIDELITY_TOOL / "fidelity.py"
EDIT_TWICE = Path(__file__).with_name("edit_twice.py")
FILES = sorted(p for p in CORPUS.rglob("*") if p.suffix.lower() in (".xlsx", ".xlsm") and "bad" not in
               p.relative_to(CORPUS).parts)  # empty without the corpus: every test here then skips
NEW_TEXT = "Edited by govsheet ✓"
FORMULA_TEXT = "=SUM(A1:A2)"
NUMBER = 12345.5
DAY = date(2024, 3, 31)


@pytest.fixture(scope="module")
def fidelity(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, object], Path]:
    if not FIDELITY.is_file():
        pytest.skip(f"needs the shared fidelity tool: put ../shared/tools/fidelity beside the corpus (no {FIDELITY})")
    keep = tmp_path_factory.mktemp("fidelity-copies")
    out = keep.parent / "fidelity.json"
    cmd = f"{sys.executable} {EDIT_TWICE} {{src}} {{dst}} >/dev/null"
    run_bounded([sys.executable, str(FIDELITY), str(CORPUS), "--cmd", cmd, "--jobs", "2", "--json", str(out),
                 "--keep", str(keep)], cwd=ROOT, timeout=900)
    return json.loads(out.read_text()), keep


def test_the_corpus_is_there() -> None:
    assert len(FILES) == 181


def test_every_feature_of_every_corpus_file_is_kept(fidelity: tuple[dict[str, object], Path]) -> None:
    doc, _ = fidelity
    summary = doc["summary"]
    assert isinstance(summary, dict)
    lost = {f["file"]: [k for k, v in f["features"].items() if not v["kept"]] or f["error"]
            for f in doc["files"] if f["error"] or not all(v["kept"] for v in f["features"].values())}  # type: ignore[attr-defined]
    assert lost == {}
    assert summary["round_trip_failures"] == 0
    assert summary["fidelity_pct"] == 100.0
    assert summary["files_fully_kept"] == len(FILES)


def _allowed_changes(src: Path) -> set[str]:
    """Parts the set-then-clear edit needs to rewrite: the probed sheet and workbook.xml (the text it sets is
    held in the cell, so the shared strings are not among them)."""
    with Book.open(src) as book:
        return {book.sheet(probe_cell(src)[0]).part, book.workbook_part}


def test_parts_the_edit_did_not_need_are_byte_identical(fidelity: tuple[dict[str, object], Path]) -> None:
    _, keep = fidelity
    differing: dict[str, list[str]] = {}
    for src in FILES:
        rel = str(src.relative_to(CORPUS))
        dst = keep / (rel.replace("/", "__") + ".rt" + src.suffix.lower())
        allowed = _allowed_changes(src)
        with zipfile.ZipFile(src) as a, zipfile.ZipFile(dst) as b, src.open("rb") as fa, dst.open("rb") as fb:
            names_a = [i.filename for i in a.infolist()]
            names_b = [i.filename for i in b.infolist()]
            assert names_b[: len(names_a)] == names_a, f"{rel}: parts renamed, dropped or reordered"
            assert set(names_b[len(names_a):]) <= allowed, f"{rel}: unexpected new parts"
            changed = [info.filename for info in a.infolist()
                       if _raw_member(fa, info) != _raw_member(fb, b.getinfo(info.filename))]
        if set(changed) - allowed:
            differing[rel] = sorted(set(changed) - allowed)
    assert differing == {}


# ---------------------------------------------------------------- real edits


def _value_cells(book: Book, sheet_name: str, want: int) -> list[str]:
    """Existing cells holding a plain text or number (no formula), in sheet order.

    Sheets with a pivot table are left out: LibreOffice and Excel rebuild a pivot table's cells on
    open, so an edit there is not meant to last.
    """
    sheet = book.sheet(sheet_name)
    found: list[str] = []
    rels = sheet.part.replace("worksheets/", "worksheets/_rels/") + ".rels"
    if book.package.has(rels) and b"relationships/pivotTable" in book.package.read(rels):
        return found
    for span in sheet.index.rows:
        for col in sorted(sheet._row_cells(span.number)):
            cell = sheet.cell(make_ref(span.number, col))
            if cell.formula is None and cell.type in ("string", "number"):
                found.append(cell.ref)
                if len(found) == want:
                    return found
    return found


def _edit_file(src: Path, dst: Path) -> dict[str, object] | None:
    """Write text, formula-like text, number, boolean and date into existing cells, and a probe below."""
    with Book.open(src) as book:
        sheet_name, probe = probe_cell(src)
        cells = _value_cells(book, sheet_name, 5)
        if len(cells) < 5:
            return None
        sheet = book.sheet(sheet_name)
        expected: dict[str, object] = dict(zip(cells, [NEW_TEXT, FORMULA_TEXT, NUMBER, True, DAY], strict=True))
        styles = {ref: sheet.style_of(ref) for ref in cells}
        for ref, value in expected.items():
            sheet.set(ref, value)  # type: ignore[arg-type]
        sheet.set(probe, f"probe {src.name}")
        expected[probe] = f"probe {src.name}"
        book.save(dst)
    return {"sheet": sheet_name, "expected": expected, "styles": styles}


def _calamine(path: Path, sheet: str) -> list[list[object]]:
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python(skip_empty_area=False)


def _at(rows: list[list[object]], ref: str) -> object:
    row, col = parse_ref(ref)
    return rows[row - 1][col - 1] if row <= len(rows) and col <= len(rows[row - 1]) else None


def _same(found: object, wanted: object) -> bool:
    if isinstance(wanted, date) and isinstance(found, datetime):
        return found == datetime.combine(wanted, datetime.min.time())
    return found == wanted


@pytest.fixture(scope="module")
def edited(tmp_path_factory: pytest.TempPathFactory) -> dict[Path, dict[str, object]]:
    folder = tmp_path_factory.mktemp("edited")
    done: dict[Path, dict[str, object]] = {}
    for n, src in enumerate(FILES):
        dst = folder / f"{n:03d}{src.suffix.lower()}"
        info = _edit_file(src, dst)
        if info is None:
            probe_sheet, probe = probe_cell(src)
            with Book.open(src) as book:
                book.sheet(probe_sheet).set(probe, f"probe {src.name}")
                book.save(dst)
            info = {"sheet": probe_sheet, "expected": {probe: f"probe {src.name}"}, "styles": {}}
        info["src"] = src
        done[dst] = info
    return done


def test_edits_of_each_type_read_back_exactly_with_the_style_kept(edited: dict[Path, dict[str, object]]) -> None:
    typed = sum(1 for info in edited.values() if len(info["expected"]) > 1)  # type: ignore[arg-type]
    assert typed > 90, "over half the corpus files have five value cells to edit"
    wrong: dict[str, list[str]] = {}
    for dst, info in edited.items():
        book = Book.open(dst)
        sheet = book.sheet(str(info["sheet"]))
        try:
            rows = _calamine(dst, str(info["sheet"]))
        except CalamineError:
            with pytest.raises(CalamineError):  # calamine cannot read the original either (tdf111974.xlsm)
                _calamine(info["src"], str(info["sheet"]))  # type: ignore[arg-type]
            rows = [[sheet.cell(make_ref(r, c)).value for c in range(1, 30)] for r in range(1, sheet.max_row + 1)]
        problems = [f"{ref}: {_at(rows, ref)!r} != {value!r}" for ref, value in info["expected"].items()  # type: ignore[attr-defined]
                    if not _same(_at(rows, ref), value)]
        for ref, style in info["styles"].items():  # type: ignore[attr-defined]
            now = sheet.style_of(ref)
            if info["expected"][ref] == DAY and now != style:  # type: ignore[index]
                assert book.styles.format_of(now).is_date, f"{info['src']}: {ref} has no date format"
            elif now != style:
                problems.append(f"{ref}: style {style} became {now}")
        book.close()
        if problems:
            wrong[str(info["src"])] = problems
    assert wrong == {}, json.dumps(wrong, indent=1, default=str)


@pytest.mark.libreoffice
def test_libreoffice_opens_every_edited_file_and_shows_the_new_values(edited: dict[Path, dict[str, object]],
                                                                       tmp_path: Path) -> None:
    soffice = soffice_path()
    assert soffice is not None
    out = tmp_path / "lo"
    for suffix in (".xlsx", ".xlsm"):
        batch = [str(p) for p in edited if p.suffix == suffix]
        assert batch, f"no edited {suffix} files to open"  # soffice --convert-to with no file waits forever
        run_bounded([soffice, f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless", "--norestore",
                     "--nolockcheck", "--convert-to", "xlsx", "--outdir", str(out / suffix[1:]), *batch], timeout=600)
    wrong: dict[str, list[str]] = {}
    for dst, info in edited.items():
        converted = out / dst.suffix[1:] / f"{dst.stem}.xlsx"
        if not converted.exists():
            wrong[str(info["src"])] = ["LibreOffice did not open it"]
            continue
        rows = _calamine(converted, str(info["sheet"]))
        problems = [f"{ref}: {_at(rows, ref)!r} != {value!r}" for ref, value in info["expected"].items()  # type: ignore[attr-defined]
                    if not _same(_at(rows, ref), value)]
        if problems:
            wrong[str(info["src"])] = problems
    assert wrong == {}, json.dumps(wrong, indent=1, default=str)
