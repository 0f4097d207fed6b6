"""Reminder drafts for the owners whose return is outstanding: one .eml each, the return attached, never sent."""

from __future__ import annotations

import datetime as dt
import email
from pathlib import Path

import pytest

from govsheet import api
from govsheet.errors import UsageError
from govsheet.remind import ReminderDraft, RemindReport
from tests.returns.helpers import Cycle

NO_EMAIL = "the Owners sheet has no e-mail for this owner"


def test_each_outstanding_owner_gets_a_draft_with_their_return(cycle: Cycle, tmp_path: Path) -> None:
    status = api.status(cycle.master, None, today=dt.date(2021, 1, 15))
    report = api.remind(status, tmp_path / "mail")
    assert [(d.owner, Path(d.path).name, d.to, Path(d.attached).name, d.no_email) for d in report.drafts] == [
        ("Group Manager – Assurance", "reminder-group-manager-assurance.eml", "", "group-manager-assurance.xlsx",
         NO_EMAIL),
        ("Chief Executive", "reminder-chief-executive.eml", "", "chief-executive.xlsx", NO_EMAIL),
        ("Service Director – Customers, Governance and Employees",
         "reminder-service-director-customers-governance-and-employees.eml", "",
         "service-director-customers-governance-and-employees.xlsx", NO_EMAIL)]
    assert report.ok is False  # no draft has an address to go to
    message = email.message_from_bytes(Path(report.drafts[1].path).read_bytes())
    assert " ".join(message["Subject"].split()) == ("Reminder: your return for 2020/21 Q3 of the Annual Governance "
                                                   "Statement action plan has no due date")
    assert [p.get_filename() for p in message.walk() if p.get_filename()] == ["chief-executive.xlsx"]


def test_drafts_already_there_need_force(cycle: Cycle, tmp_path: Path) -> None:
    status = api.status(cycle.master, None, today=dt.date(2021, 1, 15))
    api.remind(status, tmp_path / "mail")
    with pytest.raises(UsageError, match=r"already holds reminder-chief-executive\.eml, "):
        api.remind(status, tmp_path / "mail")
    assert len(api.remind(status, tmp_path / "mail", force=True).drafts) == 3


def test_the_report_says_where_each_draft_went_and_what_it_lacks() -> None:
    report = RemindReport(out="mail", drafts=(
        ReminderDraft(owner="Chief Executive", path="mail/reminder-chief-executive.eml", to="ceo@example.org",
                      attached="returns/chief-executive.xlsx"),
        ReminderDraft(owner="Head of Legal", path="mail/reminder-head-of-legal.eml", to="", no_email=NO_EMAIL)))
    assert report.to_text().splitlines() == [
        "mail/reminder-chief-executive.eml: reminder for Chief Executive",
        "mail/reminder-head-of-legal.eml: reminder for Head of Legal; the return's file was not found, so nothing "
        "is attached",
        f"no e-mail address: Head of Legal: {NO_EMAIL}; the draft's To is empty",
        "2 reminder drafts written to mail"]
    assert report.ok is False
    assert RemindReport(out="mail").ok is True
