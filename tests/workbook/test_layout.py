"""govsheet's own sheet layout: the icon column beside the status, recognised by its formula."""

from __future__ import annotations

from pathlib import Path

from python_calamine import CalamineWorkbook

from govsheet.importer.master import write_master
from govsheet.model.tracker import Action, Tracker
from govsheet.schemas import load_schema
from govsheet.workbook.layout import icon_formula, icon_position, is_icon_formula, refresh_icon
from govsheet.xlsx import Book

SCHEMA = load_schema("ags-action-plan")


def _master(path: Path) -> Path:
    actions = [Action(values={"ref": "1", "action": "Report", "officer": "Chief Executive", "status": "Yet to start"})]
    return write_master(Tracker(schema_name=SCHEMA.name, actions=actions), SCHEMA, path, round_label="R1")


def _status_cell(book: Book) -> str:
    sheet = book.sheet(SCHEMA.sheet)
    col = next(c for c in range(1, 20) if sheet.cell(f"{chr(64 + c)}1").value == SCHEMA.status_field.title)
    return f"{chr(64 + col)}2"


def test_the_icon_formula_written_is_the_one_recognised() -> None:
    assert is_icon_formula(icon_formula(SCHEMA, "D2"))
    assert is_icon_formula(icon_formula(SCHEMA, "D2").lstrip("="))  # as the sheet XML stores it
    assert is_icon_formula('iferror(match(D2,{"a"},0),"")')  # a re-save may change the case


def test_other_formulas_are_not_the_icon_column() -> None:
    assert not is_icon_formula("MATCH(D2,$Z$1:$Z$3,0)")
    assert not is_icon_formula('=INDEX(A:A,MATCH("x",B:B,0))')
    assert not is_icon_formula("")
    assert not is_icon_formula(None)


def test_icon_position_counts_the_vocabulary_from_one() -> None:
    labels = [s.label for s in SCHEMA.statuses]
    assert [icon_position(SCHEMA, label) for label in labels] == list(range(1, len(labels) + 1))
    assert icon_position(SCHEMA, "Not a status") == ""


def test_refresh_icon_caches_the_new_position_beside_a_changed_status(tmp_path: Path) -> None:
    master = _master(tmp_path / "master.xlsx")
    book = Book.open(master)
    cell = _status_cell(book)
    done = SCHEMA.statuses[-1].label
    book.sheet(SCHEMA.sheet).set(cell, done)
    refresh_icon(book.sheet(SCHEMA.sheet), SCHEMA, cell, done)
    book.save(tmp_path / "out.xlsx")
    grid = CalamineWorkbook.from_path(str(tmp_path / "out.xlsx")).get_sheet_by_name(SCHEMA.sheet).to_python()
    column = ord(cell[0]) - 65
    assert grid[1][column] == done
    assert grid[1][column + 1] == len(SCHEMA.statuses)


def test_refresh_icon_leaves_someone_elses_column_alone(tmp_path: Path) -> None:
    master = _master(tmp_path / "master.xlsx")
    book = Book.open(master)
    cell = _status_cell(book)
    icon = f"{chr(ord(cell[0]) + 1)}2"
    book.sheet(SCHEMA.sheet).set_formula(icon, "LEN(A2)", cached=1)
    refresh_icon(book.sheet(SCHEMA.sheet), SCHEMA, cell, SCHEMA.statuses[-1].label)
    assert book.sheet(SCHEMA.sheet).cell(icon).formula.lstrip("=") == "LEN(A2)"
    assert book.sheet(SCHEMA.sheet).cell(icon).value == 1
