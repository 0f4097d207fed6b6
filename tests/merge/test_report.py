"""What a merge did, as people and machines read it: each return, each change, the totals and the exit code."""

from __future__ import annotations

from pathlib import Path

from govsheet.merge.report import Change, MergeReport, ReturnResult

CEO = ReturnResult(file="ceo.xlsx", return_id="q3-ceo", owner="Chief Executive", status="merged",
                   notes=("contains macros (VBA); govsheet keeps them unchanged and never runs them",))
OLD = ReturnResult(file="old.xlsx", return_id="q2-gm", owner="Group Manager", status="stale",
                   reason="issued for round 2020/21 Q2")


def change(outcome: str, field: str | None = "progress", new: str = "Started") -> Change:
    return Change(key="2", field=field, old="", new=new, return_id="q3-ceo", outcome=outcome,  # type: ignore[arg-type]
                  reason="the officer's edit", title="Progress update" if field else "", source="ceo.xlsx")


def test_everything_applied_is_ok_and_exit_0() -> None:
    report = MergeReport(master="m.xlsx", returns=(CEO,), changes=(change("applied"),), written=Path("m.xlsx"))
    assert (report.ok, report.exit_code, report.not_merged) == (True, 0, [])
    assert report.summary == {"applied": 1, "conflicts": 0, "rejected": 0}
    assert report.to_text().splitlines() == [
        "ceo.xlsx: Chief Executive [q3-ceo] merged",
        "  note: the return contains macros (VBA); govsheet keeps them unchanged and never runs them",
        '  applied  2 Progress update: "" -> "Started" (the officer\'s edit)',
        "1 applied, 0 conflicts, 0 rejected; master written to m.xlsx"]


def test_a_conflict_and_a_stale_return_are_not_merged_and_exit_1() -> None:
    report = MergeReport(master="m.xlsx", returns=(CEO, OLD), changes=(change("applied"), change("conflict")),
                         dry_run=True)
    assert report.exit_code == 1
    assert [(r.file, why) for r, why in report.not_merged] == [
        ("ceo.xlsx", "1 of its 2 changes not applied (1 conflict)"),
        ("old.xlsx", "stale: issued for round 2020/21 Q2")]
    assert report.to_text().splitlines()[-3:] == [
        "not merged: ceo.xlsx: 1 of its 2 changes not applied (1 conflict)",
        "not merged: old.xlsx: stale: issued for round 2020/21 Q2",
        "1 applied, 1 conflict, 0 rejected; dry run, nothing written"]


def test_an_extension_request_waits_for_the_team() -> None:
    report = MergeReport(master="m.xlsx", returns=(CEO,), changes=(change("requested", "proposed_target"),),
                         backup=Path("m.bak.xlsx"))
    assert (report.not_merged, report.exit_code) == ([], 1)
    assert report.to_text().splitlines()[-1] == ("0 applied, 0 conflicts, 0 rejected, 1 extension request; master "
                                                 "not changed; previous master kept as m.bak.xlsx")


def test_a_whole_row_and_a_long_value_are_shown_short() -> None:
    report = MergeReport(master="m.xlsx", returns=(CEO,), changes=(change("rejected", None, "x" * 80),))
    assert report.to_text().splitlines()[2] == (f'  rejected row 2: "" -> "{"x" * 57}..." (the officer\'s edit)')


def test_json_is_the_object_spec_describes() -> None:
    report = MergeReport(master="m.xlsx", returns=(OLD,), changes=(change("rejected"),))
    assert report.to_dict() == {
        "master": "m.xlsx",
        "returns": [{"file": "old.xlsx", "return_id": "q2-gm", "owner": "Group Manager", "status": "stale",
                     "reason": "issued for round 2020/21 Q2"}],
        "changes": [{"key": "2", "field": "progress", "old": "", "new": "Started", "return_id": "q3-ceo",
                     "outcome": "rejected", "reason": "the officer's edit"}],
        "summary": {"applied": 0, "conflicts": 0, "rejected": 1},
        "not_merged": [{"file": "old.xlsx", "return_id": "q2-gm", "why": "stale: issued for round 2020/21 Q2"}]}
