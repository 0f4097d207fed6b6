"""CSV and xlsx imports: headers mapped by title or alias, spreadsheet numbers and dates read as officers mean."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
import xlsxwriter

from govsheet import api
from govsheet.cli import main as cli_main
from govsheet.errors import SourceError
from tests.conftest import libreoffice_convert
from tests.importer.sheet import rows_by_key

SCHEMA = "ags-action-plan"


def write_csv(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path

NO_REQUEST = {"proposed_target": None, "target_reason": None, "original_target": None, "target_revisions": None}


def test_csv_with_aliases_and_stray_spaces_imports(tmp_path: Path) -> None:
    source = write_csv(tmp_path / "plan.csv", (
        "Reference,Planned action,Owner, Target ,Status,Progress narrative\r\n"
        "1,Review the code,Group Manager,March 2021, Completed,Done in July.\r\n"
        "2,Train members,Chief Executive,Ongoing,In progres,\r\n"))
    tracker, report = api.read_source(source, SCHEMA)
    assert [a.values for a in tracker.actions] == [
        {"ref": "1", "parent": None, "action": "Review the code", "officer": "Group Manager",
         "target": "March 2021", "target_date": dt.date(2021, 3, 31), "status": "Completed",
         "progress": "Done in July.",
         **NO_REQUEST},
        {"ref": "2", "parent": None, "action": "Train members", "officer": "Chief Executive",
         "target": "Ongoing", "target_date": None, "status": "In progress", "progress": None,
         **NO_REQUEST},
    ]
    notes = [str(n) for n in report.notes]
    assert "line 1: map: column 'Reference' read as 'Ref'" in notes
    assert "line 1: map: column 'Owner' read as 'Officer responsible'" in notes
    assert "line 3 [2]: repair: status 'In progres' read as 'In progress'" in notes
    assert "line 1: guess: no column for 'Part of'; left blank" in notes


def test_csv_in_windows_1252_with_semicolons_imports(tmp_path: Path) -> None:
    source = write_csv(tmp_path / "plan.csv", (
        "Ref;Planned Action;Officer responsible;Progress status\n"
        "4;Equality Impact Assessments \u2013 review;Service Director \u2013 Customers;Yet to start\n"), "cp1252")
    tracker, _ = api.read_source(source, SCHEMA)
    assert tracker.actions[0].values["action"] == "Equality Impact Assessments \u2013 review"
    assert tracker.actions[0].values["status"] == "Yet to start"


def make_xlsx(path: Path) -> Path:
    """A workbook as an officer might keep one: a title row, numeric refs, a real date in the target column."""
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Plan")
    date = book.add_format({"num_format": "dd/mm/yyyy"})
    sheet.write_row(0, 0, ["Council action plan 2020/21"])
    sheet.write_row(1, 0, ["Action no", "Action", "Responsible officer", "Target date", "Progress", "Notes"])
    sheet.write_row(2, 0, [1, "Review the Local Code", "Group Manager Assurance"])
    sheet.write_datetime(2, 3, dt.date(2021, 3, 31), date)
    sheet.write_row(2, 4, ["Complete", "=SUM(1,2)"])
    sheet.write_row(3, 0, [2.0, "Post-pandemic review", "Chief Executive", "October 2020", "Ongoing", "note"])
    book.close()
    return path


def test_xlsx_numbers_and_dates_are_read_as_written(tmp_path: Path) -> None:
    tracker, report = api.read_source(make_xlsx(tmp_path / "plan.xlsx"), SCHEMA)
    first, second = (a.values for a in tracker.actions)
    assert first["ref"] == "1"
    assert second["ref"] == "2"
    assert first["target"] == "31 March 2021"
    assert first["target_date"] == dt.date(2021, 3, 31)
    assert first["status"] == "Completed"
    assert second["status"] == "In progress"
    assert second["target_date"] == dt.date(2020, 10, 31)
    notes = [str(n) for n in report.notes]
    assert "line 2: skip: column 'Notes' matches no field and was not imported" in notes
    assert "line 2: map: column 'Action no' read as 'Ref'" in notes


def test_a_master_imports_back_to_the_same_tracker(tmp_path: Path) -> None:
    from tests.conftest import SEEDS

    original, _ = api.read_source(SEEDS[SCHEMA], SCHEMA)
    master = tmp_path / "master.xlsx"
    api.import_tracker(SEEDS[SCHEMA], SCHEMA, master)
    again, report = api.read_source(master, SCHEMA)
    assert [a.values for a in again.actions] == [a.values for a in original.actions]
    assert [a.rich for a in again.actions] == [a.rich for a in original.actions]
    assert len([a for a in again.actions if a.rich]) == 1  # 1a's italic subheadings
    assert [n for n in report.notes if n.kind in {"skip", "guess"}] == []


@pytest.mark.libreoffice
def test_xlsx_resaved_by_libreoffice_imports(tmp_path: Path) -> None:
    saved = libreoffice_convert(make_xlsx(tmp_path / "made.xlsx"), "xlsx", tmp_path / "lo")
    tracker, _ = api.read_source(saved, SCHEMA)
    assert [(a.values["ref"], a.values["target"], a.values["target_date"], a.values["status"])
            for a in tracker.actions] == [
        ("1", "31 March 2021", dt.date(2021, 3, 31), "Completed"),
        ("2", "October 2020", dt.date(2020, 10, 31), "In progress"),
    ]


def test_import_writes_a_master_from_csv(tmp_path: Path) -> None:
    source = write_csv(tmp_path / "plan.csv", "Ref,Planned Action,Officer responsible,Progress status\n"
                                              "7,Shadow the FM code,Group Manager,In progress\n")
    out = tmp_path / "m.xlsx"
    api.import_tracker(source, SCHEMA, out, report=tmp_path / "r.txt")
    row = rows_by_key(out)["7"]
    assert (row["Planned Action"], row["Progress status"], row["Icon"]) == ("Shadow the FM code", "In progress", 2.0)
    assert (tmp_path / "r.txt").read_text(encoding="utf-8").startswith(f"govsheet import report: {source}\n")


@pytest.mark.parametrize(("name", "content", "message"), [
    ("junk.csv", "Colour,Size\nred,big\n", "no header row matches the ags-action-plan schema; the columns must be "
                                            "titled 'Ref', 'Part of', 'Planned Action'"),
    ("junk.txt", "\n\nFruit\tVeg\napple\tleek\n", "no header row matches the ags-action-plan schema; the extract's "
                                                  "columns must be titled 'Ref', 'Part of', 'Planned Action', "
                                                  "'Officer responsible', ...; check the --schema"),
    ("old.xls", "whatever", "is a legacy .xls file; open it in Excel and save it as .xlsx"),
    ("plan.pdf", "%PDF", "is not a kind govsheet imports; give a .xlsx, .csv or seed .txt/.tsv file"),
])
def test_unreadable_sources_raise_one_clear_source_error(tmp_path: Path, name: str, content: str,
                                                          message: str) -> None:
    source = tmp_path / name
    source.write_text(content, encoding="utf-8")
    with pytest.raises(SourceError) as caught:
        api.read_source(source, SCHEMA)
    assert str(caught.value).startswith(f"{source}: {message}")


def test_missing_file_raises_source_error(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match=r"nothing\.txt: file not found; check the path$"):
        api.read_source(tmp_path / "nothing.txt", SCHEMA)


def test_binary_seed_file_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "plan.txt"
    source.write_bytes(b"PK\x03\x04\x00\x00binary")
    with pytest.raises(SourceError, match=r"is a binary file, not a text extract"):
        api.read_source(source, SCHEMA)


def test_seed_with_wrong_schema_is_refused(tmp_path: Path) -> None:
    from tests.conftest import SEEDS

    source = shutil.copy(SEEDS["governance-review"], tmp_path / "review.txt")
    with pytest.raises(SourceError, match=r"no header row matches the ags-action-plan schema"):
        api.read_source(Path(source), SCHEMA)


def test_cli_reports_a_source_matching_nothing_in_one_line_with_exit_2(tmp_path: Path,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    source = write_csv(tmp_path / "junk.csv", "Colour,Size\nred,big\n")
    with pytest.raises(SystemExit) as exited:
        cli_main(["import", str(source), "--schema", SCHEMA, "-o", str(tmp_path / "m.xlsx")])
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith(f"govsheet: {source}: no header row matches the ags-action-plan schema; the columns must "
                          "be titled 'Ref', 'Part of', ")
    assert err.count("\n") == 1
    assert not (tmp_path / "m.xlsx").exists()
