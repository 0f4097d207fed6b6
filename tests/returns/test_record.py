"""govsheet issue records each return it writes in the master, and changes nothing else there."""

from __future__ import annotations

import datetime as dt
import hashlib
import zipfile
from pathlib import Path

import pytest

from govsheet import api
from govsheet.audit import read_audit
from govsheet.errors import LockError, UsageError
from govsheet.returns.record import ISSUED_PREFIX, current_records, read_records
from govsheet.workbook.lock import master_lock
from govsheet.workbook.meta import read_meta
from tests.returns.helpers import edit, make_master


@pytest.fixture
def small_master(tmp_path: Path) -> Path:
    return make_master(tmp_path / "master.xlsx")


def _members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


def test_issue_records_each_return_in_the_master(small_master: Path, tmp_path: Path) -> None:
    result = api.issue(small_master, tmp_path / "r", due=dt.date(2021, 1, 29))
    assert result.recorded
    meta = read_meta(small_master)
    assert meta is not None
    records = {r.return_id: r for r in read_records(meta)}
    assert sorted(records) == sorted(r.return_id for r in result.returns)
    for issued in result.returns:
        record = records[issued.return_id]
        assert (record.owner, record.file, record.folder, record.rows) == (
            issued.owner, issued.path.name, str(tmp_path / "r"), issued.rows)
        assert (record.due, record.round, record.master_round) == ("2021-01-29", "2020/21 Q3", "2020/21 Q3")
        assert record.sha256 == hashlib.sha256(issued.path.read_bytes()).hexdigest()
        assert dt.datetime.fromisoformat(record.issued).tzinfo is not None
        assert record.issued == result.issued


def test_issue_changes_only_the_metadata_of_the_master(small_master: Path, tmp_path: Path) -> None:
    """Every other part is byte for byte as it was, the Audit chain is untouched and no change looks hand-made."""
    before = _members(small_master)
    audit_before = read_audit(small_master)
    api.issue(small_master, tmp_path / "r")
    after = _members(small_master)
    assert sorted(after) == sorted(before)
    changed = sorted(n for n in before if before[n] != after[n])
    assert changed == ["xl/worksheets/sheet4.xml"]  # the metadata sheet, its new text held in its cells
    assert read_audit(small_master) == audit_before
    assert api.verify_audit(small_master).ok
    assert api.outside_changes(small_master)[1] == []
    ceo = tmp_path / "r" / "chief-executive.xlsx"
    edit(ceo, {("2", "Progress update"): "Started"})
    report = api.merge(small_master, [ceo])
    assert [c.outcome for c in report.changes] == ["applied"]
    assert [row[8] for row in read_audit(small_master)] == ["applied"]  # no outside-govsheet row before it


def test_reissuing_an_owner_replaces_only_that_owners_record(small_master: Path, tmp_path: Path) -> None:
    first = api.issue(small_master, tmp_path / "r")
    again = api.issue(small_master, tmp_path / "r2", owners=["Chief Executive"])
    meta = read_meta(small_master)
    assert meta is not None
    ids = {r.owner: r.return_id for r in read_records(meta)}
    old = {r.owner: r.return_id for r in first.returns}
    assert ids == {**old, "Chief Executive": again.returns[0].return_id}
    assert ISSUED_PREFIX + old["Chief Executive"] not in meta
    assert current_records(meta)["chief executive"].folder == str(tmp_path / "r2")


def test_issue_waits_for_no_one_and_writes_nothing_while_another_command_holds_the_master(
        small_master: Path, tmp_path: Path) -> None:
    with master_lock(small_master, "merge"), pytest.raises(LockError, match="another govsheet merge"):
        api.issue(small_master, tmp_path / "r")
    assert not (tmp_path / "r").exists()


def test_issue_refuses_a_master_open_in_excel_and_writes_nothing(small_master: Path, tmp_path: Path) -> None:
    (tmp_path / "~$master.xlsx").write_bytes(b"owner")
    with pytest.raises(UsageError) as caught:
        api.issue(small_master, tmp_path / "r")
    assert str(caught.value) == (f"{small_master}: is open in Excel or LibreOffice (~$master.xlsx is beside it), "
                                 "which would write over the record of the returns issued when it saves; close it "
                                 "first")
    assert not (tmp_path / "r").exists()


def test_a_record_damaged_by_hand_is_left_out() -> None:
    meta = {"round": "Q3", f"{ISSUED_PREFIX}a-1": "not json", f"{ISSUED_PREFIX}b-2": '{"owner": "B", "rows": 2, '
            '"master_round": "Q3"}', f"{ISSUED_PREFIX}c-3": '{"rows": 1}'}
    assert [(r.return_id, r.owner, r.rows) for r in read_records(meta)] == [("b-2", "B", 2)]
    assert list(current_records(meta)) == ["b"]


def test_issue_refuses_only_what_it_cannot_do_and_names_texts_of_no_owner(
        small_master: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An Owners row with texts but no name gets no return; a text of no owner is listed; the rest is issued."""
    from tests.cli.helpers import invoke

    api.edit(small_master, ["Owners!A3=", "Actions!D6=Mayor"])
    code, out, _ = invoke(["issue", str(small_master), "-o", str(tmp_path / "r")], capsys)
    assert code == 1
    lines = out.splitlines()
    assert lines[2:4] == [
        "not issued: (no name): Owners!A3 lists officer texts but names no owner; name the owner there to issue them "
        "rows 2, 3",
        'maps to no owner: "Mayor" (rows 5): these rows go in no return; add the text under an owner\'s "Also '
        'written as" on the Owners sheet']
    assert sorted(p.name for p in (tmp_path / "r").iterdir()) == [
        "group-manager-assurance.xlsx", "service-director-customers-governance-and-employees.xlsx"]
    code, out, _ = invoke(["issue", str(small_master), "-o", str(tmp_path / "j"), "--format", "json"], capsys)
    import json

    data = json.loads(out)
    assert data["unmapped"] == [{"text": "Mayor", "rows": ["5"]}]
    assert data["refused"] == [{"owner": "(no name)", "reason": "Owners!A3 lists officer texts but names no owner; "
                                                                "name the owner there to issue them rows 2, 3"}]
    assert data["recorded"] is True
