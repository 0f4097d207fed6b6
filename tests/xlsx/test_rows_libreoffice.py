"""LibreOffice as the reference for row deletions and insertions on real workbooks.

For corpus workbooks whose first sheet has formulas, merged cells, conditional formats,
validations, names, comments or drawings, rows 2-3 are deleted (and, separately, inserted) by
govsheet and by LibreOffice through UNO; LibreOffice then opens both results, recalculates, and
describes each: every cell's value and formula text, merged ranges, conditional-format ranges,
validated cells and comment positions. They must be equal, but for the listed places where
LibreOffice itself does not do what Excel does (``DEVIATIONS``). One LibreOffice serves the module.
"""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest

from govsheet.errors import GovsheetError
from govsheet.xlsx import Book
from tests.conftest import CORPUS, run_bounded

pytestmark = [pytest.mark.libreoffice, pytest.mark.corpus, pytest.mark.slow]

HELPER = Path(__file__).with_name("lo_rows.py")
SYSTEM_PYTHON = Path("/usr/bin/python3")  # LibreOffice's uno module is built for the system python
FILES = 10
FEATURES = (b"<f>", b"conditionalFormatting", b"dataValidation", b"legacyDrawing", b"mergeCell ", b"definedName",
            b"<drawing ")

# Where LibreOffice deviates from Excel, and so from govsheet:
DEVIATIONS = {
    "merged": "deleting the first rows of a merged range: Excel keeps the rest merged (E5:F8 less rows 5-7 is "
              "E5:F5); LibreOffice unmerges it",
    "formulas": "a reference into deleted rows: Excel writes #REF!, LibreOffice keeps the column (F#REF!)",
    "validated": "inserted rows: LibreOffice gives them the validation of the row above; Excel grows a "
                 "validation only over rows inserted inside its range",
}


def candidates() -> list[Path]:
    """Small corpus workbooks whose first sheet carries the features row operations move, each feature in turn."""
    by_feature: dict[bytes, list[Path]] = {feature: [] for feature in FEATURES}
    for path in sorted(CORPUS.rglob("*.xlsx")):
        if "bad" in path.relative_to(CORPUS).parts or path.stat().st_size > 200_000:
            continue
        try:
            with zipfile.ZipFile(path) as zf:
                names = zf.namelist()
                if "xl/worksheets/sheet1.xml" not in names or any("pivot" in n for n in names):
                    continue
                data = zf.read("xl/worksheets/sheet1.xml") + zf.read("xl/workbook.xml")
        except (zipfile.BadZipFile, KeyError, OSError):
            continue
        for feature in FEATURES:
            if feature in data:
                by_feature[feature].append(path)
    chosen: list[Path] = []
    for turn in range(FILES):
        for paths in by_feature.values():
            fresh = [p for p in paths[turn:] if p not in chosen]
            if fresh and len(chosen) < FILES:
                chosen.append(fresh[0])
    return chosen


def govsheet_edit(src: Path, out: Path, op: str) -> bool:
    try:
        with Book.open(src) as book:
            sheet = book.sheet(book.sheet_names[0])
            getattr(sheet, f"{op}_rows")(2, 3)
            book.save(out)
    except GovsheetError:
        return False  # refused (a pivot table, a cut array formula, ...) or not a workbook govsheet opens
    return True


def _row(ref: str) -> int:
    return int(re.sub(r"[A-Z$]+", "", ref.split(":", maxsplit=1)[0].split("=", maxsplit=1)[0]))


def explained(key: str, ours: Any, theirs: Any, op: str) -> bool:
    """Whether a difference is one of DEVIATIONS."""
    if key == "merged" and op == "delete":
        return set(theirs) <= set(ours) and all(_row(m) == 2 for m in set(ours) - set(theirs))
    if key == "formulas":
        return [[re.sub(r"\b[A-Z]{1,3}\$?#REF!", "#REF!", str(f)) for f in row] for row in theirs] == ours
    if key == "validated" and op == "insert":
        return set(ours) <= set(theirs) and all(_row(c) in (2, 3) for c in set(theirs) - set(ours))
    return False


@pytest.fixture(scope="module")
def compared(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    if not SYSTEM_PYTHON.is_file() or shutil.which("soffice") is None:
        pytest.fail("LibreOffice with its system python (python3-uno) is needed")
    tmp = tmp_path_factory.mktemp("lo-rows")
    jobs = []
    for i, src in enumerate(candidates()):
        for op in ("delete", "insert"):
            copy, ours = tmp / f"{i}-{op}-src.xlsx", tmp / f"{i}-{op}-govsheet.xlsx"
            shutil.copyfile(src, copy)
            if govsheet_edit(copy, ours, op):
                jobs.append({"src": str(copy), "ours": str(ours), "op": op, "first": 2, "last": 3,
                             "name": str(src.relative_to(CORPUS))})
    (tmp / "jobs.json").write_text(json.dumps(jobs))
    run_bounded([str(SYSTEM_PYTHON), str(HELPER), str(tmp / "jobs.json"), str(tmp / "out.json"), str(tmp / "lo")],
                timeout=240)
    results: list[dict[str, Any]] = json.loads((tmp / "out.json").read_text())
    for job, result in zip(jobs, results, strict=True):
        result["name"] = job["name"]
    return results


def test_libreoffice_and_govsheet_agree_on_rows_deleted_and_inserted(compared: list[dict[str, Any]]) -> None:
    assert len(compared) >= FILES  # the corpus offers enough workbooks with these features that govsheet edits
    differences = {}
    for entry in compared:
        if "error" in entry:
            differences[f'{entry["name"]} {entry["op"]}'] = entry["error"]
            continue
        theirs, ours = entry["libreoffice"], entry["govsheet"]
        for key in theirs:
            if theirs[key] != ours[key] and not explained(key, ours[key], theirs[key], entry["op"]):
                differences[f'{entry["name"]} {entry["op"]} {key}'] = (str(ours[key])[:200], str(theirs[key])[:200])
    assert differences == {}
