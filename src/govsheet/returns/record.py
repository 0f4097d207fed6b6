"""The round as the master records it: each return issued, beside each return merged.

``govsheet issue`` adds one metadata row per return it wrote, keyed ``issued:<return id>``,
whose value is a small JSON object: the owner, the file name and folder, the due date, when
it was issued, the round and the master's round, the number of rows, the contact named and the
SHA-256 of the file as written (so a copy sent back untouched is not taken for an answer). Merge already
records ``merged:<return id>``. Issuing again for an owner replaces that owner's record: the
round has one current return per owner, and a return issued earlier to them is no longer
expected back.

Only the metadata sheet changes, with the lossless engine; every other part of the master is
copied byte for byte, and neither the Audit chain nor the tracked values are touched, so the
next command finds no change made outside govsheet.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from govsheet.returns.owners import owner_key
from govsheet.workbook.layout import ISSUED_PREFIX, MERGED_PREFIX

if TYPE_CHECKING:
    from govsheet.xlsx import Book


@dataclass(frozen=True)
class IssueRecord:
    """One return the master issued."""

    return_id: str
    owner: str
    file: str  # the file name issue gave it
    folder: str  # the folder it was written into, as given
    due: str  # ISO date, or "" when none was set
    issued: str  # ISO timestamp, UTC
    round: str
    master_round: str
    rows: int
    sha256: str = ""
    contact: str = ""  # whom the officer was told to ask and send the return to

    def pair(self) -> tuple[str, str]:
        """The metadata key and value recording this return."""
        body = {k: v for k, v in asdict(self).items() if k != "return_id"}
        return ISSUED_PREFIX + self.return_id, json.dumps(body, ensure_ascii=False, sort_keys=True,
                                                          separators=(",", ":"))


def read_records(meta: Mapping[str, str]) -> list[IssueRecord]:
    """Every return recorded as issued, in metadata order; a row damaged by hand is left out."""
    records: list[IssueRecord] = []
    for key, value in meta.items():
        if not key.startswith(ISSUED_PREFIX) or not value:
            continue
        try:
            body = json.loads(value)
            records.append(IssueRecord(
                return_id=key[len(ISSUED_PREFIX):], owner=str(body["owner"]), file=str(body.get("file", "")),
                folder=str(body.get("folder", "")), due=str(body.get("due", "")), issued=str(body.get("issued", "")),
                round=str(body.get("round", "")), master_round=str(body.get("master_round", "")),
                rows=int(body.get("rows", 0)), sha256=str(body.get("sha256", "")),
                contact=str(body.get("contact", ""))))
        except (ValueError, TypeError, KeyError, AttributeError):
            continue
    return records


def current_records(meta: Mapping[str, str]) -> dict[str, IssueRecord]:
    """The return issued to each owner in the master's present round, by owner key (the latest wins)."""
    current: dict[str, IssueRecord] = {}
    for record in read_records(meta):
        if record.master_round == meta.get("round", ""):
            current[owner_key(record.owner)] = record
    return current


def merged_returns(meta: Mapping[str, str]) -> dict[str, str]:
    """Return id -> when it was (last) merged, from the ``merged:`` records."""
    return {k[len(MERGED_PREFIX):]: v.split(" ")[0] for k, v in meta.items() if k.startswith(MERGED_PREFIX)}


def record_values(meta: Mapping[str, str], records: Sequence[IssueRecord]) -> dict[str, str | None]:
    """The metadata changes recording ``records``: each owner's earlier record removed, the new one added."""
    owners = {owner_key(r.owner) for r in records}
    values: dict[str, str | None] = {
        ISSUED_PREFIX + old.return_id: None for old in read_records(meta) if owner_key(old.owner) in owners}
    for record in records:
        key, value = record.pair()
        values[key] = value
    return values


def write_records(master: Path, meta: Mapping[str, str], records: Sequence[IssueRecord], *,
                  book: Book | None = None) -> None:
    """Record issued returns in the master's metadata: one atomic save that changes nothing else.

    The caller holds the master's lock and read ``meta`` under it (``book``: the master as it opened it).

    Raises:
        WorkbookError: the master cannot be opened or written.
    """
    from govsheet.workbook.meta import hide_meta_sheets, write_pairs
    from govsheet.xlsx import Book

    if not records:
        return
    with Book.open(master) if book is None else contextlib.nullcontext(book) as opened:
        write_pairs(opened, record_values(meta, records))
        hide_meta_sheets(opened)
        opened.save()
