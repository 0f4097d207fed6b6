"""Dates as they arrive in a tracker: cells formatted as dates, bare serials, text."""

from __future__ import annotations

import datetime as dt
import functools

from govsheet.model.target import parse_target
from govsheet.model.tracker import Value

# Excel's day 0: 30 December 1899 in the 1900 system (which counts a 29 February 1900 that
# never was, so this epoch is right for every date after 1 March 1900), 1 January 1904 in the 1904 system.
_EPOCH_1900 = dt.date(1899, 12, 30)
_EPOCH_1904 = dt.date(1904, 1, 1)
_MAX_SERIAL = 2_958_465  # 31 December 9999


def from_serial(serial: float, *, date1904: bool) -> dt.date | None:
    """The day an Excel serial number stands for, or None when it is no plausible date."""
    if serial < 1 or serial > _MAX_SERIAL:
        return None
    return (_EPOCH_1904 if date1904 else _EPOCH_1900) + dt.timedelta(days=int(serial))


def as_date(value: Value, *, date1904: bool) -> tuple[dt.date | None, str]:
    """A cell's value as a date and how it was written: "date", "serial", "text" or "none"."""
    if isinstance(value, dt.datetime):
        return value.date(), "date"
    if isinstance(value, dt.date):
        return value, "date"
    if isinstance(value, bool) or value is None:
        return None, "none"
    if isinstance(value, int | float):
        day = from_serial(float(value), date1904=date1904)
        return day, "serial" if day else "none"
    day = _parse_text(str(value))
    return day, "text" if day else "none"


@functools.lru_cache(maxsize=4096)
def _parse_text(text: str) -> dt.date | None:
    """parse_target, remembered: targets such as "March 2021" repeat down a tracker."""
    return parse_target(text)


@functools.lru_cache(maxsize=4096)
def long_date(day: dt.date) -> str:
    """31 March 2021: the way the tracker shows dates (remembered: a tracker repeats its targets)."""
    return f"{day.day} {day:%B %Y}"
