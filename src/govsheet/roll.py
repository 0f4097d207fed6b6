"""Start the next round: carry open actions forward, archive completed ones, keep the audit trail.

The new master is written with the lossless engine (:mod:`govsheet.xlsx`), so every
other sheet, chart, comment part, name, print setting and macro is copied byte for
byte. On the Actions sheet the rows of archived actions are deleted as Excel deletes
rows (:meth:`govsheet.xlsx.Sheet.delete_row_ranges`): every carried action keeps its
comments, height, rich text, hyperlinks, images and formats on its own row, formulas
(the icon column) keep pointing at their own row, and validation and conditional-format
ranges shrink with the table.

Closed actions go to an *Archive* sheet (created on the first roll, appended to
after) with the round and date they were archived. A sub-item without a status of its
own follows its parent; a parent stays while any of its parts is open. The last
progress update of each carried action is kept, prefixed with ``[<old round> update] ``
so officers can see it is last round's text and overwrite it (``clear_updates`` blanks
it instead). One Audit row per archived action and one for the roll itself are
appended to the hash chain; the metadata's round becomes the new label.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from govsheet.audit import AuditEntry, append_audit, chain, last_hash, rehidden_entries
from govsheet.errors import UsageError
from govsheet.files import guard_replace, refuse_overwrite
from govsheet.model.result import Result, plural
from govsheet.model.schema import Schema
from govsheet.model.tracker import Value, display
from govsheet.render.table import OpenTracker
from govsheet.tracked import TRACKED_AT, changed_outside
from govsheet.tracked import entries as outside_entries
from govsheet.workbook.meta import hide_meta_sheets, write_pairs
from govsheet.workbook.open import OpenedWorkbook
from govsheet.workbook.read import column_letter
from govsheet.workbook.snapshot import encode, snapshot, snapshot_grid

if TYPE_CHECKING:
    from govsheet.workbook.read import Row
    from govsheet.xlsx import Book, Sheet

ARCHIVE_SHEET = "Archive"
ARCHIVE_COLUMNS = ("Archived in round", "Archived on")
ARCHIVE_WIDTHS = (12, 17)  # of the two columns above: a round, a date such as "30 September 2021"
DATE_FORMAT = "d mmmm yyyy"
_MARK = re.compile(r"^\[[^\]\n]{1,80} update\] ")


class RollReport(Result):
    """What a roll did."""

    master: str
    out: str
    from_round: str
    to_round: str
    carried: list[str]
    archived: list[str]
    marked: int
    cleared: bool = False

    def to_text(self) -> str:
        archived = ", ".join(self.archived) or "none"
        updates = "cleared" if self.cleared else "marked as last round's"
        return (f"{self.out}: round {self.to_round} started from {self.master} (round {self.from_round or 'unnamed'}); "
                f"{plural(len(self.carried), 'open action')} carried forward, {len(self.archived)} archived "
                f"({archived}), {plural(self.marked, 'progress update')} {updates}")


def closed_rows(source: OpenTracker) -> set[int]:
    """The sheet rows to archive: closed actions, sub-items of archived parents, parents with no open part."""
    schema = source.schema
    status = schema.status_field
    key_of = {r.number: display(r.values.get(schema.primary_key)).strip() for r in source.table.rows}
    parent_of = {r.number: display(r.values.get(schema.parent)).strip() if schema.parent else ""
                 for r in source.table.rows}
    own: dict[int, bool | None] = {}
    for r in source.table.rows:
        text = display(r.values.get(status.name)).strip() if status else ""
        found = schema.read_status(text) if text else None
        own[r.number] = None if not text else bool(found and found[0].closed)
    by_key = {k: n for n, k in key_of.items() if k}
    closed: set[int] = set()
    for n, is_closed in own.items():
        if is_closed is True:
            closed.add(n)
    for n, is_closed in own.items():
        parent = by_key.get(parent_of[n])
        if is_closed is None and parent is not None and parent in closed:
            closed.add(n)
    # A parent stays while any of its sub-items or parts stays.
    open_parents = {by_key.get(parent_of[c]) for c in own if c not in closed}
    return closed - open_parents


def mark_update(text: Value, old_round: str) -> Value:
    """Last round's update, labelled as such (an earlier label is replaced, not stacked)."""
    if not isinstance(text, str) or not text.strip():
        return text
    label = old_round or "previous round"
    return f"[{label} update] " + _MARK.sub("", text, count=1)


