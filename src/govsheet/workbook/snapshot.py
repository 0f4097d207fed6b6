"""How a master records its tracked values in its metadata, to catch changes made by hand later.

Each row's tracked values (every schema field, as text) by key: the keys and then each field
as a column of text (JSON when a value holds one of the separators), compressed and split over
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
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from govsheet.model.schema import Schema
from govsheet.model.tracker import Value, display
from govsheet.workbook.layout import TRACKED_AT_KEY, TRACKED_PREFIX
from govsheet.workbook.read import Row, clean, grid_column

CHUNK = 30_000  # characters per metadata cell, under Excel's 32,767
Snapshot = Mapping[str, list[str]]  # key -> the row's tracked values, in field order


class Columns(Mapping[str, list[str]]):
    """A snapshot held as it is read and recorded: the keys (each once), and each field's values in their order.

    Comparing two of them, setting a few cells and recording one are a handful of C-level list
    operations; a row is made only when it is asked for by key.
    """

    def __init__(self, keys: list[str], columns: list[list[str]], joined: dict[int, str | None] | None = None) -> None:
        self.keys_list = keys
        self.columns = columns  # one list a field, in schema order, each as long as keys_list
        self._at: dict[str, int] | None = None
        # the record's text of the keys (0) and of each field (1, 2, ...), once worked out; None: it holds a separator
        self.joined = joined if joined is not None else {}

    def joined_text(self, at: int) -> str | None:
        """The keys (``at`` 0) or one field's values (1, 2, ...) joined as the record holds them, or None when a
        value holds a separator; worked out once (a copy with other values in that column starts afresh)."""
        if at not in self.joined:
            self.joined[at] = _joined(self.columns[at - 1] if at else self.keys_list)
        return self.joined[at]

    def position(self, key: str) -> int | None:
        """Where ``key``'s row is in the columns, or None."""
        if self._at is None:
            self._at = dict(zip(self.keys_list, range(len(self.keys_list)), strict=True))
        return self._at.get(key)

    def __getitem__(self, key: str) -> list[str]:
        at = self.position(key)
        if at is None:
            raise KeyError(key)
        return [column[at] for column in self.columns]

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.position(key) is not None

    def __iter__(self) -> Iterator[str]:
        return iter(self.keys_list)

    def __len__(self) -> int:
        return len(self.keys_list)

    def rows(self) -> dict[str, list[str]]:
        """Every row by key, built at C speed."""
        return dict(zip(self.keys_list, map(list, zip(*self.columns, strict=True)), strict=True))

    def __eq__(self, other: object) -> bool:
        if other is self:
            return True
        if isinstance(other, Columns):
            return self.keys_list == other.keys_list and self.columns == other.columns
        if isinstance(other, Mapping):
            return self.rows() == dict(other.items())  # a record read as JSON: compared as dicts, at C speed
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # a mapping, like dict


def snapshot(schema: Schema, rows: Iterable[Row]) -> Columns:
    """Each row's tracked values as text, by key (the first row of a repeated key wins).

    Taken field by field (C-level look-ups, a text value its own text) and kept so.
    """
    return snapshot_values(schema, (row.values for row in rows))


def snapshot_values(schema: Schema, rows: Iterable[Mapping[str, Value]]) -> Columns:
    """:func:`snapshot` of rows given as their values by field name."""
    values = list(rows)
    texts = [[v if type(v) is str else display(v) for v in map(operator.methodcaller("get", f.name), values)]
             for f in schema.fields]
    return _keyed(schema, texts)


def _keyed(schema: Schema, texts: Sequence[Iterable[str]], joined: dict[int, str | None] | None = None) -> Columns:
    """The rows of field-by-field ``texts`` by key, the first of a repeated key kept; rows with no key left out.

    ``joined``: the record's text of some of the columns (as :meth:`Columns.joined_text`), kept when no row is.
    """
    at = [f.name for f in schema.fields].index(schema.primary_key)
    columns = [t if isinstance(t, list) else list(t) for t in texts]
    keys = [k.strip() for k in columns[at]]
    if "" in keys or len(set(keys)) != len(keys):
        first: dict[str, int] = {}
        for i, key in enumerate(keys):
            if key and key not in first:
                first[key] = i
        picked = list(first.values())
        keys = list(first)
        columns = [[column[i] for i in picked] for column in columns]
        joined = None
    return Columns(keys, columns, joined)


