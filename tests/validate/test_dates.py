"""Dates as officers leave them in cells: text, serials in both date systems, datetimes."""

from __future__ import annotations

import datetime as dt

import pytest

from govsheet.validate.dates import as_date, from_serial


@pytest.mark.parametrize(("value", "expected"), [
    (dt.datetime(2021, 3, 31, 12, 0), (dt.date(2021, 3, 31), "date")),  # noqa: DTZ001 - a naive Excel datetime
    (True, (None, "none")),
    (None, (None, "none")),
    (10_000_000, (None, "none")),
    (44286.0, (dt.date(2021, 3, 31), "serial")),
    ("March 2021", (dt.date(2021, 3, 31), "text")),
    ("Ongoing", (None, "none")),
])
def test_dates_as_they_arrive(value: object, expected: tuple[dt.date | None, str]) -> None:
    assert as_date(value, date1904=False) == expected  # type: ignore[arg-type]


def test_serials_in_both_date_systems() -> None:
    assert from_serial(44286, date1904=False) == dt.date(2021, 3, 31)
    assert from_serial(42824, date1904=True) == dt.date(2021, 3, 31)
    assert from_serial(0, date1904=False) is None
