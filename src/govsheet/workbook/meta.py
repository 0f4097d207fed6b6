"""The very-hidden metadata sheet: what govsheet needs to recognise its own workbooks.

It is a two-column key/value table on a sheet named ``_govsheet`` that officers never
see (Excel's "very hidden" state cannot be undone from the Excel user interface).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

META_SHEET = "_govsheet"
META_VERSION = "1"


def write_meta(book: Any, meta: dict[str, str]) -> Any:
    """Add the metadata sheet to an XlsxWriter workbook and return it."""
    sheet = book.add_worksheet(META_SHEET)
    sheet.very_hidden()
    sheet.set_column(0, 0, 24)
    sheet.set_column(1, 1, 80)
    sheet.write_string(0, 0, "key")
    sheet.write_string(0, 1, "value")
    for row, (key, value) in enumerate(meta.items(), start=1):
        sheet.write_string(row, 0, key)
        sheet.write_string(row, 1, value)
    return sheet


def read_meta(path: Path) -> dict[str, str] | None:
    """The key/value pairs of a workbook's metadata sheet, or None when it has none."""
    from govsheet.workbook.read import open_calamine

    book = open_calamine(path)
    if META_SHEET not in book.sheet_names:
        return None
    rows = book.get_sheet_by_name(META_SHEET).to_python(skip_empty_area=False)
    meta: dict[str, str] = {}
    for row in rows[1:]:
        if len(row) >= 2 and str(row[0]).strip():  # noqa: PLR2004 - key and value columns
            meta[str(row[0]).strip()] = "" if row[1] is None else str(row[1])
    return meta
