"""E-mail drafts for the round: the invitation beside each return (reminders for the late are
drafted from the round's status by :mod:`govsheet.remind`, with the same machinery).

Each draft is an RFC 5322 message (``.eml``) made with the standard library's ``email``
package: To from the Owners sheet (left empty, and the owner listed, when the sheet has no
address or one that is not an address: an address is never guessed), From left to the mail
client unless given, a subject with the round and the due date, a plain-text body and the same
text as HTML, and the return attached as an xlsx workbook. The header ``X-Unsent: 1`` makes
Outlook open the file as a message ready to send; ``X-Mozilla-Draft-Info`` marks it as a draft
for Thunderbird (see docs/round.md for how each opens it). govsheet never sends mail.

A template (``--template FILE``) replaces the body: plain text with ``$owner``-style
placeholders (:data:`PLACEHOLDERS`), paragraphs separated by blank lines, and an optional first
line ``Subject: ...`` that replaces the subject.
"""

from __future__ import annotations

import datetime as dt
import re
import string
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from email import policy
from email.message import EmailMessage
from email.utils import format_datetime
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from govsheet.errors import UsageError
from govsheet.files import atomic_output
from govsheet.model.result import plural

if TYPE_CHECKING:
    from govsheet.model.schema import Schema
    from govsheet.returns.directory import Directory
    from govsheet.returns.write import IssueResult, RefusedOwner

XLSX_TYPE = ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
THUNDERBIRD_DRAFT = "internal/draft; vcard=0; receipt=0; DSN=0; uuencode=0; attachmentreminder=0; deliveryformat=4"
PLACEHOLDERS: dict[str, str] = {
    "owner": "the owner, as the Owners sheet names them",
    "round": 'the round label ("this round" when the master has none)',
    "title": "the tracker's title, from the schema",
    "due": 'the due date in words, e.g. Friday 29 January 2021 ("not set" when none)',
    "by": '"by" and the due date, or "as soon as you can" when none was set or it has passed',
    "when": 'for a reminder, "was due on ... (4 days ago)" or "is due on ..."',
    "file": "the return's file name",
    "rows": 'how many actions the return holds, e.g. "7 actions"',
    "fields": "the columns the owner fills in",
    "contact": "whom to ask and send the return to (issue's --contact)",
    "return_id": "the return's id",
}
_NUMBERED = re.compile(r"^\d+[.)]\s+")
_ADDRESS = re.compile(r"^[^@\s<>(),;:\"\[\]]+@[^@\s<>(),;:\"\[\]]+\.[A-Za-z]{2,}$")

INVITATION = """Subject: $title: your return for $round, $by

Dear $owner,

Please find attached your return for $round of the $title: $rows for you to update.

1. Open the attached workbook, $file, in Excel or LibreOffice.
2. Fill in the cells with a cream background ($fields). Every other cell is locked.
3. Save it, keeping it as an .xlsx workbook (any file name will do), and send it back to $contact $by.

The Instructions sheet in the workbook says the same. If anything is unclear, ask $contact.

Thank you.
"""

REMINDER = """Subject: Reminder: your return for $round of the $title $when

Dear $owner,

Your return for $round of the $title $when, and we have not received it yet.

It is attached again ($file, $rows). Please fill in the cells with a cream background ($fields),
save it as an .xlsx workbook and send it back to $contact $by.

If you have sent it already, or anything is unclear, please tell $contact.

Thank you.
"""


@dataclass(frozen=True)
class Drafting:
    """How drafts are written: the sender (None: the mail client's), the body template, the contact."""

    sender: str | None = None
    template: str | None = None  # the text of --template, checked
    template_path: Path | None = None
    contact: str = "the governance team"

    @classmethod
    def load(cls, *, sender: str | None = None, template: Path | None = None,
             contact: str = "the governance team") -> Drafting:
        """Check the sender and read and check the template, before anything is written.

        Raises:
            UsageError: the sender is not an address, or the template cannot be read or names an
                unknown placeholder.
        """
        if sender is not None and not _ADDRESS.match(_bare(sender)):
            raise UsageError(None, f'--from "{sender}" is not an address such as team@council.gov.uk')
        text = None
        if template is not None:
            try:
                text = Path(template).read_text(encoding="utf-8-sig")
            except OSError as exc:
                raise UsageError(template, f"cannot read the template ({exc.strerror}); check the file") from None
            except UnicodeDecodeError:
                raise UsageError(template, "is not UTF-8 text; save the template as plain UTF-8 text") from None
            check_template(text, Path(template))
        return cls(sender=sender, template=text, template_path=template, contact=contact)


def check_template(text: str, path: Path | None) -> None:
    """Refuse a template naming a placeholder govsheet does not fill, or with a stray ``$``.

    Raises:
        UsageError: one line naming the placeholder and the ones there are.
    """
    tpl = string.Template(text)
    if not tpl.is_valid():
        raise UsageError(path, 'has a "$" that starts no placeholder; write "$$" for a dollar sign')
    unknown = [name for name in tpl.get_identifiers() if name not in PLACEHOLDERS]
    if unknown:
        known = ", ".join("$" + p for p in PLACEHOLDERS)
        raise UsageError(path, f'names the unknown placeholder "${unknown[0]}"; use {known}')


def _bare(address: str) -> str:
    """The address in "Name <a@b.c>", or the text itself."""
    m = re.search(r"<([^<>]*)>\s*$", address)
    return (m.group(1) if m else address).strip()


