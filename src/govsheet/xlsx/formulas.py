"""A small formula tokenizer that rewrites cell references, skipping string literals.

``rewrite_refs(formula, host, on_ref)`` walks a formula's text; for every A1 reference
(``D14``, ``$D$14``, ``A1:B9``, ``5:7``, ``Sheet1!A1``, ``'My sheet'!$2:$2``) it calls
``on_ref(sheet, ref)`` with the sheet the reference points to (its prefix, else ``host``; None
when neither is known) and the reference text without the prefix, and puts back what it returns.
Text in double quotes, structured references in brackets and references into other workbooks
(``[1]Sheet!A1``) are left alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from govsheet.xlsx.limits import MAX_COLS, MAX_ROWS
from govsheet.xlsx.refs import col_letters, col_number

OnRef = Callable[[str | None, str], str]

_CORNER = re.compile(r"(\$?)([A-Za-z]{1,3})?(\$?)([0-9]{1,7})?")


def sheet_of(prefix: str) -> str:
    """``'My ''x'' sheet'!`` -> ``My 'x' sheet``."""
    name = prefix[:-1]
    if name.startswith("'") and name.endswith("'"):
        name = name[1:-1].replace("''", "'")
    return name


_REF_BODY = (r"\$?[A-Za-z]{1,3}\$?[0-9]{1,7}(?::\$?[A-Za-z]{1,3}\$?[0-9]{1,7})?|\$?[0-9]{1,7}:\$?[0-9]{1,7}"
             r"|\$?[A-Za-z]{1,3}:\$?[A-Za-z]{1,3}")
_SHEET = r"(?:'(?:[^']|'')+'|[^\W\d][\w.]*(?::[^\W\d][\w.]*)?)!"
_TOKEN = re.compile(
    r'"(?:[^"]|"")*"?'  # a string literal, left alone
    r"|\[(?:[^\[\]]|\[[^\]]*\])*\]?(?:" + _SHEET + r"(?:" + _REF_BODY + r"))?"
    r"|(?P<sheet>" + _SHEET + r")?(?P<ref>" + _REF_BODY + r")(?![\w.(!\['\\?])"
    r"|'(?:[^']|'')*'?"
    r"|[\w.$\\?]+")


def rewrite_refs(formula: str, host: str | None, on_ref: OnRef) -> str:
    """The formula with each reference replaced by ``on_ref(sheet, ref)`` (see the module docstring)."""

    def one(match: re.Match[str]) -> str:
        ref = match.group("ref")
        if ref is None:
            return match.group(0)
        prefix = match.group("sheet")
        if prefix and prefix.startswith("'["):
            return match.group(0)  # a reference into another workbook
        return (prefix or "") + on_ref(sheet_of(prefix) if prefix else host, ref)

    return _TOKEN.sub(one, formula)


def corners(ref: str) -> list[tuple[bool, int | None, bool, int | None]]:
    """Each corner of a reference as (column absolute, column, row absolute, row)."""
    out: list[tuple[bool, int | None, bool, int | None]] = []
    for part in ref.split(":"):
        m = _CORNER.fullmatch(part)
        if m is None:
            return []
        col = col_number(m.group(2)) if m.group(2) else None
        row = int(m.group(4)) if m.group(4) else None
        if col is None:  # a whole-row reference: its "$" belongs to the row
            out.append((False, None, bool(m.group(1) or m.group(3)), row))
        else:
            out.append((m.group(1) == "$", col, m.group(3) == "$", row))
    return out


def corner_text(col_abs: bool, col: int | None, row_abs: bool, row: int | None) -> str:
    """The text of one corner."""
    text = ""
    if col is not None:
        text += ("$" if col_abs else "") + col_letters(col)
    if row is not None:
        text += ("$" if row_abs else "") + str(row)
    return text


def translate(formula: str, host: str | None, d_row: int, d_col: int) -> str:
    """The formula as copied ``d_row`` rows down and ``d_col`` columns right (relative parts move)."""

    def move(_sheet: str | None, ref: str) -> str:
        parts = corners(ref)
        if not parts:
            return ref
        texts = []
        for col_abs, col, row_abs, row in parts:
            new_col = col if col is None or col_abs else col + d_col
            new_row = row if row is None or row_abs else row + d_row
            if (new_col is not None and not 1 <= new_col <= MAX_COLS) or (
                    new_row is not None and not 1 <= new_row <= MAX_ROWS):
                return "#REF!"
            texts.append(corner_text(col_abs, new_col, row_abs, new_row))
        return ":".join(texts)

    return rewrite_refs(formula, host, move)
