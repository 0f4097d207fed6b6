"""E-mail drafts: the invitation beside each return (issue --mail) and reminders (status --mail), never sent."""

from __future__ import annotations

import datetime as dt
import email
import re
import xml.etree.ElementTree as ET
from email import policy
from email.message import EmailMessage
from pathlib import Path

import pytest

from govsheet import api
from govsheet.errors import UsageError
from tests.cli.helpers import invoke
from tests.returns.helpers import edit, make_master

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DUE = dt.date(2021, 1, 29)


@pytest.fixture
def master(tmp_path: Path) -> Path:
    """The small master with an address for the Chief Executive and a broken one for the Group Manager."""
    path = make_master(tmp_path / "master.xlsx")
    api.edit(path, ["Owners!C2=not an address", "Owners!C3=ceo@example.gov.uk"])
    return path


def text_of(message: EmailMessage) -> str:
    """The plain-text body, its CRLF line ends (as sent on the wire) read as newlines."""
    plain = message.get_body(("plain",))
    assert plain is not None
    body: str = plain.get_content()
    return body.replace("\r\n", "\n")


def parse(path: Path) -> EmailMessage:
    message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
    assert isinstance(message, EmailMessage)
    return message


def test_issue_mail_writes_a_draft_beside_each_return(master: Path, tmp_path: Path) -> None:
    result = api.issue(master, tmp_path / "r", due=DUE, mail=True, contact="assurance@example.gov.uk")
    assert [p.name for p in result.drafts] == [r.path.with_suffix(".eml").name for r in result.returns]
    ceo = next(r for r in result.returns if r.owner == "Chief Executive")
    message = parse(ceo.path.with_suffix(".eml"))
    assert message["To"] == "ceo@example.gov.uk"
    assert message["From"] is None  # left to the mail client
    assert message["Subject"] == ("Annual Governance Statement action plan: your return for 2020/21 Q3, by Friday 29 "
                                  "January 2021")
    assert message["X-Unsent"] == "1"
    assert message["X-Mozilla-Draft-Info"].startswith("internal/draft;")
    assert message.get_content_type() == "multipart/mixed"
    assert [p.get_content_type() for p in message.walk()] == [
        "multipart/mixed", "multipart/alternative", "text/plain", "text/html", XLSX]
    (attachment,) = message.iter_attachments()
    assert attachment.get_filename() == "chief-executive.xlsx"
    assert attachment.get_content() == ceo.path.read_bytes()
    text = text_of(message)
    assert text.startswith("Dear Chief Executive,\n\nPlease find attached your return for 2020/21 Q3 of the Annual "
                           "Governance Statement action plan: 3 actions for you to update.\n")
    assert ("2. Fill in the cells with a cream background (Progress status, Progress update, Proposed target, "
            "Reason for new target). Every other cell is locked.") in text
    assert "send it back to assurance@example.gov.uk by Friday 29 January 2021." in text
    html_part = message.get_body(("html",))
    assert html_part is not None
    root = ET.fromstring(html_part.get_content())  # well-formed
    assert next(li.text for li in root.iter("li")) == ("Open the attached workbook, chief-executive.xlsx, in Excel or "
                                                       "LibreOffice.")
    assert root.find("head/title").text == message["Subject"]  # type: ignore[union-attr]


