"""CSV and xlsx sources at their edges: typed fields, file lines named, date serials, broken packages, huge files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from govsheet import api
from govsheet.errors import SourceError

TYPED_SCHEMA = """
name: typed
title: Typed tracker
primaryKey: ref
owner: owner
fields:
  - {name: ref, title: Ref, type: string}
  - {name: owner, title: Owner, type: person}
  - {name: count, title: Count, type: integer}
  - {name: cost, title: Cost, type: number}
  - {name: due, title: Due, type: date}
"""


def test_typed_fields_are_converted_or_kept_and_noted(tmp_path: Path) -> None:
    schema = tmp_path / "typed.yaml"
    schema.write_text(TYPED_SCHEMA, encoding="utf-8")
    source = tmp_path / "t.csv"
    source.write_text('Ref,Owner,Count,Cost,Due\n1,Ann,"1,234",2.5,31/03/2021\n2,Bob,many,3,soon\n3,Cy,7.0,,\n',
                      encoding="utf-8")
    tracker, report = api.read_source(source, schema)
    assert [a.values for a in tracker.actions] == [
        {"ref": "1", "owner": "Ann", "count": 1234, "cost": 2.5, "due": dt.date(2021, 3, 31)},
        {"ref": "2", "owner": "Bob", "count": "many", "cost": 3.0, "due": "soon"},
        {"ref": "3", "owner": "Cy", "count": 7, "cost": None, "due": None},
    ]
    notes = [str(n) for n in report.notes]
    assert "line 3: guess: count: 'many' is not a number; kept as written" in notes
    assert "line 3: guess: due: 'soon' is not a date; kept as written" in notes


def test_xlsx_source_problems_are_source_errors(tmp_path: Path) -> None:
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a zip at all")
    with pytest.raises(SourceError, match=r"broken\.xlsx: .*\(not a zip package\)"):
        api.read_source(broken, "ags-action-plan")
    from tests.conftest import SEEDS

    master = tmp_path / "m.xlsx"
    api.import_tracker(SEEDS["ags-action-plan"], "ags-action-plan", master)
    with pytest.raises(SourceError, match=r"m\.xlsx: has no sheet named 'Plan'; choose one of Actions, Audit"):
        api.read_source(master, "ags-action-plan", sheet="Plan")


def test_csv_report_names_file_lines_and_date_serials_are_read(tmp_path: Path) -> None:
    schema = tmp_path / "typed.yaml"
    schema.write_text(TYPED_SCHEMA, encoding="utf-8")
    source = tmp_path / "t.csv"
    source.write_text('Ref,Owner,Due\n1,"Ann\nand Bob",44286\n\n2,Cy,later\n', encoding="utf-8")
    tracker, report = api.read_source(source, schema)
    assert [(a.values["owner"], a.values["due"]) for a in tracker.actions] == [
        ("Ann\nand Bob", dt.date(2021, 3, 31)), ("Cy", "later")]
    notes = [str(n) for n in report.notes]
    assert "line 2: parse: due: '44286' read as a spreadsheet date serial, 2021-03-31" in notes
    assert "line 5: guess: due: 'later' is not a date; kept as written" in notes


def test_text_sources_far_larger_than_any_tracker_are_refused(tmp_path: Path) -> None:
    from govsheet.importer.table import read_source_bytes

    source = tmp_path / "huge.csv"
    source.write_bytes(b"x" * (3 * 2**20))
    with pytest.raises(SourceError) as caught:
        read_source_bytes(source, 2 * 2**20)
    assert str(caught.value) == (f"{source}: is larger than 2 MB, far larger than any tracker; check it is the "
                                 "right file")
    assert read_source_bytes(source, 4 * 2**20) == b"x" * (3 * 2**20)
