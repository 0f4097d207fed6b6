"""What every import does last: clean statuses, derive target dates, give each row its key."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from govsheet.model.importing import ImportLog, ImportNote
from govsheet.model.schema import FieldSpec, Schema, Status, StatusMatch
from govsheet.model.target import parse_target
from govsheet.model.tracker import Action, Tracker, Value, display

# What each status text written in one import was read as: folding it is the costly part.
StatusCache = dict[str, tuple[Status, StatusMatch] | None]

# Excel's 1900 date system counts from 30 December 1899 (its day 60 is the fictitious 29 February 1900).
EXCEL_EPOCH = dt.date(1899, 12, 30)
SERIAL_RANGE = (18264, 73050)  # 1 January 1950 .. 31 December 2099


def finish(rows: Sequence[tuple[int, dict[str, Value]]], schema: Schema, report: ImportLog) -> Tracker:
    """Turn (source line, values) pairs into a tracker, noting each status read and date parsed."""
    actions: list[Action] = []
    cache: StatusCache = {}
    for line, values in rows:
        actions.append(normalise_action(Action(values=dict(values)), line, schema, report, cache=cache))
    report.rows = len(actions)
    return Tracker(schema_name=schema.name, actions=actions)


def finish_actions(items: Sequence[tuple[int, Action]], schema: Schema, report: ImportLog) -> Tracker:
    """Like :func:`finish`, for actions already built (with rich text) by the seed importer."""
    cache: StatusCache = {}
    actions = [normalise_action(action, line, schema, report, cache=cache) for line, action in items]
    report.rows = len(actions)
    return Tracker(schema_name=schema.name, actions=actions)


def normalise_action(action: Action, line: int, schema: Schema, report: ImportLog, *,
                     cache: StatusCache | None = None) -> Action:
    """Clean one action in place: each value to its field's type, status to its label, derived dates."""
    for f in schema.fields:
        action.values[f.name] = coerce(action.values.get(f.name), f, line, report)
    key = action.text(schema.primary_key) or None
    for f in schema.fields:
        value = action.values.get(f.name)
        if f.type == "status" and value is not None:
            action.values[f.name] = read_status(display(value), schema, line, key, report, cache=cache)
    for f in schema.fields:
        if f.derived_from and action.values.get(f.name) is None:
            source = action.text(f.derived_from)
            day = parse_target(source) if source else None
            action.values[f.name] = day
            if day is not None and not _is_plain_date(source):
                report.notes.append(ImportNote(kind="parse", lines=(line,), key=key,
                                               message=f"target {source!r} read as {day.isoformat()}"))
    return action


def coerce(value: Value, field: FieldSpec, line: int, report: ImportLog) -> Value:
    """A value as its field holds it: text for text fields (a spreadsheet's 1.0 is "1"), dates for
    date fields, numbers for number fields; what cannot be converted is kept for the validator."""
    if isinstance(value, str):
        value = value.replace("\u00a0", " ").strip() or None
    if value is None:
        return None
    if field.type == "date":
        return _to_date(value, field, line, report)
    if field.type in {"integer", "number"}:
        return _to_number(value, field, line, report)
    if isinstance(value, dt.datetime | dt.date) and field.type == "target":
        day = value.date() if isinstance(value, dt.datetime) else value
        return f"{day.day} {day:%B %Y}"
    return display(value) if not isinstance(value, str) else value


def _to_date(value: Value, field: FieldSpec, line: int, report: ImportLog) -> Value:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    serial = _serial(value)
    if serial is not None:
        from_serial = EXCEL_EPOCH + dt.timedelta(days=serial)
        report.notes.append(ImportNote(kind="parse", lines=(line,), message=(
            f"{field.name}: {display(value)!r} read as a spreadsheet date serial, {from_serial.isoformat()}")))
        return from_serial
    day = parse_target(display(value)) if isinstance(value, str) else None
    if day is None:
        report.notes.append(ImportNote(kind="guess", lines=(line,), message=(
            f"{field.name}: {display(value)!r} is not a date; kept as written")))
        return value
    return day


def _serial(value: Value) -> int | None:
    """A whole number that can only be a 1900-system date serial (1 Jan 1950 to 31 Dec 2099), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str) and value.isdigit():
        value = int(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and SERIAL_RANGE[0] <= value <= SERIAL_RANGE[1]:
        return value
    return None


def _to_number(value: Value, field: FieldSpec, line: int, report: ImportLog) -> Value:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return display(value)
    try:
        number = float(value.replace(",", "")) if isinstance(value, str) else float(value)
    except ValueError:
        report.notes.append(ImportNote(kind="guess", lines=(line,), message=(
            f"{field.name}: {value!r} is not a number; kept as written")))
        return value
    if field.type == "integer" and number.is_integer():
        return int(number)
    return number


def read_status(text: str, schema: Schema, line: int, key: str | None, report: ImportLog, *,
                cache: StatusCache | None = None) -> str:
    """The vocabulary label for a status as written; unknown text is kept for the validator to flag."""
    if cache is None:
        found = schema.read_status(text)
    elif text in cache:
        found = cache[text]
    else:
        found = cache[text] = schema.read_status(text)
    if found is None:
        report.notes.append(ImportNote(kind="guess", lines=(line,), key=key,
                                       message=f"status {text!r} is not in the vocabulary; kept as written"))
        return text
    status, how = found
    if how != "label" or text != status.label:
        report.notes.append(ImportNote(kind="repair", lines=(line,), key=key,
                                       message=f"status {text!r} read as {status.label!r}"))
    return status.label


def _is_plain_date(text: str) -> bool:
    return text.strip()[:4].isdigit() and len(text.strip()) == 10  # noqa: PLR2004 - ISO dates
