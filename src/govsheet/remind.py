"""Reminder e-mail drafts for the owners whose return a round's status finds late or outstanding.

Each reminder is drafted as the invitations are (:mod:`govsheet.returns.mail`): To from the
Owners sheet, the return attached again as issued, the body from :data:`REMINDER` or the
team's template. govsheet never sends mail.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from govsheet.errors import UsageError
from govsheet.model.result import Result, plural
from govsheet.returns.mail import REMINDER, Drafting, build_draft, compose, recipients, values_for, write_draft

if TYPE_CHECKING:
    from govsheet.model.schema import Schema
    from govsheet.status import OwnerStatus, StatusReport


class ReminderDraft(Result):
    """One reminder written: for whom, where, its To ("" when none) and why it has none, the return attached."""

    owner: str
    path: str
    to: str
    attached: str = ""  # the return attached, "" when its file was not found
    no_email: str = ""  # why the To is empty ("" when it is not)


class RemindReport(Result):
    """The reminder drafts ``status --mail`` wrote, for the owners whose return is late or outstanding."""

    out: str
    drafts: tuple[ReminderDraft, ...] = ()

    @property
    def ok(self) -> bool:
        """True when every draft has an address to go to."""
        return not any(d.no_email for d in self.drafts)

    def to_text(self) -> str:
        lines = [f"{d.path}: reminder for {d.owner}" + ("" if d.attached else "; the return's file was not found, "
                                                          "so nothing is attached") for d in self.drafts]
        lines += [f"no e-mail address: {d.owner}: {d.no_email}; the draft's To is empty" for d in self.drafts
                  if d.no_email]
        lines.append(f"{plural(len(self.drafts), 'reminder draft')} written to {self.out}")
        return "\n".join(lines)


def reminder_names(owners: Sequence[OwnerStatus]) -> list[str]:
    """The file names of the reminders, one per owner, safe on every system."""
    from govsheet.returns.owners import slug

    names: list[str] = []
    for owner in owners:
        stem = f"reminder-{slug(owner.owner)}"
        candidate, n = stem, 2
        while f"{candidate}.eml" in names:
            candidate, n = f"{stem}-{n}", n + 1
        names.append(f"{candidate}.eml")
    return names


def issued_file(owner: OwnerStatus, master: Path) -> Path | None:
    """The return as issue wrote it: in its folder, else in a folder of that name beside the master."""
    for folder in (Path(owner.folder), master.parent / Path(owner.folder).name):
        candidate = folder / owner.file
        if owner.file and candidate.is_file():
            return candidate
    return None


def draft_reminders(report: StatusReport, out: Path, drafting: Drafting, *, schema: Schema,
                    force: bool = False) -> RemindReport:
    """Write a reminder draft into ``out`` for each owner whose return is late or outstanding.

    Raises:
        UsageError: a draft would replace a file without ``force``.
        WorkbookError: the folder cannot be written.
    """
    from govsheet.files import guard_replace_all

    due = [o for o in report.owners if o.outstanding]
    names = reminder_names(due)
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise UsageError(out, "is a file; give a folder for the reminder drafts")
    out.mkdir(parents=True, exist_ok=True)
    guard_replace_all(out, names, force=force)
    today = dt.date.fromisoformat(report.today)
    template = drafting.template or REMINDER
    drafts: list[ReminderDraft] = []
    for owner, name in zip(due, names, strict=True):
        to, why = recipients(owner.email)
        attachment = issued_file(owner, Path(report.master))
        values = values_for(owner=owner.owner, round_label=report.round, title=schema.title, due=owner.due,
                            file=owner.file, rows=owner.rows, fields=[f.title for f in schema.editable],
                            contact=owner.contact or drafting.contact, return_id=owner.return_id, today=today)
        subject, text = compose(template, values)
        message = build_draft(to=to, sender=drafting.sender, subject=subject or compose(REMINDER, values)[0],
                              text=text, attachment=attachment)
        path = write_draft(out / name, message)
        drafts.append(ReminderDraft(owner=owner.owner, path=str(path), to=to,
                                    attached=str(attachment) if attachment else "", no_email=why))
    return RemindReport(out=str(out), drafts=tuple(drafts))
