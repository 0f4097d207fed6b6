"""govsheet's own sheet layout, shared by the code that writes workbooks and the code that reads them.

One place for everything govsheet puts in a workbook besides the schema's columns: the
names of its own sheets, the metadata keys, the Audit and Owners columns, and the icon
column beside the status (its title, its formula, and how to recognise that formula in
a workbook someone else may have changed). Nothing here opens a file.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from govsheet.schemas import SCHEMA_HASH_KEY, SCHEMA_JSON_KEY, SCHEMA_NAME_KEY
from govsheet.xlsx.refs import make_ref, parse_ref

if TYPE_CHECKING:
    from govsheet.model.schema import Schema
    from govsheet.model.tracker import Value
    from govsheet.xlsx import Sheet

__all__ = [
    "AUDIT_COLUMNS", "AUDIT_SHEET", "BASELINE_CELL_CHARS", "BASELINE_HEADER", "BASELINE_SHEET", "CHECKSUM_KEY",
    "DECIDED_PREFIX", "HASHED_COLUMNS",
    "ICON_TITLE", "ISSUED_PREFIX", "KIND_KEY", "MERGED_PREFIX", "META_SHEET", "META_VERSION", "OWNERS_COLUMNS",
    "OWNERS_SHEET", "PRINTED_COLUMNS", "ROUND_KEY", "SCHEMA_HASH_KEY", "SCHEMA_JSON_KEY", "SCHEMA_NAME_KEY",
    "TRACKED_AT_KEY", "TRACKED_PREFIX", "icon_formula", "icon_position", "is_icon_formula", "refresh_icon",
    "wrapped_lines",
]

# --- text in govsheet's sheets (Arial 10) -------------------------------------------------------
CHARS_PER_WIDTH = 1.1  # Arial 10 characters per unit of Excel column width, allowing for word breaks
LINE_HEIGHT = 12.75  # points per line of Arial 10
MAX_ROW_HEIGHT = 409  # Excel's largest row height


def wrapped_lines(text: str, width: float) -> int:
    """About how many lines ``text`` takes wrapped in a column ``width`` characters wide: each line
    takes whole words while they fit, as Excel and LibreOffice wrap, breaking after a hyphen too
    ("2020-21-q3-finance-…"), and a word too long for a line is broken."""
    per_line = max(1, int(width * CHARS_PER_WIDTH))
    if len(text) <= per_line and "\n" not in text:
        return 1  # fits on one line whatever its words (most cells)
    lines = 0
    for part in text.split("\n"):
        lines += 1
        used = 0
        for word in part.split():
            for i, piece in enumerate(re.findall(r"[^-]*-|[^-]+", word)):
                gap = 1 if used and i == 0 else 0  # a space before a word, none inside one
                if used and used + gap + len(piece) > per_line:
                    lines, used, gap = lines + 1, 0, 0
                used += gap + len(piece)
                while used > per_line:
                    lines, used = lines + 1, used - per_line
    return lines


# --- the very-hidden metadata sheets -------------------------------------------------------------
META_SHEET = "_govsheet"  # key/value pairs: what the workbook is and where it came from
BASELINE_SHEET = "_govsheet_baseline"  # a return's per-row baseline of the editable fields
# One row per action: its key, then its fields as sent ({field: value} as JSON), spread over as many
# cells as the text needs (Excel holds 32,767 characters a cell). Returns issued before this layout
# have one row per (key, field, value), under the header "key", "field", "value".
BASELINE_HEADER = ("key", "values")
BASELINE_CELL_CHARS = 32_000
META_VERSION = "1"

KIND_KEY = "kind"  # "master", "return" or "decisions"
ROUND_KEY = "round"
CHECKSUM_KEY = "checksum"  # a return's record of its own metadata and baseline
MERGED_PREFIX = "merged:"  # merged:<return id> -> when and the return's SHA-256
ISSUED_PREFIX = "issued:"  # issued:<return id> -> the return govsheet issue wrote (owner, file, due, when; JSON)
DECIDED_PREFIX = "decided:"  # decided:<decisions workbook id> -> the question ids applied
TRACKED_PREFIX = "tracked."  # tracked.<n> -> the fingerprint of the tracked values, in chunks
TRACKED_AT_KEY = "tracked_at"  # when govsheet last recorded the tracked values

# --- the master's Audit sheet ----------------------------------------------------------------------
AUDIT_SHEET = "Audit"
# (column title, width); the order is the order of the sheet's columns. The widths add up to
# what fits across an A4 landscape page at a readable scale.
AUDIT_COLUMNS: tuple[tuple[str, float], ...] = (
    ("When", 16),
    ("Round", 9),
    ("Return id", 14),
    ("Owner", 16),
    ("Ref", 6),
    ("Field", 11),
    ("Old value", 26),
    ("New value", 26),
    ("Outcome", 11),
    ("Reason", 26),
    ("Source file", 14),
    ("Source SHA-256", 16),
    ("Row hash", 16),
)
HASHED_COLUMNS = len(AUDIT_COLUMNS) - 1  # every column but the row hash goes into the row hash
# The two hashes are for `govsheet audit`, not for reading: the printed table stops before them, so
# the rest prints one page wide at a readable size (about 8 pt on A4 landscape).
PRINTED_COLUMNS = len(AUDIT_COLUMNS) - 2

# --- the master's Owners sheet ---------------------------------------------------------------------
OWNERS_SHEET = "Owners"
OWNERS_COLUMNS: tuple[tuple[str, float], ...] = (
    ("Owner", 28), ("Also written as", 48), ("E-mail", 24), ("Department", 18), ("Notes", 20))

# --- the icon column, right of the status ----------------------------------------------------------
ICON_TITLE = "Icon"
# govsheet's icon formula, as Excel and LibreOffice store it (the leading "=" is not stored in the XML,
# and a re-save may change the case of the function names).
_ICON_FORMULA = re.compile(r"=?\s*IFERROR\(\s*MATCH\(", re.IGNORECASE)


def icon_formula(schema: Schema, status_cell: str) -> str:
    """The formula of the icon column: the status's position in the vocabulary, blank if unknown."""
    labels = ",".join('"' + s.label.replace('"', '""') + '"' for s in schema.statuses)
    return f'=IFERROR(MATCH({status_cell},{{{labels}}},0),"")'


def is_icon_formula(formula: str | None) -> bool:
    """True when a cell's formula is govsheet's icon formula (and not someone's own column)."""
    return bool(formula) and _ICON_FORMULA.match(formula or "") is not None


def icon_position(schema: Schema, status: Value) -> int | str:
    """What the icon formula gives for a status: its 1-based place in the vocabulary, '' when unknown."""
    for i, s in enumerate(schema.statuses, start=1):
        if s.label == str(status):
            return i
    return ""


def refresh_icon(sheet: Sheet, schema: Schema, status_cell: str, status: Value) -> None:
    """Give the icon formula right of a changed status cell its new cached value.

    A cell there that does not hold govsheet's icon formula is left alone. The cached value
    matters: viewers that do not recalculate (previews, mail clients) show what is stored.
    """
    row, col = parse_ref(status_cell)
    icon = make_ref(row, col + 1)
    formula = sheet.cell(icon).formula
    if formula is not None and is_icon_formula(formula):
        sheet.set_formula(icon, formula.lstrip("="), cached=icon_position(schema, status))
