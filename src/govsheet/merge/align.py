"""Match a return's rows to its baseline and to the master by primary key.

Matching is by key alone, so a return the officer sorted, filtered, hid rows in or
re-saved in LibreOffice lines up exactly as issued. What does not line up is kept
and reported: rows added to the return, rows deleted from it, and repeated keys.
"""

from __future__ import annotations

from dataclasses import dataclass

from govsheet.model.tracker import display
from govsheet.workbook.read import ActionsTable, Row


@dataclass
class Aligned:
    """One row key seen in the baseline or the return, with where it is in each workbook."""

    key: str
    baseline: dict[str, str] | None  # None: the row is not in the baseline (added)
    theirs: Row | None  # None: the row was deleted from the return
    master: Row | None  # None: the master has no row with this key now
    duplicate: bool = False  # a second row with the same key in the return


def index(table: ActionsTable, key_field: str) -> dict[str, Row]:
    """Rows by key text; the first row wins when a key repeats."""
    rows: dict[str, Row] = {}
    for row in table.rows:
        rows.setdefault(display(row.values.get(key_field)).strip(), row)
    return rows


def align(baseline: dict[str, dict[str, str]], theirs: ActionsTable, master: dict[str, Row],
          key_field: str) -> list[Aligned]:
    """Pair every baseline row and every return row, in baseline order then return order."""
    seen: set[str] = set()
    by_key: dict[str, Aligned] = {}
    extra: list[Aligned] = []
    for row in theirs.rows:
        key = display(row.values.get(key_field)).strip()
        if key in seen:
            extra.append(Aligned(key, baseline.get(key), row, master.get(key), duplicate=True))
            continue
        seen.add(key)
        by_key[key] = Aligned(key, baseline.get(key), row, master.get(key))
    pairs = [by_key.pop(key) if key in by_key else Aligned(key, base, None, master.get(key))
             for key, base in baseline.items()]
    return pairs + list(by_key.values()) + extra
