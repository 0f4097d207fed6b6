"""``govsheet issue`` from start to end: under the master's lock, write the returns and record them.

The master is read, the returns written into their folder, and then the master's metadata
records each return issued (:mod:`govsheet.returns.record`), all while the master's lock is
held, so no merge lands between the read and the record. The returns are written first: if
the master cannot be written afterwards, the command fails saying so, and the returns are
there to be issued again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from govsheet.errors import UsageError
from govsheet.files import guard_replace_all, sha256_of
from govsheet.model.schema import Schema
from govsheet.returns.owners import owner_key, slug
from govsheet.returns.record import IssueRecord, write_records
from govsheet.returns.write import IssueResult, group_by_owner, issue_returns, read_master_round

if TYPE_CHECKING:
    from govsheet.model.tracker import Tracker
    from govsheet.returns.directory import Directory
    from govsheet.returns.mail import Drafting


def issue_round(  # noqa: PLR0913 - the options of `govsheet issue`, keyword-only
    master: Path,
    out: Path,
    *,
    owners: Sequence[str] = (),
    round_label: str | None = None,
    due: dt.date | None = None,
    contact: str = "the governance team",
    schema: str | Path | Schema | None = None,
    force: bool = False,
    mail: Drafting | None = None,
) -> IssueResult:
    """Write the returns of ``master`` into ``out``, record them in the master, and draft their e-mails.

    Raises:
        WorkbookError: the master cannot be read or written; the folder cannot be written.
        UsageError: no row belongs to any owner asked for; a file would be replaced without ``force``;
            the master is open in Excel or LibreOffice.
        LockError: another govsheet command is changing the master.
    """
    from govsheet.workbook.lock import master_lock
    from govsheet.workbook.open import OpenedWorkbook
    from govsheet.xlsx.edit import open_elsewhere

    master = Path(master)
    if not master.is_file():
        OpenedWorkbook.open(master).close()  # its one clear line for a missing master or a folder, before any lock file
    # the master opened once, under the lock: read for the returns, then patched with the record of them
    with master_lock(master, "issue"), OpenedWorkbook.open(master) as opened:
        tracker, model, meta, directory = read_master_round(master, schema, opened=opened)
        lock = open_elsewhere(master)
        if lock is not None:
            raise UsageError(master, f"is open in Excel or LibreOffice ({lock.name} is beside it), which would write "
                                     "over the record of the returns issued when it saves; close it first")
        names = return_names(tracker, model, owners, directory)
        guard_replace_all(Path(out), [*names, *(f"{Path(n).stem}.eml" for n in names if mail is not None)],
                          force=force)
        result = issue_returns(master, tracker, model, meta, Path(out), owners=owners, round_label=round_label,
                               due=due, contact=contact, directory=directory)
        records = [IssueRecord(return_id=r.return_id, owner=r.owner, file=r.path.name, folder=str(Path(out)),
                               due=result.due, issued=result.issued, round=result.round,
                               master_round=meta.get("round", ""), rows=r.rows, sha256=sha256_of(r.path),
                               contact=contact)
                   for r in result.returns]
        write_records(master, meta, records, book=opened.book)
        result = replace(result, recorded=bool(records))
    if mail is not None:
        from govsheet.returns.mail import draft_invitations

        result = draft_invitations(result, model, directory, mail)
    return result


def return_names(tracker: Tracker, schema: Schema, owners: Sequence[str],
                 directory: Directory | None) -> list[str]:
    """The file names ``issue`` gives the returns it writes (as :func:`issue_returns` names them)."""
    groups = group_by_owner(tracker, schema, directory)
    groups.pop("", None)  # an Owners row with no name gets no return
    keys = [k for k in (owner_key(o) for o in owners) if k in groups] if owners else list(groups)
    names: list[str] = []
    for key in keys:
        stem = slug(groups[key][0])
        candidate, n = stem, 2
        while f"{candidate}.xlsx" in names:
            candidate, n = f"{stem}-{n}", n + 1
        names.append(f"{candidate}.xlsx")
    return names
