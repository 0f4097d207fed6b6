"""The one door to a workbook: opened once, each sheet read once, the same answers as opening anew."""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

import pytest

from govsheet import api
from govsheet.errors import WorkbookError
from govsheet.validate.engine import validate_workbook
from govsheet.workbook.layout import AUDIT_SHEET
from govsheet.workbook.meta import read_pairs
from govsheet.workbook.open import OpenedWorkbook
from govsheet.workbook.read import open_calamine, read_actions
from govsheet.xlsx import Book
from tests.returns.helpers import make_master


@pytest.fixture
def master(tmp_path: Path) -> Path:
    return make_master(tmp_path / "master.xlsx")


def test_each_sheet_is_read_once_and_shared_by_every_reader(master: Path) -> None:
    with OpenedWorkbook.open(master) as opened:
        schema = opened.master_schema()
        grid = opened.grid(schema.sheet)
        assert opened.get_sheet_by_name(schema.sheet).to_python(skip_empty_area=False) is grid
        assert opened.grid(schema.sheet) is grid
        table = opened.actions(schema)
    fresh = read_actions(master, schema)
    assert [(r.number, r.values) for r in table.rows] == [(r.number, r.values) for r in fresh.rows]


def test_metadata_audit_rows_and_hash_match_a_fresh_read(master: Path) -> None:
    with OpenedWorkbook.open(master) as opened:
        assert opened.meta == read_pairs(open_calamine(master))
        assert opened.meta is not None
        assert opened.meta["kind"] == "master"
        assert opened.baseline is None  # only returns carry one
        audit = open_calamine(master).get_sheet_by_name(AUDIT_SHEET).to_python(skip_empty_area=False)
        assert opened.audit_rows == [list(r) for r in audit[1:]]
        assert opened.sha256 == hashlib.sha256(master.read_bytes()).hexdigest()
        assert opened.active_findings == []


def test_a_return_carries_its_baseline(master: Path, tmp_path: Path) -> None:
    issued = api.issue(master, tmp_path / "returns")
    path = issued.returns[0].path
    with OpenedWorkbook.open(path) as opened:
        assert opened.meta is not None
        assert opened.meta["kind"] == "return"
        assert opened.baseline
        with pytest.raises(WorkbookError, match=r"has no 'Audit' sheet; is it a govsheet master\?"):
            _ = opened.audit_rows


