"""The column passes of the rules give the same findings whether a column is all text (the fast passes)
or holds numbers, dates or None among its text (the cell-by-cell passes)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from govsheet.schemas import load_schema
from govsheet.validate.context import Context
from govsheet.validate.rules import crossfield, formulas, keys, status, values
from govsheet.validate.scan import SheetScan
from govsheet.validate.table import table_from_rows

PATH = Path("tracker.xlsx")
TODAY = dt.date(2020, 6, 1)
SCHEMA = load_schema("ags-action-plan")
NAMES = [f.name for f in SCHEMA.fields]
RULES = (keys.check, values.check, status.check, crossfield.check, formulas.check)  # those reading whole columns


def _row(**values: Any) -> list[Any]:
    base = {"ref": "1", "action": "Review the register", "officer": "Head of Audit", "target": "March 2021",
            "target_date": dt.date(2021, 3, 31), "status": "In progress"}
    cells = {**base, **values}
    return [cells.get(name, "") for name in NAMES]


def _findings(*rows: list[Any]) -> list[tuple[str, str | None]]:
    grid = [[f.title for f in SCHEMA.fields], *rows]
    data, table = table_from_rows(PATH, "Actions", grid, SCHEMA)
    ctx = Context(path=PATH, schema=SCHEMA, table=table, rows=data, scan=SheetScan(), meta=None, today=TODAY)
    return [(p.code, p.where.cell) for rule in RULES for p in rule(ctx)]


def test_pattern_and_blank_references_in_text_and_in_numbers() -> None:
    text = _findings(_row(ref="1"), _row(ref="x!"), _row(ref=" "), _row(ref="4", parent="x"))
    mixed = _findings(_row(ref=1.0), _row(ref="x!"), _row(ref=" "), _row(ref=4.0, parent="x"))
    expected = [("key-missing", "A4"), ("parent-unknown", "B5"), ("pattern-mismatch", "A3"),
                ("pattern-mismatch", "B5")]
    assert sorted(text) == sorted(mixed) == expected


def test_a_stray_parent_among_numbers() -> None:
    assert sorted(_findings(_row(ref="1"), _row(ref="2", parent=1.0), _row(ref="3", parent=7.0))) == [
        ("parent-unknown", "B4")]


def test_required_cells_blank_as_none_spaces_or_empty() -> None:
    text = _findings(_row(officer=""), _row(ref="2", officer="  "), _row(ref="3"))
    mixed = _findings(_row(officer=None), _row(ref="2", officer="  "), _row(ref="3", officer=5.0))
    assert sorted(text) == sorted(mixed) == [("required-missing", "D2"), ("required-missing", "D3")]


def test_formula_like_text_beside_a_number() -> None:
    text = _findings(_row(progress="=SUM(A1)"), _row(ref="2", progress="- agreed in May"), _row(ref="3"))
    mixed = _findings(_row(progress="=SUM(A1)"), _row(ref="2", progress="- agreed in May"),
                      _row(ref="3", progress=3.0))
    assert text == mixed == [("formula-like-text", "H2")]


def test_dates_typed_as_text_and_derived_dates_that_disagree() -> None:
    found = _findings(_row(), _row(ref="2", target_date="31/03/2021"),
                      _row(ref="3", target_date=dt.date(2021, 4, 30)), _row(ref="4", target_date=dt.date(2021, 4, 30)))
    assert sorted(found) == [("date-as-text", "F3"), ("derived-mismatch", "F4"), ("derived-mismatch", "F5")]


def test_a_status_read_as_a_synonym_on_each_of_its_cells() -> None:
    found = _findings(_row(status="Ongoing"), _row(ref="2"), _row(ref="3", status="Ongoing"))
    assert found == [("status-synonym", "G2"), ("status-synonym", "G4")]
