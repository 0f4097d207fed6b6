"""Target dates as officers write them: "March 2021", "31/03/2021", "Continuous in 2020/21"."""

from __future__ import annotations

import calendar
import datetime as dt
import re

_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9

_MONTH_YEAR = re.compile(r"\b([A-Za-z]{3,9})\.?,?\s+((?:19|20)\d\d)\b")
_DAY_MONTH_YEAR = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3,9})\.?,?\s+((?:19|20)\d\d)\b")
_NUMERIC = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-]((?:19|20)?\d\d)\s*$")
_ISO = re.compile(r"^\s*((?:19|20)\d\d)-(\d\d)-(\d\d)\s*$")


def parse_target(text: str) -> dt.date | None:
    """The date a target names, or None when it names no single date.

    A whole date ("31 March 2021", "31/03/2021", "2021-03-31") is that day. A month and
    year ("March 2021") is the last day of that month. When the text names more than one
    month ("July 2020 - approval ... January 2021"), the last one is the target. Text with
    no month and year ("Continuous in 2020/21", "Ongoing") gives None.
    """
    if m := _ISO.match(text):
        return _safe(int(m[1]), int(m[2]), int(m[3]))
    if m := _NUMERIC.match(text):
        year = int(m[3]) + (2000 if len(m[3]) == 2 else 0)  # noqa: PLR2004 - two-digit years
        return _safe(year, int(m[2]), int(m[1]))
    found: list[dt.date] = []
    for m in _DAY_MONTH_YEAR.finditer(text):
        month = _MONTHS.get(m[2].lower())
        day = _safe(int(m[3]), month, int(m[1])) if month else None
        if day:
            found.append(day)
    if not found:
        for m in _MONTH_YEAR.finditer(text):
            month = _MONTHS.get(m[1].lower())
            if month:
                year = int(m[2])
                found.append(dt.date(year, month, calendar.monthrange(year, month)[1]))
    return found[-1] if found else None


def _safe(year: int, month: int | None, day: int) -> dt.date | None:
    try:
        return dt.date(year, month or 0, day)
    except ValueError:
        return None