def test_a_returns_checksum_is_worked_out_once_for_its_reader_and_the_validator(
        master: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import govsheet.workbook.meta as meta_module
    from govsheet.errors import ReturnError
    from govsheet.returns.meta import read_return_meta

    path = api.issue(master, tmp_path / "returns").returns[0].path
    sums: list[str] = []
    real = meta_module.checksum

    def counted(pairs: dict[str, str], baseline: dict[str, dict[str, str]]) -> str:
        sums.append(real(pairs, baseline))
        return sums[-1]

    monkeypatch.setattr(meta_module, "checksum", counted)
    with OpenedWorkbook.open(path) as opened:
        assert read_return_meta(path, opened).return_id
        assert validate_workbook(path, expect="return", opened=opened).ok
    assert len(sums) == 1
    # the baseline altered by hand: the reader and the rule both still refuse it
    book = Book.open(path)
    baseline = book.sheet("_govsheet_baseline")
    fields = json.loads(str(baseline.cell("B2").value))
    fields[next(iter(fields))] = "Not what was issued"
    baseline.set("B2", json.dumps(fields))
    book.save()
    with OpenedWorkbook.open(path) as opened:
        with pytest.raises(ReturnError, match="checksum mismatch"):
            read_return_meta(path, opened)
        codes = {p.code for p in validate_workbook(path, expect="return", opened=opened).errors}
    assert "meta-altered" in codes


def test_validating_the_opened_workbook_finds_what_validating_the_file_finds(master: Path, tmp_path: Path) -> None:
    issued = api.issue(master, tmp_path / "returns")
    path = issued.returns[0].path
    book = Book.open(path)
    sheet = book.sheet("Actions")
    sheet.set("A2", "")  # a blank reference: an error the validator reports
    book.save()
    with OpenedWorkbook.open(path) as opened:
        shared = validate_workbook(path, expect="return", opened=opened)
    alone = validate_workbook(path, expect="return")
    assert shared.to_dict() == alone.to_dict()
    assert not alone.ok


def test_a_missing_sheet_is_named_with_the_sheets_there_are(master: Path) -> None:
    with OpenedWorkbook.open(master) as opened, pytest.raises(WorkbookError) as err:
        opened.grid("Nowhere")
    assert str(err.value).startswith(f"{master}: has no sheet named 'Nowhere' (sheets: 'Actions'")


def test_what_cannot_be_opened_is_refused_in_one_line(tmp_path: Path) -> None:
    missing = tmp_path / "gone.xlsx"
    with pytest.raises(WorkbookError) as err:
        OpenedWorkbook.open(missing)
    assert str(err.value) == f"{missing}: file not found; check the path"
    other = tmp_path / "notes.xlsx"
    with zipfile.ZipFile(other, "w") as zf:
        zf.writestr("word/document.xml", "<document/>")
    with pytest.raises(WorkbookError) as err:
        OpenedWorkbook.open(other)
    assert str(err.value) == (f"{other}: is a Word document, not an Excel workbook (it has no workbook part); "
                              "check you picked the right file, or save it from Excel as .xlsx")


def test_a_sheet_parsed_in_the_background_gives_the_grid_a_plain_read_gives(master: Path) -> None:
    with OpenedWorkbook.open(master) as plain:
        expected = {name: plain.grid(name) for name in plain.sheet_names}
    with OpenedWorkbook.open(master) as opened:
        opened.prefetch("Actions", "Nowhere", AUDIT_SHEET, "Actions")  # in turn; a missing one left out
        opened.prefetch("Owners")  # one prefetch at a time: this sheet is read when asked for
        # taken in any order; calamine's sheet records wait for the parses, then read as usual
        assert opened.grid(AUDIT_SHEET) == expected[AUDIT_SHEET]
        assert [s.name for s in opened.sheets_metadata] == opened.sheet_names
        assert opened.get_sheet_by_name("Actions").to_python(skip_empty_area=False) == expected["Actions"]
        assert opened.grid("Owners") == expected["Owners"]
        opened.prefetch("Actions")  # already read: nothing to do
        opened.prefetch("Nowhere")
        assert opened.grid("Actions") is opened.grid("Actions")
        with pytest.raises(WorkbookError, match="has no sheet named 'Nowhere'"):
            opened.grid("Nowhere")
    with OpenedWorkbook.open(master) as opened:
        opened.prefetch(AUDIT_SHEET)
        opened.grid(AUDIT_SHEET)
        opened.prefetch("Actions")  # the last parse has ended: another may start
        assert opened.grid("Actions") == expected["Actions"]


def test_a_background_parse_that_fails_says_so_where_the_grid_is_asked_for(master: Path, tmp_path: Path) -> None:
    from tests.hostile.cases import actions_part, read_part, rebuild

    part = actions_part(master)
    broken = rebuild(master, tmp_path / "broken.xlsx",
                     {part: read_part(master, part).replace(b"</sheetData>", b"</sheetDat>", 1)})
    messages = []
    for ahead in (False, True):
        with OpenedWorkbook.open(broken) as opened:
            if ahead:
                opened.prefetch("Actions", AUDIT_SHEET)
            with pytest.raises(WorkbookError) as err:
                opened.grid("Actions")
            messages.append(str(err.value))
            assert opened.audit_rows == []  # the sheet parsed after the broken one is read
    assert messages[0] == messages[1]
    assert messages[0].startswith(f"{broken}: ")
    assert "'Actions'" in messages[0]


def test_a_workbook_closed_during_a_background_parse_closes(master: Path) -> None:
    opened = OpenedWorkbook.open(master)
    opened.prefetch("Actions")
    opened.close()
    assert opened.package._zip.fp is None


def test_a_big_workbook_is_opened_by_calamine_while_its_sheets_are_checked(
        master: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    import govsheet.workbook.open as door
    from tests.hostile.cases import actions_part, read_part, rebuild

    part = actions_part(master)
    far = rebuild(master, tmp_path / "far.xlsx",
                  {part: read_part(master, part).replace(b"</sheetData>", b'<row r="1048577"><c r="A1048577"><v>1</v></c></row>'
                                                                          b"</sheetData>", 1)})
    strings = rebuild(master, tmp_path / "strings.xlsx",
                      {"xl/sharedStrings.xml": read_part(master, "xl/sharedStrings.xml").replace(b"</sst>", b"</ss>")})

    def outcome(path: Path) -> object:
        try:
            with OpenedWorkbook.open(path) as opened:
                return {name: opened.grid(name) for name in opened.sheet_names}
        except WorkbookError as exc:
            return str(exc)

    in_turn = [outcome(p) for p in (master, far, strings)]
    monkeypatch.setattr(door, "_BACKGROUND_OPEN_BYTES", 0)  # every file opened on a thread beside the check
    assert [outcome(p) for p in (master, far, strings)] == in_turn
    assert isinstance(in_turn[0], dict)
    assert in_turn[1] == (f"{far}: part {part} has a cell beyond Excel's last row or column; the file is damaged or "
                          "crafted, open it in Excel and save it again")
    assert in_turn[2] == f"{strings}: the workbook cannot be read (sst); open the file in Excel and save it again"
    assert not [t for t in threading.enumerate() if t.name == "govsheet: open the workbook"]
