"""Cell values in SpreadsheetML: escaping text, shared/inline strings, 1900/1904 date serials.

Excel escapes characters XML cannot carry as ``_xHHHH_``; a literal ``_x0041_`` in a cell is
itself escaped as ``_x005F_x0041_``. Date serials count days from 1899-12-30 (the 1900 system,
including Lotus 1-2-3's phantom 29 February 1900) or from 1904-01-01 (the 1904 system).
"""

from __future__ import annotations

import html
import math
import re
from datetime import date, datetime, time, timedelta

from govsheet.errors import UsageError
from govsheet.xlsx.limits import MAX_CELL_CHARS

CellValue = str | int | float | bool | date | datetime | None

_EPOCH_1900 = datetime(1899, 12, 30)  # noqa: DTZ001 - cell dates are naive, as Excel's are
_EPOCH_1904 = datetime(1904, 1, 1)  # noqa: DTZ001
_PHANTOM_LEAP_DAY = 60  # serial of the 29 February 1900 that Excel pretends existed
_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")
# a raw CR would come back as LF from any XML parser, so Excel writes it as _x000D_ too
_NEEDS_ESCAPE = re.compile(r"[\x00-\x08\x0b-\x1f\ufffe\uffff]|_x[0-9A-Fa-f]{4}_")
_BUILTIN_DATE_FORMATS = frozenset({14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 30, 36, 45, 46, 47, 50, 57})
_QUOTED = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.|_.|\*.')


def escape_text(text: str) -> str:
    """Text as it goes inside ``<t>``: XML-escaped, with control characters as ``_xHHHH_``."""

    def repl(match: re.Match[str]) -> str:
        found = match.group(0)
        if found.startswith("_x"):
            return "_x005F" + found
        return f"_x{ord(found):04X}_"

    text = _NEEDS_ESCAPE.sub(repl, text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def escape_attr(text: str) -> str:
    """Text as it goes inside a double-quoted attribute."""
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;").replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;"))


def unescape_text(raw: str) -> str:
    """The inverse of :func:`escape_text` for the content of a ``<t>`` element."""
    text = html.unescape(raw) if "&" in raw else raw
    if "_x" in text:
        text = _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text)
    return text


def t_element(text: str, prefix: str = "") -> str:
    """A ``<t>`` element, keeping leading/trailing spaces and line breaks with ``xml:space``."""
    space = ' xml:space="preserve"' if text != text.strip() or "\n" in text else ""
    return f"<{prefix}t{space}>{escape_text(text)}</{prefix}t>"


_LONG_RUN = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?t\b[^>]*>([^<]{%d,})<" % (MAX_CELL_CHARS + 1))


def longest_text(data: bytes) -> int:
    """The length in characters of the longest ``<t>`` run over Excel's cell limit in a part (0 if none)."""
    if not _has_long_run(data, MAX_CELL_CHARS + 1):
        return 0  # no run of text that long at all: the usual case, found without reading every run
    longest = 0
    for match in _LONG_RUN.finditer(data):
        longest = max(longest, len(unescape_text(match.group(1).decode("utf-8", "replace"))))
    return longest if longest > MAX_CELL_CHARS else 0


def _has_long_run(data: bytes, size: int) -> bool:
    """Whether ``data`` holds ``size`` bytes or more in a row without a "<".

    Such a run covers a multiple of ``size``, so only the run at each multiple is measured: a
    few hundred short searches for a part of megabytes. A text over the limit is such a run
    (a character is one byte or more, an entity more than one).
    """
    for at in range(0, len(data), size):
        start = data.rfind(b"<", 0, at + 1) + 1
        end = data.find(b"<", at)
        if (len(data) if end == -1 else end) - start >= size:
            return True
    return False


_UNSTORABLE = re.compile(r"[\ud800-\udfff\ufffe\uffff]")


def check_text(text: str) -> None:
    """Refuse text Excel cannot hold in one cell: too long, or with characters no workbook can store.

    Lone surrogates (what Python makes of invalid UTF-8 bytes) and the noncharacters U+FFFE and
    U+FFFF cannot be written as XML; Excel itself would show them as "_xFFFE_".
    """
    bad = _UNSTORABLE.search(text)
    if bad is not None:
        raise UsageError(None, f"the text holds a character no workbook can store (U+{ord(bad.group(0)):04X} at "
                               f"position {bad.start() + 1}; invalid UTF-8?); remove it and try again")
    if len(text) > MAX_CELL_CHARS:
        raise UsageError(None, f"text of {len(text)} characters is longer than Excel's {MAX_CELL_CHARS:,}-character "
                               "cell limit; shorten it")


def number_text(value: float) -> str:
    """A number as SpreadsheetML writes it in ``<v>``: shortest round-trip form, no NaN or infinity."""
    if isinstance(value, float):
        if not math.isfinite(value):
            raise UsageError(None, f"{value} cannot be stored in a cell; Excel numbers must be finite")
        if value.is_integer() and abs(value) < 1e15:  # noqa: PLR2004 - Excel keeps 15 significant digits
            return str(int(value))
        return repr(value)
    return str(value)


def to_serial(value: date | datetime, *, date1904: bool = False) -> float:
    """A date or datetime as an Excel serial number in the workbook's date system."""
    moment = value if isinstance(value, datetime) else datetime.combine(value, time())
    if moment.tzinfo is not None:
        moment = moment.replace(tzinfo=None)
    epoch = _EPOCH_1904 if date1904 else _EPOCH_1900
    delta = moment - epoch
    serial = delta.days + delta.seconds / 86400 + delta.microseconds / 86_400_000_000
    if not date1904 and serial < _PHANTOM_LEAP_DAY + 1:
        serial -= 1  # before 1 March 1900 Excel's serials are one less than the day count
    if serial < 0:
        raise UsageError(None, f"{value.isoformat()} is before the first date Excel can store")
    return round(serial, 10)


def from_serial(serial: float, *, date1904: bool = False) -> datetime:
    """An Excel serial number as a datetime, in the workbook's date system."""
    if not date1904 and serial < _PHANTOM_LEAP_DAY + 1:
        serial = min(serial + 1, _PHANTOM_LEAP_DAY + 1)  # the phantom 29 February 1900 becomes 1 March
    epoch = _EPOCH_1904 if date1904 else _EPOCH_1900
    whole = math.floor(serial)
    seconds = round((serial - whole) * 86400)
    return epoch + timedelta(days=whole, seconds=seconds)


def is_date_format(num_fmt_id: int, code: str | None) -> bool:
    """Whether a number format shows dates or times (built-in ids, or a custom code with d/m/y/h/s)."""
    if num_fmt_id in _BUILTIN_DATE_FORMATS:
        return True
    if code is None:
        return False
    bare = _QUOTED.sub("", code.split(";")[0]).lower()
    return any(ch in bare for ch in "dmyhs") and "general" not in bare


def is_formula_like(text: str) -> bool:
    """Text Excel would read as a formula if typed: starts with = + - @ (stored as text by govsheet)."""
    return bool(text) and text[0] in "=+-@\t\r"
