"""What a comparison of two trackers found, as people read it: one line per difference and a summary."""

from __future__ import annotations

from govsheet.model.diff import CellChange, DiffReport, RowChange

TITLES = {"ref": "Ref", "action": "Planned Action", "progress": "Progress update"}


def report(**changes: object) -> DiffReport:
    return DiffReport(old="q3.xlsx", new="q4.xlsx", old_kind="master", new_kind="master",
                      schema_name="ags-action-plan", key_field="ref", fields=list(TITLES), label_field="action",
                      titles=TITLES, **{"changed": [], "added": [], "removed": [], "moved": [], **changes})  # type: ignore[arg-type]


def test_the_same_trackers_say_so() -> None:
    same = report()
    assert (same.same, same.ok) == (True, True)
    assert same.to_text().splitlines() == [
        "q3.xlsx -> q4.xlsx (ags-action-plan, keyed by Ref)",
        "no differences; 0 cells changed in 0 rows, 0 rows added, 0 rows removed, 0 rows moved"]


def test_each_difference_is_one_line() -> None:
    found = report(
        changed=[CellChange(key="3", field="progress", title="Progress update", old="Draft", new="Line one\nline two",
                            old_cell="I4", new_cell="I4")],
        added=[RowChange(key="16", row=9, values={"ref": "16", "action": "", "progress": "New risk work"})],
        removed=[RowChange(key="4", row=5, values={"ref": "4", "action": "Risk register", "progress": "Done"})],
        moved=["1b"], duplicate_keys=["2"], outside_return=3)
    assert found.same is False
    assert found.to_text().splitlines() == [
        "q3.xlsx -> q4.xlsx (ags-action-plan, keyed by Ref)",
        '~ 3 Progress update: "Draft" -> "Line one\\nline two"',
        '+ 16 added: "New risk work"',
        '- 4 removed: "Risk register"',
        "= 1b moved (order only; not a change)",
        "! key '2' appears more than once; later copies are compared as 2#2, 2#3, ...",
        "1 cell changed in 1 row, 1 row added, 1 row removed, 1 row moved; 3 master rows outside the return not "
        "compared"]


def test_long_text_is_cut_at_160_characters() -> None:
    found = report(changed=[CellChange(key="1", field="progress", title="Progress update", old="", new="x" * 200,
                                       old_cell="I2", new_cell="I2")])
    assert found.to_text().splitlines()[1] == f'~ 1 Progress update: "" -> "{"x" * 159}…"'


def test_what_is_left_out_of_the_json() -> None:
    found = report(new_values={"1": {"ref": "1"}})
    data = found.to_dict()
    assert "new_values" not in data
    assert "old_runs" not in data
    assert data["order"] == []