def roll(
    master: Path,
    new_round: str,
    out: Path,
    *,
    clear_updates: bool = False,
    today: dt.date | None = None,
    force: bool = False,
) -> RollReport:
    """Write the next round's master to ``out``.

    Raises:
        UsageError: the label is blank or the current round, the workbook is a return, ``out`` is the master,
            or ``out`` exists and ``force`` is False (with ``force`` the old file is kept as ``NAME.bak.xlsx``).
        WorkbookError: the master cannot be read or ``out`` cannot be written.
        LockError: another govsheet command is changing the master.
    """
    from govsheet.workbook.lock import master_lock

    master, out = Path(master), Path(out)
    new_round = new_round.strip()
    if not master.is_file():
        OpenedWorkbook.open(master).close()  # its one clear line for a missing master or a folder, before any lock file
    with master_lock(master, "roll"):
        return _roll(master, new_round, out, clear_updates=clear_updates, today=today, force=force)


def _roll(master: Path, new_round: str, out: Path, *, clear_updates: bool, today: dt.date | None,
          force: bool) -> RollReport:
    with OpenedWorkbook.open(master) as opened:  # once: the metadata, the Actions sheet, the Audit rows, the package
        return _roll_open(master, opened, new_round, out, clear_updates=clear_updates, today=today, force=force)


def _roll_open(master: Path, opened: OpenedWorkbook, new_round: str, out: Path, *, clear_updates: bool,
               today: dt.date | None, force: bool) -> RollReport:
    source = _check(master, opened, new_round, out)
    if out.exists() and not force:
        guard_replace(out, force=False)
    old_round = source.meta.get("round", "")
    today = today or dt.datetime.now(dt.UTC).date()
    schema = source.schema
    archived = closed_rows(source)
    audit_rows = opened.audit_rows

    book = opened.book
    sheet = book.sheet(source.table.sheet)
    kept = [n for n in range(source.table.header_row + 1, sheet.max_row + 1) if n not in archived]
    marked = _mark_updates(sheet, source, kept, None if clear_updates else old_round)
    done = [r for r in source.table.rows if r.number in archived]
    _archive(book, sheet, source, done, old_round, today)
    # whole rows go, as in Excel: comments, heights, rich text, links, images and formats stay on their action
    sheet.delete_row_ranges([(n, n) for n in sorted(archived)])
    carried = [_key(schema, r.values) for r in source.table.rows if r.number not in archived]
    entries = _audit_entries(source, master, opened.sha256, done, len(carried), new_round)
    outside = changed_outside(schema, source.meta, snapshot(schema, source.table.rows))
    found = outside_entries(outside, when=entries[-1].when, round_label=old_round,
                            since=source.meta.get(TRACKED_AT, ""), source=master.name, sha256=entries[-1].source_sha256)
    found += rehidden_entries(book, when=entries[-1].when, round_label=old_round, source=master.name,
                              sha256=entries[-1].source_sha256)
    append_audit(book, chain([*found, *entries], last_hash(audit_rows)))
    write_pairs(book, {"round": new_round, "previous_round": old_round, "rolled": entries[-1].when},
                opened.meta_rows)  # the rows of the metadata sheet, as read: roll moves only the Actions rows
    hide_meta_sheets(book)
    guard_replace(out, force=force)
    book.save(out)
    _record_tracked(out, schema, entries[-1].when)
    return RollReport(master=str(master), out=str(out), from_round=old_round, to_round=new_round,
                      carried=carried, archived=[_key(schema, r.values) for r in done], marked=marked,
                      cleared=clear_updates)


def _check(master: Path, opened: OpenedWorkbook, new_round: str, out: Path) -> OpenTracker:
    if not new_round:
        raise UsageError(None, "--round needs a label for the new round, e.g. 2021/22 Q1")
    schema = opened.resolve_schema()
    source = OpenTracker(schema=schema, meta=opened.meta or {}, table=opened.actions(schema))
    if source.meta.get("kind", "master") != "master":
        raise UsageError(master, f"is a {source.meta.get('kind')} workbook; roll the master it came from")
    if new_round == source.meta.get("round", ""):
        raise UsageError(master, f"is already in round {new_round!r}; give the label of the next round")
    refuse_overwrite(out, [master], "is the master itself; write the new round to another file so the old one stays")
    return source


def _mark_updates(sheet: Sheet, source: OpenTracker, kept: Sequence[int], old_round: str | None) -> int:
    """Mark (or, with ``old_round`` None, clear) the updates of the rows carried forward, in place."""
    table = source.table
    editable_text = {f.name for f in source.schema.fields if f.editable and f.type == "text"}
    marked = 0
    for n in kept:
        for name, c in table.columns.items():
            if name not in editable_text:
                continue
            ref = f"{column_letter(c)}{n}"
            cell = sheet.cell(ref)
            if cell.formula is None and isinstance(cell.value, str) and cell.value.strip():
                sheet.set(ref, "" if old_round is None else mark_update(cell.value, old_round))
                marked += 1
    return marked


