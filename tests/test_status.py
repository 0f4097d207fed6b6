"""govsheet status: the round per owner, from the master's records, its Audit sheet and the returns folder."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from govsheet import api
from govsheet.errors import UsageError
from govsheet.status import audit_counts
from tests.cli.helpers import invoke
from tests.returns.helpers import edit, make_master

DUE = dt.date(2021, 1, 29)


@pytest.fixture
def round_dir(tmp_path: Path) -> Path:
    """A round: three returns issued; the Chief Executive's merged with a conflict and a rejected edit, the
    Group Manager's returned under another name and not merged, the Service Director's not back."""
    master = make_master(tmp_path / "master.xlsx")
    issued = {r.owner: r.path for r in api.issue(master, tmp_path / "issued", due=DUE).returns}
    back = tmp_path / "back"
    back.mkdir()
    ceo = edit(issued["Chief Executive"], {("2", "Progress update"): "Started in June",
                                          ("2", "Progress status"): "In progress",
                                          ("2", "Planned Action"): "A different action",
                                          ("5", "Progress update"): "Agreed"}, out=back / "CEO reply.xlsx")
    api.edit(master, ["Actions!I3=Team note from May"])
    api.merge(master, [ceo], decisions=tmp_path / "decisions.xlsx")
    edit(issued["Group Manager – Assurance"], {("1", "Progress update"): "Monthly"}, out=back / "from GM.xlsx")
    shutil.copy(issued["Service Director – Customers, Governance and Employees"], back / "sd copy.xlsx")
    (back / "notes.xlsx").write_bytes(b"not a workbook")
    return tmp_path


def test_status_shows_each_owner_in_the_round(round_dir: Path) -> None:
    report = api.status(round_dir / "master.xlsx", round_dir / "back", today=dt.date(2021, 2, 1))
    got = {o.owner: (o.state, o.label, o.rows, o.returned, o.merged, o.outstanding, o.late, o.changes_applied,
                     o.conflicts, o.rejected, o.waiting) for o in report.owners}
    assert got == {
        "Group Manager – Assurance": ("returned", "Returned, not merged", 2, True, False, False, False, 0, 0, 0, 0),
        "Chief Executive": ("merged", "Merged", 3, True, True, False, False, 2, 1, 1, 2),
        "Service Director – Customers, Governance and Employees": (
            "late", "Late (3 days)", 1, False, False, True, True, 0, 0, 0, 0),
    }
    gm = report.owner("group manager assurance")
    assert gm is not None
    assert gm.returned_files == ("from GM.xlsx",)
    assert (gm.file, gm.due) == ("group-manager-assurance.xlsx", "2021-01-29")
    t = report.totals
    assert (t.owners, t.rows, t.issued, t.returned, t.merged, t.outstanding, t.late, t.changes_applied,
            t.conflicts, t.rejected, t.requests, t.waiting) == (3, 6, 3, 2, 1, 1, 1, 2, 1, 1, 0, 2)
    assert not report.ok
    assert report.notes == (
        "notes.xlsx: is not an Excel workbook (not a zip package); check you picked the right file, or save it from "
        "Excel as .xlsx; not counted",
        "sd copy.xlsx: is a return as issued, never changed; not counted as returned")


def test_before_the_due_date_nothing_is_late(round_dir: Path) -> None:
    report = api.status(round_dir / "master.xlsx", round_dir / "back", today=DUE)
    sd = report.owner("Service Director – Customers, Governance and Employees")
    assert sd is not None
    assert (sd.state, sd.late, sd.outstanding, sd.days_late) == ("outstanding", False, True, 0)


def test_without_a_folder_only_merged_returns_count_as_returned(round_dir: Path) -> None:
    report = api.status(round_dir / "master.xlsx", today=dt.date(2021, 2, 1))
    assert [(o.owner, o.state) for o in report.owners] == [
        ("Group Manager – Assurance", "late"), ("Chief Executive", "merged"),
        ("Service Director – Customers, Governance and Employees", "late")]
    assert report.returns_dir is None


def test_a_decided_conflict_no_longer_waits(round_dir: Path) -> None:
    from tests.decisions.conftest import fill

    fill(round_dir / "decisions.xlsx", {"D2": ("Take the officer's", "", "")})
    api.resolve(round_dir / "master.xlsx", round_dir / "decisions.xlsx")
    ceo = api.status(round_dir / "master.xlsx", today=DUE).owner("Chief Executive")
    assert ceo is not None
    assert (ceo.conflicts, ceo.rejected, ceo.waiting) == (0, 1, 1)


def test_waiting_is_what_no_later_decided_row_settles() -> None:
    row = ["2021-01-01", "Q3", "", "", "", "", "", "", "", "", "", "", ""]

    def audit(rid: str, ref: str, field: str, outcome: str) -> list[str]:
        cells = list(row)
        cells[2], cells[4], cells[5], cells[8] = rid, ref, field, outcome
        return cells

    applied, waiting = audit_counts([
        audit("r1", "1", "progress", "applied"), audit("r1", "2", "progress", "conflict"),
        audit("r1", "2", "progress", "decided"), audit("r1", "3", "target", "requested"),
        audit("r2", "4", "status", "decided"), audit("r2", "4", "status", "rejected"),
        audit("r1", "2", "progress", "conflict"), audit("r1", "5", "", "outside-govsheet")])
    assert applied == {"r1": 1}
    assert waiting == {"r1": {"conflict": 1, "rejected": 0, "requested": 1},
                       "r2": {"conflict": 0, "rejected": 1, "requested": 0}}


def test_owners_never_issued_are_listed_as_not_issued(tmp_path: Path) -> None:
    master = make_master(tmp_path / "master.xlsx")
    api.issue(master, tmp_path / "r", owners=["Chief Executive"])
    report = api.status(master, today=DUE)
    assert [(o.owner, o.state, o.rows) for o in report.owners] == [
        ("Group Manager – Assurance", "not-issued", 2), ("Chief Executive", "outstanding", 3),
        ("Service Director – Customers, Governance and Employees", "not-issued", 1)]
    assert report.totals.not_issued == 2
    assert report.ok


def test_a_return_of_an_earlier_issue_is_noted_not_counted(tmp_path: Path) -> None:
    master = make_master(tmp_path / "master.xlsx")
    first = api.issue(master, tmp_path / "r1", owners=["Chief Executive"]).returns[0]
    api.issue(master, tmp_path / "r2", owners=["Chief Executive"])
    edit(first.path, {("2", "Progress update"): "Late reply"})
    report = api.status(master, tmp_path / "r1", today=DUE)
    ceo = report.owner("Chief Executive")
    assert ceo is not None
    assert ceo.state == "outstanding"
    assert report.notes == (
        f"chief-executive.xlsx: carries return id {first.return_id!r}, which is not a return this master issued "
        "in its present round (an earlier or replaced one); not counted",)


def test_status_text_and_json(round_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    master, back = round_dir / "master.xlsx", round_dir / "back"
    code, out, _ = invoke(["status", str(master), str(back), "--today", "2021-02-01"], capsys)
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == f"{master}: round 2020/21 Q3, position at 1 February 2021; returns looked for in {back}"
    assert lines[3] == ("  ● Merged: Chief Executive: 3 rows; chief-executive.xlsx due 29 January 2021; 2 changes "
                        "applied; 2 waiting for a decision (1 conflict, 1 rejected, 0 requests)")
    assert lines[4] == ("  ▲ Late (3 days): Service Director – Customers, Governance and Employees: 1 row; "
                        "service-director-customers-governance-and-employees.xlsx due 29 January 2021")
    assert ("Totals: 3 owners, 6 rows: 3 issued, 2 returned, 1 merged, 1 outstanding (1 late); 2 changes applied; "
            "2 waiting for a decision (1 conflict, 1 rejected, 0 requests)") in lines
    code, out, _ = invoke(["status", str(master), "--format", "json", "--today", "2021-01-01"], capsys)
    assert code == 1  # a decision waits
    data = json.loads(out)
    assert data["totals"]["waiting"] == 2
    assert [o["state"] for o in data["owners"]] == ["outstanding", "merged", "outstanding"]
    assert set(data["owners"][0]) >= {"owner", "email", "rows", "issued", "return_id", "file", "due", "returned",
                                      "merged", "outstanding", "late", "changes_applied", "conflicts", "rejected",
                                      "requests", "waiting"}


def test_status_on_bad_input_is_one_line_and_exit_2(round_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(UsageError, match="is not a folder"):
        api.status(round_dir / "master.xlsx", round_dir / "master.xlsx")
    code, _, err = invoke(["status", str(round_dir / "issued" / "chief-executive.xlsx")], capsys)
    assert code == 2
    assert err == (f"govsheet: {round_dir / 'issued' / 'chief-executive.xlsx'}: is not a govsheet master "
                             "(no master metadata); build one with 'govsheet import'\n")


def test_status_xlsx_is_a_portrait_a4_table_with_icon_and_words(round_dir: Path) -> None:
    import zipfile

    import openpyxl

    report = api.status(round_dir / "master.xlsx", round_dir / "back", today=dt.date(2021, 2, 1))
    out = round_dir / "status.xlsx"
    written = api.write_status(report, out, fmt="xlsx")
    assert written.what == "round status (xlsx), 3 owners"
    ws = openpyxl.load_workbook(out)["Round status"]
    assert [c.value for c in ws[4]] == ["Owner", "Rows", "Due", "Status", "Changes applied", "Waiting for a decision"]
    assert [c.value for c in ws[6]] == ["Chief Executive", "3", "29 Jan 2021", "● Merged", "2",
                                        "1 conflict, 1 rejected"]
    assert ws["D7"].value == "▲ Late (3 days)"
    assert ws["D7"].fill.fgColor.rgb == "FFFFC7CE"
    assert [c.value for c in ws[8]] == ["Total", "6", "", "1 merged, 1 outstanding", "2", "2 waiting"]
    assert (ws.page_setup.paperSize, ws.page_setup.orientation) == (9, "portrait")
    assert ws.print_title_rows == "$4:$4"
    with zipfile.ZipFile(out) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
        strings = z.read("xl/sharedStrings.xml").decode()
    assert '<pageSetUpPr fitToPage="1"/>' in sheet
    assert '<pageSetup paperSize="9" fitToHeight="0" orientation="portrait"/>' in sheet
    assert '<rFont val="Segoe UI Symbol"/>' in strings.split("●")[0].rsplit("<r>", 1)[1]  # the icon's own run
    with pytest.raises(UsageError, match="already exists"):
        api.write_status(report, out, fmt="xlsx")
    with pytest.raises(UsageError, match="is the master"):
        api.write_status(report, round_dir / "master.xlsx", fmt="html", force=True)


def test_status_cli_writes_xlsx_and_html_with_o(round_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    master = round_dir / "master.xlsx"
    code, out, _ = invoke(["status", str(master), "--format", "html", "-o", str(round_dir / "s.html")], capsys)
    assert (code, out) == (1, f"{round_dir / 's.html'}: round status (html), 3 owners\n")
    code, _, err = invoke(["status", str(master), "--format", "xlsx"], capsys)
    assert (code, err.splitlines()[-1]) == (2, "Error: --format xlsx needs -o FILE")
