"""A1 cell references <-> (row, column) numbers, both 1-based."""

from __future__ import annotations

import functools
import re

from govsheet.errors import UsageError
from govsheet.xlsx.limits import MAX_COLS, MAX_ROWS

_A1 = re.compile(r"\$?([A-Za-z]{1,3})\$?([0-9]{1,7})")


def col_letters(col: int) -> str:
    """Column number (1 = A) -> letters ("AA" for 27)."""
    letters = ""
    while col > 0:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def col_number(letters: str) -> int:
    """Column letters -> number ("A" = 1); case-insensitive."""
    number = 0
    for ch in letters.upper():
        number = number * 26 + ord(ch) - 64
    return number


@functools.lru_cache(maxsize=1024)
def column_of(letters: bytes) -> int:
    """:func:`col_number` of letters as they sit in the XML, remembered: a sheet repeats a handful of columns."""
    return col_number(letters.decode("ascii"))


def parse_ref(ref: str) -> tuple[int, int]:
    """``"D14"`` (or ``"$D$14"``) -> ``(14, 4)``; raise UsageError for anything else or past XFD1048576."""
    match = _A1.fullmatch(ref.strip())
    if match is None:
        raise UsageError(None, f'"{ref}" is not a cell reference; write it like "D14"')
    col, row = col_number(match.group(1)), int(match.group(2))
    if not (1 <= row <= MAX_ROWS and 1 <= col <= MAX_COLS):
        raise UsageError(None, f'"{ref}" is outside the sheet; the last cell is XFD1048576')
    return row, col


def split_ref(ref: str) -> tuple[str, int] | None:
    """``"D14"`` (or ``"$D$14"``) -> ``("D", 14)``, unchecked against the sheet's edge; None if not A1."""
    match = _A1.fullmatch(ref.strip())
    return None if match is None else (match.group(1).upper(), int(match.group(2)))


def check_in_sheet(ref: str) -> None:
    """Name the part of a reference (letters then digits, any length) that is past the sheet's edge."""
    letters = ref.rstrip("0123456789")
    if col_number(letters) > MAX_COLS:
        raise UsageError(None, f'"{ref}": column {letters.upper()} is out of range; Excel\'s last column is XFD')
    if int(ref[len(letters):]) > MAX_ROWS:
        raise UsageError(None, f'"{ref}": row {int(ref[len(letters):])} is out of range; Excel\'s last row is '
                               f"{MAX_ROWS}")


def make_ref(row: int, col: int) -> str:
    """``(14, 4)`` -> ``"D14"``."""
    return f"{col_letters(col)}{row}"


def parse_range(sqref: str) -> tuple[int, int, int, int] | None:
    """``"A1:D14"`` -> ``(1, 1, 14, 4)`` (top, left, bottom, right); a single cell is a 1x1 range.

    Returns None for whole-column/row ranges or anything that is not a plain A1 range.
    """
    parts = sqref.split(":")
    if len(parts) > 2:  # noqa: PLR2004 - a range has at most two corners
        return None
    corners = []
    for part in parts:
        match = _A1.fullmatch(part.strip())
        if match is None:
            return None
        corners.append((int(match.group(2)), col_number(match.group(1))))
    (r1, c1), (r2, c2) = corners[0], corners[-1]
    return min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2)


def make_range(top: int, left: int, bottom: int, right: int) -> str:
    """``(1, 1, 14, 4)`` -> ``"A1:D14"``; a single cell gives ``"A1"``."""
    if (top, left) == (bottom, right):
        return make_ref(top, left)
    return f"{make_ref(top, left)}:{make_ref(bottom, right)}"
