"""How a master records its tracked values in its metadata, to catch changes made by hand later.

Each row's tracked values (every schema field, as text) by key: JSON, compressed and split over
``tracked.1``, ``tracked.2``, ... cells (a cell holds at most 32,767 characters), with
``tracked_at`` saying when. What the record is compared with, and what a difference means, is
:mod:`govsheet.tracked`.
"""

from __future__ import annotations

import base64
import itertools
import json
import operator
import zlib
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from govsheet.model.schema import Schema
from govsheet.model.tracker import Value, display
from govsheet.workbook.layout import TRACKED_AT_KEY, TRACKED_PREFIX
from govsheet.workbook.read import Row, clean, grid_column

CHUNK = 30_000  # characters per metadata cell, under Excel's 32,767
Snapshot = dict[str, list[str]]


def snapshot(schema: Schema, rows: Iterable[Row]) -> Snapshot:
    """Each row's tracked values as text, by key (the first row of a repeated key wins).

    Taken field by field (C-level look-ups, a text value its own text), then one list a row.
    """
    return snapshot_values(schema, (row.values for row in rows))


def snapshot_values(schema: Schema, rows: Iterable[Mapping[str, Value]]) -> Snapshot:
    """:func:`snapshot` of rows given as their values by field name."""
    values = list(rows)
    texts = [[v if type(v) is str else display(v) for v in map(operator.methodcaller("get", f.name), values)]
             for f in schema.fields]
    return _keyed(schema, texts)


def _keyed(schema: Schema, texts: Sequence[Iterable[str]]) -> Snapshot:
    """The rows of field-by-field ``texts`` by key, the first of a repeated key kept; rows with no key left out."""
    at = [f.name for f in schema.fields].index(schema.primary_key)
    snap: Snapshot = {}
    for row in zip(*texts, strict=True):
        key = row[at].strip()
        if key and key not in snap:
            snap[key] = list(row)
    return snap


def snapshot_grid(schema: Schema, grid: Sequence[Sequence[Any]], header_row: int, columns: Mapping[str, int]
                  ) -> Snapshot:
    """:func:`snapshot` straight from a calamine grid (``header_row`` 1-based), column by column.

    A text cell is its own text, so only the other cells (numbers, dates, blanks) are converted.
    """
    body = grid[header_row:]
    width = min(map(len, body), default=0)
    texts: list[Iterable[str]] = []
    for spec in schema.fields:
        c = columns.get(spec.name)
        if c is None:
            texts.append(itertools.repeat("", len(body)))
            continue
        texts.append([v if type(v) is str else display(clean(v)) for v in grid_column(body, c, width)])  # "" is ""
    return _keyed(schema, texts)


def encode(snap: Snapshot, when: str, old_meta: Mapping[str, str]) -> dict[str, str | None]:
    """The metadata keys recording ``snap`` (older chunks no longer needed set to None, to be removed)."""
    # ASCII JSON (the C encoder's fast path) at a middle level: a 50,000-row record in a tenth of a second
    raw = json.dumps(snap, separators=(",", ":")).encode("ascii")
    text = base64.b64encode(zlib.compress(raw, 3)).decode("ascii")
    chunks = [text[i:i + CHUNK] for i in range(0, len(text), CHUNK)] or [""]
    values: dict[str, str | None] = {f"{TRACKED_PREFIX}{i}": chunk for i, chunk in enumerate(chunks, start=1)}
    for key in old_meta:
        if key.startswith(TRACKED_PREFIX) and key not in values:
            values[key] = None
    values[TRACKED_AT_KEY] = when
    return values


def decode(meta: Mapping[str, str]) -> Snapshot | None:
    """The recorded values, or None when the master has none (written before govsheet recorded them)."""
    parts = sorted((int(k[len(TRACKED_PREFIX):]), v) for k, v in meta.items()
                   if k.startswith(TRACKED_PREFIX) and k[len(TRACKED_PREFIX):].isdigit())
    if not parts:
        return None
    try:
        data = json.loads(zlib.decompress(base64.b64decode("".join(v for _, v in parts))).decode("utf-8"))
    except (ValueError, zlib.error):
        return None
    if not isinstance(data, dict):
        return None
    rows = data.values()
    if set(map(type, rows)) <= {list} and set(map(type, itertools.chain.from_iterable(rows))) <= {str}:
        return data  # as govsheet wrote it (JSON object keys are text already), checked at C speed
    return {str(k): [str(x) for x in v] if isinstance(v, list) else [] for k, v in data.items()}
