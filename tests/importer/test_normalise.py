"""What every import does last: values coerced to their field's type, statuses read into the vocabulary, each
decision noted for a person to check."""

from __future__ import annotations

import datetime as dt

import pytest

from govsheet.importer.normalise import coerce, read_status
from govsheet.model.importing import ImportLog
from govsheet.model.tracker import Value
from govsheet.schemas import load_schema

SCHEMA = load_schema("ags-action-plan")


def log() -> ImportLog:
    return ImportLog(source="plan.csv", schema_name=SCHEMA.name, format="csv")


@pytest.mark.parametrize(("field", "value", "coerced"), [
    ("target_date", 44286, dt.date(2021, 3, 31)),
    ("target_date", "31/03/2021", dt.date(2021, 3, 31)),
    ("target_date", dt.datetime(2021, 3, 31, 12, 0), dt.date(2021, 3, 31)),  # noqa: DTZ001 - as a cell holds it
    ("target_date", "soon", "soon"),
    ("target", "\u00a0 March 2021 ", "March 2021"),
    ("target", dt.date(2021, 3, 31), "31 March 2021"),
    ("ref", 4.0, "4"),
    ("progress", "  ", None),
    ("progress", None, None),
])
def test_values_take_their_fields_type(field: str, value: Value, coerced: Value) -> None:
    assert coerce(value, SCHEMA.field(field), 7, log()) == coerced


def test_a_serial_and_a_date_that_is_not_one_are_both_noted() -> None:
    notes = log()
    coerce(44286, SCHEMA.field("target_date"), 7, notes)
    coerce("soon", SCHEMA.field("target_date"), 8, notes)
    assert [str(n) for n in notes.notes] == [
        "line 7: parse: target_date: '44286' read as a spreadsheet date serial, 2021-03-31",
        "line 8: guess: target_date: 'soon' is not a date; kept as written"]


def test_statuses_are_read_into_the_vocabulary_and_unknown_ones_kept() -> None:
    notes = log()
    read = [read_status(s, SCHEMA, 3, "2", notes) for s in ("In progress", "in progress", "Done", "Compelted",
                                                            "Finished")]
    assert read == ["In progress", "In progress", "Completed", "Completed", "Finished"]
    assert [str(n) for n in notes.notes] == [
        "line 3 [2]: repair: status 'in progress' read as 'In progress'",
        "line 3 [2]: repair: status 'Done' read as 'Completed'",
        "line 3 [2]: repair: status 'Compelted' read as 'Completed'",
        "line 3 [2]: guess: status 'Finished' is not in the vocabulary; kept as written"]


def test_the_status_cache_gives_the_same_answers() -> None:
    cache: dict[str, object] = {}
    notes = log()
    assert read_status("Done", SCHEMA, 3, "2", notes, cache=cache) == "Completed"  # type: ignore[arg-type]
    assert read_status("Done", SCHEMA, 4, "3", notes, cache=cache) == "Completed"  # type: ignore[arg-type]
    assert list(cache) == ["Done"]
    assert len(notes.notes) == 2