def _audit_entries(source: OpenTracker, master: Path, sha: str, done: Sequence[Row], carried: int,
                   new_round: str) -> list[AuditEntry]:
    """One Audit entry per archived action, then one for the roll itself (``sha``: the master's SHA-256)."""
    schema = source.schema
    old_round = source.meta.get("round", "")
    when = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
    status = schema.status_field
    entries = [AuditEntry(when, new_round, "", display(r.values.get(schema.owner)), _key(schema, r.values), "",
                          display(r.values.get(status.name)) if status else "", "", "archived",
                          f"closed in round {old_round or 'unnamed'}; moved to the {ARCHIVE_SHEET} sheet",
                          master.name, sha) for r in done]
    entries.append(AuditEntry(when, new_round, "", "", "", "round", old_round, new_round, "rolled",
                              f"{carried} open actions carried forward, {len(done)} archived", master.name, sha))
    return entries


def _key(schema: Schema, values: dict[str, Value]) -> str:
    return display(values.get(schema.primary_key)).strip()


def _archive(book: Book, actions: Sheet, source: OpenTracker, rows: Sequence[Row], old_round: str,
             today: dt.date) -> None:
    """Copy the archived rows to the Archive sheet with their formatting (styles, rich text, heights)."""
    if not rows:
        return
    schema = source.schema
    data: list[list[Value]] = [[old_round, today, *(r.values.get(f.name) for f in schema.fields)] for r in rows]
    # the Actions column of each field, 1-based, and its Archive column after the two round columns
    columns = {source.table.columns[f.name] + 1: i + 1 + len(ARCHIVE_COLUMNS) for i, f in enumerate(schema.fields)
               if f.name in source.table.columns}
    if ARCHIVE_SHEET in book.sheet_names:
        sheet = book.sheet(ARCHIVE_SHEET)
        numbers = sheet.append_rows(data)
        widths: list[float] | None = None
    else:
        sheet = book.add_sheet(ARCHIVE_SHEET)
        shown = actions.column_widths()
        widths = [*ARCHIVE_WIDTHS, *(shown.get(col, 9.14) for col in sorted(columns))]
        sheet.set_column_widths(widths)
        header = book.add_style(0, fill="#1F3864", font_colour="#FFFFFF", bold=True, wrap=True)
        day = book.add_style(0, num_fmt=DATE_FORMAT)
        titles = [*ARCHIVE_COLUMNS, *(f.title for f in schema.fields)]
        for c, title in enumerate(titles):
            sheet.set(f"{column_letter(c)}1", title, style=header)
        numbers = list(range(2, len(data) + 2))
        for r, values in zip(numbers, data, strict=True):
            for c, value in enumerate(values):
                sheet.set(f"{column_letter(c)}{r}", value, style=day if isinstance(value, dt.date) else None)
    for number, row in zip(numbers, rows, strict=True):
        sheet.paste_row(number, actions.row_copy(row.number), columns)
    if widths is not None:
        _lay_out_archive(book, sheet, schema, widths, len(data))


def _lay_out_archive(book: Book, sheet: Sheet, schema: Schema, widths: Sequence[float], rows: int) -> None:
    """A new Archive sheet prints as the Actions sheet does: A4 landscape at 8 pt or more, the same columns
    (the request and history columns stay on screen), the header row and the two round columns on every
    page, fitted to the width where the text stays that size (else over more pages)."""
    from govsheet.workbook.write import MIN_PRINT_SCALE, page_chars
    from govsheet.xlsx.page import PageLayout, lay_out_table

    managed = schema.managed_fields
    first = next((i for i, f in enumerate(schema.fields) if f.name in managed), len(schema.fields))
    printed = len(ARCHIVE_COLUMNS) + first
    fits = sum(widths[:printed]) <= page_chars(printed)
    lay_out_table(book, sheet, PageLayout(last_row=rows + 1, last_col=len(widths), footer=ARCHIVE_SHEET,
                                          fit_width=fits, scale=round(MIN_PRINT_SCALE * 100), header_height=30,
                                          title_columns=0 if fits else len(ARCHIVE_COLUMNS),
                                          printed_columns=printed))


def _record_tracked(path: Path, schema: Schema, when: str) -> None:
    """Record the new master's tracked values (see govsheet.tracked), read back from the file written."""
    from govsheet.merge.align import read_master

    with OpenedWorkbook.open(path) as opened:  # once: the grid read back and the package patched
        table, rows = read_master(path, opened, schema)
        values = encode(snapshot_grid(schema, rows.grid, table.header_row, table.columns), when, opened.meta or {})
        write_pairs(opened.book, values, opened.meta_rows)
        opened.book.save()
