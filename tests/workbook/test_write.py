"""The master workbook: what an officer sees when it is opened in Excel or LibreOffice."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from govsheet.importer.master import write_master
from govsheet.model.tracker import Action, Run, Tracker
from govsheet.schemas import load_schema, schema_hash
from govsheet.workbook.meta import META_SHEET, read_meta
from govsheet.workbook.read import read_actions
from govsheet.workbook.write import sheet_widths
from tests.conftest import libreoffice_convert, read_csv_rows

SCHEMA = load_schema("ags-action-plan")


def _tracker() -> Tracker:
    rows = [
        {
            "ref": "1",
            "action": "Report progress",
            "officer": "Group Manager Assurance",
            "target": "March 2021",
            "target_date": dt.date(2021, 3, 31),
            "status": "In progress",
            "progress": "Going well",
        },
        {
            "ref": "1a",
            "parent": "1",
            "action": "LGA Peer Review",
            "officer": "Group Manager Assurance",
            "status": "Completed",
            "progress": "Done.\n\nSecond paragraph",
        },
        {
            "ref": "2",
            "action": '=HYPERLINK("http://evil","x")',
            "officer": "Chief Executive",
            "target": "Continuous in 2020/21",
            "status": "Yet to start",
            "progress": "@SUM(A1)",
        },
    ]
    actions = [Action(values=r) for r in rows]
    actions[1].rich["action"] = (Run(text="LGA ", italic=False), Run(text="Peer Review", italic=True))
    return Tracker(schema_name=SCHEMA.name, actions=actions)


@pytest.fixture
def written(tmp_path: Path) -> Path:
    return write_master(_tracker(), SCHEMA, tmp_path / "master.xlsx", round_label="2021-Q1")


def _sheet_xml(path: Path, n: int = 1) -> str:
    with zipfile.ZipFile(path) as zf:
        return zf.read(f"xl/worksheets/sheet{n}.xml").decode()


def test_actions_sheet_holds_every_value_with_icon_column_after_status(written: Path) -> None:
    rows = CalamineWorkbook.from_path(str(written)).get_sheet_by_name("Actions").to_python()
    assert rows[0] == [
        "Ref",
        "Part of",
        "Planned Action",
        "Officer responsible",
        "Target date for completion",
        "Target (as date)",
        "Progress status",
        "Icon",
        "Progress update",
        "Proposed target",
        "Reason for new target",
        "Original target",
        "Target revisions",
    ]
    assert rows[1] == [
        "1",
        "",
        "Report progress",
        "Group Manager Assurance",
        "March 2021",
        dt.date(2021, 3, 31),
        "In progress",
        2.0,
        "Going well",
        "", "", "", "",
    ]
    assert rows[2][2] == "LGA Peer Review"
    assert rows[2][6:9] == ["Completed", 3.0, "Done.\n\nSecond paragraph"]
    assert rows[3][7] == 1.0


def test_formula_like_text_is_stored_as_text_never_as_a_formula(written: Path) -> None:
    xml = _sheet_xml(written)
    formulas = re.findall(r"<f>(.*?)</f>", xml)
    assert len(formulas) == 3
    assert all(f.startswith("IFERROR(MATCH($G") for f in formulas)
    rows = CalamineWorkbook.from_path(str(written)).get_sheet_by_name("Actions").to_python()
    assert rows[3][2] == '=HYPERLINK("http://evil","x")'
    assert rows[3][8] == "@SUM(A1)"


def test_header_is_frozen_filtered_and_printed_on_every_page(written: Path) -> None:
    xml = _sheet_xml(written)
    assert '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>' in xml
    assert '<autoFilter ref="A1:M4"/>' in xml
    assert 'orientation="landscape"' in xml
    assert 'paperSize="9"' in xml
    assert '<pageSetUpPr fitToPage="1"/>' in xml
    assert "Page &amp;P of &amp;N" in xml
    with zipfile.ZipFile(written) as zf:
        book = zf.read("xl/workbook.xml").decode()
    assert '<definedName name="_xlnm.Print_Titles" localSheetId="0">Actions!$1:$1</definedName>' in book
    # the request and target-history columns are on screen, not on the printed tracker
    assert '<definedName name="_xlnm.Print_Area" localSheetId="0">Actions!$A$1:$I$100001</definedName>' in book


def test_status_is_a_dropdown_with_fill_and_a_live_icon(written: Path) -> None:
    xml = _sheet_xml(written)
    assert re.search(r'<dataValidation type="list"[^>]*sqref="G2:G4"', xml)
    assert '<formula1>"Yet to start,In progress,Completed"</formula1>' in xml
    fills = re.findall(r'<cfRule type="cellIs" dxfId="\d" priority="\d" operator="equal"><formula>(.*?)</formula>', xml)
    assert fills == ['"Yet to start"', '"In progress"', '"Completed"']
    # three statuses: the icon formula's 1, 2 or 3 is shown as the schema's glyph by a number format
    assert 'type="iconSet"' not in xml
    with zipfile.ZipFile(written) as zf:
        styles = zf.read("xl/styles.xml").decode()
    assert '<numFmt numFmtId="165" formatCode="[=1]&quot;○&quot;;[=2]&quot;◐&quot;;&quot;●&quot;"/>' in styles
    assert '<name val="Segoe UI Symbol"/>' in styles


def test_columns_take_the_schema_widths_and_wrap(written: Path) -> None:
    xml = _sheet_xml(written)
    widths = [float(w) for w in re.findall(r'<col min="\d+" max="\d+" width="([\d.]+)"', xml)]
    # the helper columns (Part of, Icon) are narrow, Target as date as wide as a date spelt out; the
    # wrapped ones share what is left of an A4 landscape page at 85 %, so the text prints at 8.5 points
    assert [round(w - 0.71) for w in widths] == sheet_widths(SCHEMA)
    assert sheet_widths(SCHEMA) == [7, 8, 33, 21, 18, 16, 16, 5, 41, 16, 36, 16, 40]


def test_italics_are_kept_as_rich_text(written: Path) -> None:
    with zipfile.ZipFile(written) as zf:
        strings = zf.read("xl/sharedStrings.xml").decode()
    assert re.search(r"<r><rPr><i/>.*?</rPr><t>Peer Review</t></r>", strings)


def test_metadata_sheet_is_very_hidden_and_names_schema_and_round(written: Path) -> None:
    with zipfile.ZipFile(written) as zf:
        book = zf.read("xl/workbook.xml").decode()
    assert f'<sheet name="{META_SHEET}" sheetId="4" state="veryHidden"' in book
    meta = read_meta(written)
    assert meta is not None
    assert meta["kind"] == "master"
    assert meta["schema"] == "ags-action-plan"
    assert meta["schema_hash"] == schema_hash(SCHEMA)
    assert meta["round"] == "2021-Q1"


def test_audit_sheet_is_empty_with_its_columns(written: Path) -> None:
    rows = CalamineWorkbook.from_path(str(written)).get_sheet_by_name("Audit").to_python()
    assert rows == [
        [
            "When",
            "Round",
            "Return id",
            "Owner",
            "Ref",
            "Field",
            "Old value",
            "New value",
            "Outcome",
            "Reason",
            "Source file",
            "Source SHA-256",
            "Row hash",
        ]
    ]


def test_reader_gives_back_the_tracker_with_cell_locations(written: Path) -> None:
    table = read_actions(written, SCHEMA)
    assert table.header_row == 1
    assert table.cell("status", 3) == "G3"
    assert [r.number for r in table.rows] == [2, 3, 4]
    tracker = table.to_tracker(SCHEMA)
    assert tracker.keys("ref") == ["1", "1a", "2"]
    assert tracker.actions[0].get("target_date") == dt.date(2021, 3, 31)


def test_write_refuses_a_missing_folder(tmp_path: Path) -> None:
    from govsheet.errors import WorkbookError

    with pytest.raises(WorkbookError, match="the folder does not exist"):
        write_master(_tracker(), SCHEMA, tmp_path / "nope" / "m.xlsx")


def test_write_refuses_a_cell_longer_than_excel_allows(tmp_path: Path) -> None:
    from govsheet.errors import WorkbookError

    tracker = _tracker()
    tracker.actions[0].values["progress"] = "x" * 32_768
    with pytest.raises(WorkbookError, match="32,768 characters; Excel allows 32,767"):
        write_master(tracker, SCHEMA, tmp_path / "m.xlsx")
    assert not list(tmp_path.iterdir())


@pytest.mark.libreoffice
def test_libreoffice_shows_the_same_cells_and_the_icon_values(written: Path, tmp_path: Path) -> None:
    rows = read_csv_rows(libreoffice_convert(written, "csv", tmp_path / "lo", sheet=1))
    assert rows[0][6:8] == ["Progress status", "Icon"]
    assert [r[0] for r in rows[1:]] == ["1", "1a", "2"]
    assert [r[7] for r in rows[1:]] == ["◐", "●", "○"]  # the values 2, 3, 1 shown as their icons
    assert rows[1][5] == "31 March 2021"
    assert rows[3][2] == '=HYPERLINK("http://evil","x")'


def test_a_cell_that_is_one_italic_run_is_written_italic(tmp_path: Path) -> None:
    tracker = _tracker()
    tracker.actions[0].rich["progress"] = (Run(text="Going well", italic=True),)
    path = write_master(tracker, SCHEMA, tmp_path / "m.xlsx")
    from openpyxl import load_workbook

    cell = load_workbook(path)["Actions"]["I2"]
    assert cell.value == "Going well"
    assert cell.font.i is True
    assert cell.font.name == "Arial"
    assert cell.alignment.wrap_text is True


def test_masters_are_readable_like_any_saved_file(written: Path) -> None:
    import os
    import stat

    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(written.stat().st_mode) == 0o666 & ~umask


def test_rows_are_tall_enough_for_their_wrapped_text(written: Path) -> None:
    heights = dict(re.findall(r'<row r="(\d+)"[^>]* ht="([\d.]+)" customHeight="1"', _sheet_xml(written)))
    assert heights["1"] == "30"
    assert heights["2"] == "15.75"  # one line
    assert heights["3"] == "41.25"  # "Done." + blank line + a second paragraph: three lines


def test_row_height_stops_at_excels_limit() -> None:
    from govsheet.workbook.write import row_height

    action = Action(values={"progress": "word " * 20_000})
    assert row_height(action, SCHEMA) == 409


def test_whole_italic_cell_in_an_editable_return_column_stays_unlocked(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from govsheet.returns.write import ReturnFormats
    from govsheet.workbook.write import write_actions, write_atomic

    tracker = _tracker()
    tracker.actions[0].rich["progress"] = (Run(text="Going well", italic=True),)

    def build(book: object) -> None:
        sheet = book.add_worksheet("Actions")  # type: ignore[attr-defined]
        write_actions(sheet, ReturnFormats(book, SCHEMA), SCHEMA, tracker.actions)

    cell = load_workbook(write_atomic(tmp_path / "r.xlsx", build))["Actions"]["I2"]
    assert (cell.value, cell.font.i, cell.protection.locked, cell.alignment.wrap_text) == (
        "Going well", True, False, True)
