"""The very-hidden metadata sheet: what govsheet needs to recognise its own workbooks.

It is a two-column key/value table on a sheet named ``_govsheet`` that officers never
see (Excel's "very hidden" state cannot be undone from the Excel user interface).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from govsheet.errors import WorkbookError
from govsheet.model.schema import Schema
from govsheet.workbook.layout import BASELINE_SHEET, CHECKSUM_KEY, META_SHEET, META_VERSION

__all__ = ["META_SHEET", "META_VERSION", "cell_text", "hide_meta_sheets", "master_schema", "pair_rows",
           "read_baseline", "read_meta", "read_pairs", "write_meta", "write_pairs"]


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


def cell_text(value: Any) -> str:
    """A metadata or audit cell as text, the way govsheet wrote it: blank is '', whole floats lose '.0'.

    A boolean is TRUE or FALSE, as Excel shows it and as the tracked values record it.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_pairs(book: Any) -> dict[str, str]:
    """The key/value pairs of an open (calamine) workbook's metadata sheet; {} when it has none."""
    if META_SHEET not in book.sheet_names:
        return {}
    pairs: dict[str, str] = {}
    for row in book.get_sheet_by_name(META_SHEET).to_python(skip_empty_area=False)[1:]:
        if len(row) >= 2 and cell_text(row[0]).strip():  # noqa: PLR2004 - key and value columns
            pairs[cell_text(row[0]).strip()] = cell_text(row[1])
    return pairs


def read_baseline(book: Any) -> dict[str, dict[str, str]]:
    """The per-row baseline of an open (calamine) return: {key: {field: value}}; {} when it has none.

    Reads both layouts: one row per action with its fields as JSON, and the one row per (key, field,
    value) of returns issued earlier. A row that is not what govsheet wrote is left out, so the
    return's checksum no longer matches and merge refuses it as altered.
    """
    baseline: dict[str, dict[str, str]] = {}
    if BASELINE_SHEET not in book.sheet_names:
        return baseline
    grid = book.get_sheet_by_name(BASELINE_SHEET).to_python(skip_empty_area=False)
    if grid and len(grid[0]) > 1 and cell_text(grid[0][1]) == "field":
        for row in grid[1:]:
            cells = [cell_text(c) for c in row[:3]] + [""] * (3 - len(row[:3]))
            if cells[0] or cells[1]:
                baseline.setdefault(cells[0], {})[cells[1]] = cells[2]
        return baseline
    for row in grid[1:]:
        key = cell_text(row[0]) if row else ""
        if not key:
            continue
        try:
            values = json.loads("".join(map(cell_text, row[1:])))
        except ValueError:
            continue
        if isinstance(values, dict) and all(isinstance(v, str) for v in values.values()):
            baseline[key] = values
    return baseline


def checksum(pairs: Mapping[str, str], baseline: Mapping[str, Mapping[str, str]]) -> str:
    """SHA-256 over a return's metadata (checksum excluded) and its baseline, canonically ordered."""
    body = {k: v for k, v in pairs.items() if k != CHECKSUM_KEY}
    canonical = json.dumps([body, baseline], ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def read_meta(path: Path) -> dict[str, str] | None:
    """The key/value pairs of a workbook's metadata sheet, or None when it has none."""
    from govsheet.workbook.read import open_calamine

    book = open_calamine(path)
    return read_pairs(book) if META_SHEET in book.sheet_names else None


def master_schema(master: Path, meta: dict[str, str], schema: str | Path | Schema | None) -> Schema:
    """The schema of a govsheet master, checked against the one its metadata names.

    Raises:
        WorkbookError: the workbook is not a govsheet master, or is one of another schema.
        SchemaError: the schema cannot be loaded.
    """
    from govsheet.schemas import resolve_schema

    if meta.get("kind") != "master":
        raise WorkbookError(master, "is not a govsheet master (no master metadata); build one with "
                                    "'govsheet import'")
    schema = resolve_schema(schema, meta=meta, path=master)
    if schema.name != meta.get("schema"):
        raise WorkbookError(master, f"is a {meta.get('schema')!r} master, not {schema.name!r}; give its own schema")
    return schema


def pair_rows(book: Any) -> dict[str, int]:
    """Each metadata key's row (1-based) in an open (calamine) workbook; {} when it has no metadata sheet."""
    if META_SHEET not in book.sheet_names:
        return {}
    grid = book.get_sheet_by_name(META_SHEET).to_python(skip_empty_area=False)
    return {cell_text(row[0]).strip(): n for n, row in enumerate(grid, start=1) if row}


def write_pairs(book: Any, values: Mapping[str, str | None], rows: Mapping[str, int] | None = None) -> None:
    """Set metadata keys in a workbook open with the lossless engine; a value of None removes the key.

    A key already there keeps its row; a new key goes in a new row at the end. ``rows``: where each
    key is, as :func:`pair_rows` read them from the same file (else each key cell is read here, which
    in a big master means finding its text among hundreds of thousands of shared strings).
    """
    if META_SHEET not in book.sheet_names:
        return
    meta = book.sheet(META_SHEET)
    if rows is None:
        rows = {cell_text(meta.cell(f"A{n}").value).strip(): n for n in range(1, meta.max_row + 1)}
    end = meta.max_row
    for key, value in values.items():
        row = rows.get(key)
        if value is None:
            if row is not None:
                meta.set(f"A{row}", None)
                meta.set(f"B{row}", None)
            continue
        if row is None:
            end += 1
            row = end
            meta.set(f"A{row}", key)
        meta.set(f"B{row}", value)


def hide_meta_sheets(book: Any) -> list[str]:
    """Make govsheet's own sheets very hidden again in a workbook open with the lossless engine.

    A LibreOffice re-save turns very hidden sheets into merely hidden ones, which anyone can
    unhide from the sheet tabs. Returns the names of the sheets hidden again.
    """
    import re

    from govsheet.xlsx.patch import attrs_of, set_attr

    data = book.workbook_xml
    restored: list[str] = []

    def hide(match: re.Match[bytes]) -> bytes:
        tag = match.group(0)
        attrs = attrs_of(tag[tag.find(b" "):-2] if tag.endswith(b"/>") else tag[tag.find(b" "):-1])
        name = attrs.get(b"name", b"").decode("utf-8", "replace")
        if name in {META_SHEET, BASELINE_SHEET} and attrs.get(b"state") != b"veryHidden":
            restored.append(name)
            return set_attr(tag, b"state", b"veryHidden")
        return tag

    new = re.sub(rb"<(?:\w+:)?sheet\b[^>]*>", hide, data)
    if restored:
        book.workbook_xml = new
    return restored


def meta_sheet_states(book: Any) -> dict[str, str]:
    """The state of each of govsheet's own sheets in a workbook open with the lossless engine.

    "visible", "hidden" or "veryHidden", by sheet name; govsheet writes them all very hidden.
    """
    import re

    from govsheet.workbook.layout import BASELINE_SHEET
    from govsheet.xlsx.patch import attrs_of

    states: dict[str, str] = {}
    for match in re.finditer(rb"<(?:\w+:)?sheet\b([^>]*?)/?>", book.workbook_xml):
        attrs = attrs_of(match.group(1))
        name = attrs.get(b"name", b"").decode("utf-8", "replace")
        if name in {META_SHEET, BASELINE_SHEET}:
            states[name] = attrs.get(b"state", b"visible").decode("ascii", "replace")
    return states
