"""Property: over random master and officer edits, plan_return applies, conflicts and rejects exactly."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from govsheet.merge.plan import plan_return
from govsheet.returns.meta import ReturnMeta
from govsheet.workbook.read import ActionsTable, Row
from tests.returns.helpers import SCHEMA

OWNER = "Chief Executive"
KEYS = ["1", "2", "3"]
NOTES = ["", "a", "b"]
STATUSES = ["Yet to start", "In progress", "Completed"]
TARGETS = ["March 2021", "June 2021"]
COLUMNS = {f.name: i for i, f in enumerate(SCHEMA.fields)}


def row(number: int, key: str, status: str, note: str, target: str) -> Row:
    values = {f.name: None for f in SCHEMA.fields}
    values.update({"ref": key, "action": f"Action {key}", "officer": OWNER, "status": status,
                   "progress": note or None, "target": target})
    return Row(number=number, values=values)


def table(rows: list[Row]) -> ActionsTable:
    return ActionsTable(path=Path("x.xlsx"), sheet="Actions", header_row=1, columns=COLUMNS, headers={},
                        rows=rows)


cell = st.tuples(st.sampled_from(STATUSES), st.sampled_from(NOTES), st.sampled_from(TARGETS))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(cell, cell, cell), min_size=3, max_size=3))
def test_plan_matches_the_three_way_rule_for_every_cell(cells: list[tuple[tuple[str, str, str], ...]]) -> None:
    base_rows, master_rows, their_rows = [], {}, []
    for i, (key, (base, now, mine)) in enumerate(zip(KEYS, cells, strict=True)):
        base_rows.append(row(i + 2, key, *base))
        master_rows[key] = row(i + 2, key, *now)
        their_rows.append(row(i + 2, key, *mine))
    baseline = {r.values["ref"]: {n: "" if v is None else str(v) for n, v in r.values.items()}
                for r in base_rows}
    meta = ReturnMeta(return_id="r1", owner=OWNER, round="R", due="", schema=SCHEMA.name, schema_hash="",
                      master_fingerprint="", issued="", baseline=baseline)
    changes = plan_return(SCHEMA, meta, table(their_rows), table([]), master_rows)
    got = {(c.key, c.field): c.outcome for c in changes}
    for key, (base, now, mine) in zip(KEYS, cells, strict=True):
        for name, b, n, m in zip(("status", "progress", "target"), base, now, mine, strict=True):
            outcome = got.get((key, name))
            if m == b:
                assert outcome is None
            elif name == "target":
                assert outcome == "rejected"
            elif n not in (b, m):
                assert outcome == "conflict"
            elif n == m:
                assert outcome is None
            else:  # applied, unless it would leave the row Completed without a note
                assert outcome in {"applied", "rejected"}
            if outcome == "rejected" and name != "target":
                assert changes[[(c.key, c.field) for c in changes].index((key, name))].reason.endswith(
                    "[completed-without-progress]")
