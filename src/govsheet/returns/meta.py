"""What a return carries about itself: its metadata and the baseline of every row.

The ``_govsheet`` sheet holds key/value metadata (kind, return id, owner, round, due
date, schema, the master's fingerprint, a checksum). The ``_govsheet_baseline`` sheet
holds one row per action with the values the officer was sent (as JSON), for every
field of the schema, so a merge can tell what the officer changed from what the
governance team changed. Both sheets are very hidden. The checksum is a SHA-256 over
the metadata and the baseline: an altered baseline is detected (it is an integrity
check, not a signature against someone who recomputes it).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from govsheet.errors import ReturnError
from govsheet.workbook.layout import BASELINE_CELL_CHARS, BASELINE_HEADER, BASELINE_SHEET, CHECKSUM_KEY, META_SHEET
from govsheet.workbook.meta import checksum, read_baseline, read_pairs
from govsheet.workbook.open import OpenedWorkbook

Baseline = dict[str, dict[str, str]]  # action key -> field name -> value as text


@dataclass
class ReturnMeta:
    """The metadata of one return workbook."""

    return_id: str
    owner: str
    round: str
    due: str
    schema: str
    schema_hash: str
    master_fingerprint: str
    issued: str
    master_round: str = ""  # the master's round when issued; another round now makes the return stale
    baseline: Baseline = field(default_factory=dict)
    schema_json: str = ""  # the whole schema the return was issued with (empty in older returns)

    def items(self) -> dict[str, str]:
        """The key/value pairs of the metadata sheet, checksum last."""
        pairs = {
            "kind": "return",
            "return_id": self.return_id,
            "owner": self.owner,
            "round": self.round,
            "due": self.due,
            "schema": self.schema,
            "schema_hash": self.schema_hash,
            "master_fingerprint": self.master_fingerprint,
            "issued": self.issued,
            "master_round": self.master_round,
            "rows": str(len(self.baseline)),
        }
        if self.schema_json:
            pairs["schema_json"] = self.schema_json
        pairs[CHECKSUM_KEY] = checksum(pairs, self.baseline)
        return pairs


def master_fingerprint(meta: dict[str, str]) -> str:
    """The identity of a master: its schema and creation stamp, which merges never change.

    Merging returns changes a master's cells but not its metadata's ``created``
    stamp, so a return issued in round R of master M stays valid while other returns
    of round R are merged into M; a master rebuilt by import or rolled to a new round
    has a new stamp, and returns issued from the old one are stale.
    """
    parts = [meta.get("schema", ""), meta.get("created", ""), meta.get("master_id", "")]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


def write_baseline(book: Any, baseline: Baseline) -> Any:
    """Add the very-hidden baseline sheet to an XlsxWriter workbook: one row per action, its fields as JSON."""
    sheet = book.add_worksheet(BASELINE_SHEET)
    sheet.very_hidden()
    for c, title in enumerate(BASELINE_HEADER):
        sheet.write_string(0, c, title)
    for r, (key, values) in enumerate(baseline.items(), start=1):
        sheet.write_string(r, 0, key)
        text = json.dumps(values, ensure_ascii=False, separators=(",", ":"))
        for c, start in enumerate(range(0, len(text), BASELINE_CELL_CHARS), start=1):
            sheet.write_string(r, c, text[start:start + BASELINE_CELL_CHARS])
    return sheet


def read_return_meta(path: Path, book: Any) -> ReturnMeta:
    """The metadata and baseline of a return opened with calamine (or the one opened workbook, whose
    metadata and baseline are read once for every stage).

    Raises:
        ReturnError: the workbook is not a govsheet return, or its metadata was altered.
    """
    names = book.sheet_names
    if META_SHEET not in names:
        raise ReturnError(path, "is not a govsheet return (no metadata sheet); merge only files made by "
                                "'govsheet issue'")
    pairs = getattr(book, "meta", None) or read_pairs(book)
    if pairs.get("kind") != "return":
        raise ReturnError(path, f"is a govsheet {pairs.get('kind') or 'workbook'}, not a return")
    if BASELINE_SHEET not in names:
        raise ReturnError(path, "has lost its baseline sheet; issue the return again")
    baseline = getattr(book, "baseline", None) or read_baseline(book)
    # the one opened workbook works it out once, for this reader and the validator's rule
    expected = book.meta_checksum if isinstance(book, OpenedWorkbook) else checksum(pairs, baseline)
    if expected != pairs.get(CHECKSUM_KEY):
        raise ReturnError(path, "its hidden metadata was altered (checksum mismatch); issue the return again")
    try:
        return ReturnMeta(return_id=pairs["return_id"], owner=pairs["owner"], round=pairs["round"],
                          due=pairs["due"], schema=pairs["schema"], schema_hash=pairs["schema_hash"],
                          master_fingerprint=pairs["master_fingerprint"], issued=pairs["issued"],
                          master_round=pairs.get("master_round", pairs["round"]), baseline=baseline,
                          schema_json=pairs.get("schema_json", ""))
    except KeyError as exc:
        raise ReturnError(path, f"its metadata has no {exc.args[0]!r}; issue the return again") from None