def test_a_draft_without_an_address_has_an_empty_to_and_the_owner_is_listed(master: Path, tmp_path: Path,
                                                                             capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = invoke(["issue", str(master), "-o", str(tmp_path / "r"), "--mail", "--due", "2021-01-29"], capsys)
    assert code == 0
    assert parse(tmp_path / "r" / "group-manager-assurance.eml")["To"] == ""
    assert parse(tmp_path / "r" / "service-director-customers-governance-and-employees.eml")["To"] == ""
    lines = [line for line in out.splitlines() if line.startswith("no e-mail address")]
    assert lines == [
        'no e-mail address: Group Manager – Assurance: e-mail "not an address" on Owners!C2 is not an address; the '
        "draft's To is empty",
        "no e-mail address: Service Director – Customers, Governance and Employees: the Owners sheet has no e-mail "
        "for this owner; the draft's To is empty"]
    code, out, _ = invoke(["issue", str(master), "-o", str(tmp_path / "j"), "--mail", "--format", "json"], capsys)
    import json

    assert [d["owner"] for d in json.loads(out)["no_email"]] == [
        "Group Manager – Assurance", "Service Director – Customers, Governance and Employees"]


def test_drafts_are_rfc_5322_with_crlf_and_safe_names(master: Path, tmp_path: Path) -> None:
    result = api.issue(master, tmp_path / "r", mail=True, sender="Governance <governance@example.gov.uk>")
    for path in result.drafts:
        data = path.read_bytes()
        assert re.fullmatch(r"[a-z0-9-]+\.eml", path.name)
        assert b"\r\n" in data
        assert b"\n" not in data.replace(b"\r\n", b"")
        assert parse(path)["From"] == "Governance <governance@example.gov.uk>"


def test_a_template_replaces_the_subject_and_body(master: Path, tmp_path: Path) -> None:
    template = tmp_path / "invite.txt"
    template.write_text("Subject: Return $round for $owner\n\nHello $owner,\n\n$rows in $file, due $due.\n"
                        "Cost: $$0\n", encoding="utf-8")
    result = api.issue(master, tmp_path / "r", owners=["Chief Executive"], due=DUE, mail=True, template=template)
    message = parse(result.drafts[0])
    assert message["Subject"] == "Return 2020/21 Q3 for Chief Executive"
    assert text_of(message) == ("Hello Chief Executive,\n\n3 actions in chief-executive.xlsx, due Friday 29 "
                                   "January 2021.\nCost: $0\n")
    html_part = message.get_body(("html",))
    assert html_part is not None
    body = ET.fromstring(html_part.get_content()).find("body")
    assert [ET.tostring(p, encoding="unicode") for p in body] == [  # type: ignore[union-attr]
        "<p>Hello Chief Executive,</p>",
        "<p>3 actions in chief-executive.xlsx, due Friday 29 January 2021.<br />Cost: $0</p>"]


@pytest.mark.parametrize(("text", "message"), [
    ("Dear $name", 'names the unknown placeholder "$name"; use $owner, $round, $title, $due, $by, $when, $file, '
                   "$rows, $fields, $contact, $return_id"),
    ("Costs 5$ each", 'has a "$" that starts no placeholder; write "$$" for a dollar sign'),
])
def test_a_bad_template_is_one_line_and_nothing_is_written(master: Path, tmp_path: Path, text: str, message: str,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    template = tmp_path / "t.txt"
    template.write_text(text, encoding="utf-8")
    code, _, err = invoke(["issue", str(master), "-o", str(tmp_path / "r"), "--mail", "--template", str(template)],
                          capsys)
    assert (code, err) == (2, f"govsheet: {template}: {message}\n")
    assert not (tmp_path / "r").exists()


def test_sender_and_template_need_mail(master: Path, tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="applies only with --mail"):
        api.issue(master, tmp_path / "r", sender="a@example.gov.uk")
    with pytest.raises(UsageError, match='--from "nobody" is not an address'):
        api.issue(master, tmp_path / "r", mail=True, sender="nobody")
    assert not (tmp_path / "r").exists()


def test_status_mail_writes_reminders_for_the_owners_not_back(master: Path, tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    issued = {r.owner: r.path for r in api.issue(master, tmp_path / "r", due=DUE).returns}
    back = tmp_path / "back"
    back.mkdir()
    edit(issued["Group Manager – Assurance"], {("1", "Progress update"): "Done"}, out=back / "gm.xlsx")
    code, out, _ = invoke(["status", str(master), str(back), "--today", "2021-02-01", "--mail",
                           str(tmp_path / "reminders")], capsys)
    assert code == 1  # two are late
    names = sorted(p.name for p in (tmp_path / "reminders").iterdir())
    assert names == ["reminder-chief-executive.eml", "reminder-service-director-customers-governance-and-employees.eml"]
    message = parse(tmp_path / "reminders" / "reminder-chief-executive.eml")
    assert message["To"] == "ceo@example.gov.uk"
    assert message["Subject"] == ("Reminder: your return for 2020/21 Q3 of the Annual Governance Statement action plan "
                                  "was due on Friday 29 January 2021 (3 days ago)")
    assert message["X-Unsent"] == "1"
    (attachment,) = message.iter_attachments()
    assert attachment.get_content() == issued["Chief Executive"].read_bytes()
    assert "send it back to the governance team as soon as you can." in text_of(message)
    assert out.splitlines()[-2:] == [
        "no e-mail address: Service Director – Customers, Governance and Employees: the Owners sheet has no e-mail "
        "for this owner; the draft's To is empty",
        f"2 reminder drafts written to {tmp_path / 'reminders'}"]
    code, _, err = invoke(["status", str(master), str(back), "--mail", str(tmp_path / "reminders")], capsys)
    assert code == 2
    assert err.startswith(f"govsheet: {tmp_path / 'reminders'}: already holds reminder-chief-executive.eml, ")
    code, _, _ = invoke(["status", str(master), str(back), "--mail", str(tmp_path / "reminders"), "--force"], capsys)
    assert code == 1
    assert (tmp_path / "reminders" / "reminder-chief-executive.bak.eml").is_file()


def test_the_docs_list_every_placeholder() -> None:
    from govsheet.returns.mail import PLACEHOLDERS

    page = (Path(__file__).resolve().parents[2] / "docs" / "round.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `\$(\w+)` \| (.+) \|$", page, flags=re.MULTILINE)
    assert [name for name, _ in rows] == list(PLACEHOLDERS)


def test_issue_mail_does_not_replace_a_draft_without_force(master: Path, tmp_path: Path) -> None:
    api.issue(master, tmp_path / "r", mail=True)
    draft = tmp_path / "r" / "chief-executive.eml"
    draft.write_bytes(b"edited by hand")
    with pytest.raises(UsageError, match=r"already holds chief-executive\.eml, chief-executive\.xlsx"):
        api.issue(master, tmp_path / "r", owners=["Chief Executive"], mail=True)
    assert draft.read_bytes() == b"edited by hand"
    api.issue(master, tmp_path / "r", owners=["Chief Executive"], mail=True, force=True)
    assert (tmp_path / "r" / "chief-executive.bak.eml").read_bytes() == b"edited by hand"
    assert parse(draft)["To"] == "ceo@example.gov.uk"