def recipients(text: str) -> tuple[str, str]:
    """The To of an Owners-sheet e-mail cell (several addresses split on ``;`` or ``,``) and, when it
    cannot be used, why ("" when it can)."""
    parts = [p.strip() for p in re.split(r"[;,\n]", text or "") if p.strip()]
    if not parts:
        return "", "the Owners sheet has no e-mail for this owner"
    bad = [p for p in parts if not _ADDRESS.match(_bare(p))]
    if bad:
        return "", f'e-mail "{bad[0]}" on the Owners sheet is not an address'
    return ", ".join(parts), ""


def day_words(iso: str) -> str:
    """A due date as a person writes it: Friday 29 January 2021."""
    day = dt.date.fromisoformat(iso)
    return f"{day:%A} {day.day} {day:%B %Y}"


def values_for(  # noqa: PLR0913 - one argument per placeholder
    *, owner: str, round_label: str, title: str, due: str, file: str, rows: int, fields: Sequence[str],
    contact: str, return_id: str, today: dt.date | None = None,
) -> dict[str, str]:
    """The placeholder values of one draft."""
    due_words = day_words(due) if due else "not set"
    when, late = "has no due date", 0
    if due:
        late = (today - dt.date.fromisoformat(due)).days if today is not None else 0
        when = (f"was due on {due_words} ({plural(late, 'day')} ago)" if late > 0 else
                f"is due on {due_words}")
    by = f"by {due_words}" if due and late <= 0 else "as soon as you can"
    return {"owner": owner, "round": round_label or "this round", "title": title, "due": due_words,
            "by": by, "when": when, "file": file,
            "rows": plural(rows, "action"), "fields": ", ".join(fields), "contact": contact,
            "return_id": return_id}


def compose(template: str, values: Mapping[str, str]) -> tuple[str, str]:
    """The subject and body text of a template filled in (the subject "" when the template has none)."""
    text = string.Template(template).substitute(values).replace("\r\n", "\n")
    first, _, rest = text.partition("\n")
    if first.lower().startswith("subject:"):
        return " ".join(first[len("subject:"):].split()), rest.lstrip("\n")
    return "", text


def body_html(text: str, title: str) -> str:
    """The body as a small, well-formed HTML document: paragraphs, and numbered or bulleted lists."""
    parts = [f'<html lang="en-GB"><head><meta charset="utf-8"/><title>{escape(title)}</title></head><body>']
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        if lines and all(_NUMBERED.match(line) for line in lines):
            items = [escape(_NUMBERED.sub("", line)) for line in lines]
            parts.append("<ol>" + "".join(f"<li>{item}</li>" for item in items) + "</ol>")
        elif lines and all(line.startswith(("- ", "* ")) for line in lines):
            parts.append("<ul>" + "".join(f"<li>{escape(line[2:])}</li>" for line in lines) + "</ul>")
        elif lines:
            parts.append("<p>" + "<br/>".join(escape(line) for line in lines) + "</p>")
    parts.append("</body></html>")
    return "".join(parts)


def build_draft(*, to: str, sender: str | None, subject: str, text: str,
                attachment: Path | None) -> EmailMessage:
    """One unsent message: plain text and HTML alternatives, and the return attached."""
    message = EmailMessage(policy=policy.SMTP)
    message["To"] = to
    if sender:
        message["From"] = sender
    message["Subject"] = subject
    message["Date"] = format_datetime(dt.datetime.now(dt.UTC).replace(microsecond=0))
    message["X-Unsent"] = "1"
    message["X-Mozilla-Draft-Info"] = THUNDERBIRD_DRAFT
    message.set_content(text if text.endswith("\n") else text + "\n")
    message.add_alternative(body_html(text, subject), subtype="html")
    if attachment is not None:
        message.add_attachment(attachment.read_bytes(), maintype=XLSX_TYPE[0], subtype=XLSX_TYPE[1],
                               filename=attachment.name)
    return message


def write_draft(path: Path, message: EmailMessage) -> Path:
    """Write a draft atomically, with the CRLF line ends RFC 5322 asks for.

    Raises:
        WorkbookError: the file cannot be written.
    """
    with atomic_output(path, what="e-mail draft") as tmp:
        tmp.write_bytes(message.as_bytes(policy=policy.SMTP))
    return path


def draft_invitations(result: IssueResult, schema: Schema, directory: Directory | None,
                      drafting: Drafting) -> IssueResult:
    """Write an invitation draft beside each return of ``result``; the owners left without a To are listed.

    Raises:
        WorkbookError: a draft cannot be written.
    """
    from govsheet.returns.write import RefusedOwner

    template = drafting.template or INVITATION
    drafts: list[Path] = []
    missing: list[RefusedOwner] = []
    for issued in result.returns:
        to, why = address_of(issued.owner, directory)
        if why:
            missing.append(RefusedOwner(owner=issued.owner, reason=why))
        values = values_for(owner=issued.owner, round_label=result.round, title=schema.title, due=result.due,
                            file=issued.path.name, rows=issued.rows, fields=[f.title for f in schema.editable],
                            contact=drafting.contact, return_id=issued.return_id)
        subject, text = compose(template, values)
        subject = subject or compose(INVITATION, values)[0]
        message = build_draft(to=to, sender=drafting.sender, subject=subject, text=text, attachment=issued.path)
        drafts.append(write_draft(issued.path.with_suffix(".eml"), message))
    return replace(result, drafts=tuple(drafts), no_email=tuple(missing))


def address_of(owner: str, directory: Directory | None) -> tuple[str, str]:
    """The To for an owner from the Owners sheet, and why it is empty ("" when it is not)."""
    if directory is None:
        return "", "the master has no Owners sheet to take an e-mail from"
    found = directory.owner(owner)
    if found is None:
        return "", "the owner is not on the Owners sheet"
    to, why = recipients(found.email)
    if why and found.row:
        why = why.replace("on the Owners sheet", f"on Owners!C{found.row}")
    return to, why