def snapshot_grid(schema: Schema, grid: Sequence[Sequence[Any]], header_row: int, columns: Mapping[str, int]
                  ) -> Columns:
    """:func:`snapshot` straight from a calamine grid (``header_row`` 1-based), column by column.

    A text cell is its own text, so only the other cells (numbers, dates, blanks) are converted. A
    column of text (most of them) is found so by joining it as the record holds it, text kept for
    comparing with the record and for recording it.
    """
    body = grid[header_row:]
    width = min(map(len, body), default=0)
    texts: list[Iterable[str]] = []
    joined: dict[int, str | None] = {}
    for at, spec in enumerate(schema.fields, start=1):
        c = columns.get(spec.name)
        if c is None:
            texts.append(itertools.repeat("", len(body)))
            continue
        cells = list(grid_column(body, c, width))
        try:
            joined[at] = _joined(cells)
        except TypeError:  # a number, a date or a blank among them
            cells = [v if type(v) is str else display(clean(v)) for v in cells]  # "" is ""
        texts.append(cells)
    return _keyed(schema, texts, joined)


def encode(snap: Snapshot, when: str, old_meta: Mapping[str, str]) -> dict[str, str | None]:
    """The metadata keys recording ``snap`` (older chunks no longer needed set to None, to be removed)."""
    raw = _columns_text(snap)
    if raw is None:  # ASCII JSON (the C encoder's fast path) when a value holds a separator
        raw = json.dumps(snap.rows() if isinstance(snap, Columns) else dict(snap), separators=(",", ":"))
    text = base64.b64encode(zlib.compress(raw.encode("utf-8"), 2)).decode("ascii")  # level 2: as small as 3, faster
    chunks = [text[i:i + CHUNK] for i in range(0, len(text), CHUNK)] or [""]
    values: dict[str, str | None] = {f"{TRACKED_PREFIX}{i}": chunk for i, chunk in enumerate(chunks, start=1)}
    for key in old_meta:
        if key.startswith(TRACKED_PREFIX) and key not in values:
            values[key] = None
    values[TRACKED_AT_KEY] = when
    return values


# The record column by column: the keys, then each field, a column's values split by US and the
# columns by RS (control characters a tracker's text all but never holds; if it does, JSON is used).
_COLUMNS = "govsheet tracked columns 1\n"
_US, _RS = "\x1f", "\x1e"


def _columns_text(snap: Snapshot) -> str | None:
    """The record's text of ``snap``: its header and :func:`_columns_body`, or None."""
    body = _columns_body(snap)
    return None if body is None else _COLUMNS + body


def _columns_body(snap: Snapshot) -> str | None:
    """``snap`` as columns (a few C-level joins), or None when it cannot be: no rows, or a value holds US or RS."""
    if not isinstance(snap, Columns):
        rows = list(snap.values())
        if len(set(map(len, rows))) != 1:
            return None
        snap = Columns(list(snap), [list(c) for c in zip(*rows, strict=True)])
    if not snap.keys_list or not snap.columns:
        return None
    parts = [snap.joined_text(at) for at in range(len(snap.columns) + 1)]
    texts = [part for part in parts if part is not None]
    return _RS.join(texts) if len(texts) == len(parts) else None


def _joined(column: Sequence[str]) -> str | None:
    """A column's values joined by US, or None when a value holds US or RS (the record is then JSON).

    Raises:
        TypeError: a value is not text.
    """
    text = _US.join(column)
    return text if text.count(_US) == len(column) - 1 and _RS not in text else None


def _from_columns(text: str) -> Columns | None:
    keys, *fields = (column.split(_US) for column in text.split(_RS))
    if not fields or any(len(f) != len(keys) for f in fields) or len(set(keys)) != len(keys):
        return None  # damaged
    return Columns(keys, fields)


def decode(meta: Mapping[str, str], like: Columns | None = None) -> Snapshot | None:
    """The recorded values, or None when the master has none (written before govsheet recorded them).

    ``like`` (the values now): when the record holds exactly these, ``like`` itself is returned,
    found by comparing the record's text with theirs rather than splitting it into 350,000 values
    (a 50,000-row master, nothing changed by hand: the usual case).
    """
    parts = sorted((int(k[len(TRACKED_PREFIX):]), v) for k, v in meta.items()
                   if k.startswith(TRACKED_PREFIX) and k[len(TRACKED_PREFIX):].isdigit())
    if not parts:
        return None
    try:
        text = zlib.decompress(base64.b64decode("".join(v for _, v in parts))).decode("utf-8")
    except (ValueError, zlib.error):
        return None
    if text.startswith(_COLUMNS):
        body = text[len(_COLUMNS):]
        if like is not None and body == _columns_body(like):
            return like
        return _from_columns(body)
    return _from_json(text)


def _from_json(text: str) -> Snapshot | None:
    """A record as govsheet wrote it before the columns (or with a separator in a value)."""
    try:
        data = json.loads(text)
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    rows = data.values()
    if set(map(type, rows)) <= {list} and set(map(type, itertools.chain.from_iterable(rows))) <= {str}:
        return data  # as govsheet wrote it (JSON object keys are text already), checked at C speed
    return {str(k): [str(x) for x in v] if isinstance(v, list) else [] for k, v in data.items()}
