"""The record of a master's tracked values in its metadata: encoded in chunks, decoded back, stale chunks dropped."""

from __future__ import annotations

import base64
import datetime as dt
import json
import zlib

from govsheet.schemas import load_schema
from govsheet.workbook.layout import TRACKED_AT_KEY, TRACKED_PREFIX
from govsheet.workbook.read import Row
from govsheet.workbook.snapshot import CHUNK, decode, encode, snapshot, snapshot_grid

SCHEMA = load_schema("ags-action-plan")
WHEN = "2021-01-15T10:00:00+00:00"


def test_snapshot_keys_rows_by_reference_as_text_and_the_first_repeat_wins() -> None:
    rows = [Row(number=2, values={"ref": 1.0, "status": "Completed", "target_date": dt.date(2021, 3, 31)}),
            Row(number=3, values={"ref": "1", "status": "Not started"}),
            Row(number=4, values={"ref": "  ", "status": "Completed"})]
    snap = snapshot(SCHEMA, rows)
    names = [f.name for f in SCHEMA.fields]
    assert list(snap) == ["1"]
    assert snap["1"][names.index("status")] == "Completed"
    assert snap["1"][names.index("target_date")] == "2021-03-31"


def test_snapshot_grid_reads_the_same_values_as_rows() -> None:
    header = [f.title for f in SCHEMA.fields]
    grid = [header, ["1a", *[""] * (len(header) - 1)]]
    columns = {f.name: i for i, f in enumerate(SCHEMA.fields)}
    assert snapshot_grid(SCHEMA, grid, 1, columns) == snapshot(SCHEMA, [Row(number=2, values={"ref": "1a"})])


def test_snapshot_grid_converts_what_is_not_text_and_reads_short_rows_as_blank() -> None:
    columns = {"ref": 0, "status": 1, "target_date": 2, "progress": 3}
    grid = [["Ref", "Status", "Date", "Progress"],
            [1.0, "Completed", dt.datetime(2021, 3, 31), True],  # noqa: DTZ001 - calamine gives naive ones
            ["2", "", dt.date(2021, 4, 1)],  # a row shorter than the header, as a hand-made grid may be
            ["1", "Not started", None, "repeat"]]
    snap = snapshot_grid(SCHEMA, grid, 1, columns)
    names = [f.name for f in SCHEMA.fields]
    assert list(snap) == ["1", "2"]
    assert [snap["1"][names.index(n)] for n in columns] == ["1", "Completed", "2021-03-31", "TRUE"]
    assert [snap["2"][names.index(n)] for n in columns] == ["2", "", "2021-04-01", ""]
    assert snap["1"][names.index("action")] == ""  # a field with no column


def test_encode_then_decode_gives_the_snapshot_back_with_when() -> None:
    snap = {"1": ["a", "b"], "2": ["", "c"]}
    values = encode(snap, WHEN, {})
    assert values[TRACKED_AT_KEY] == WHEN
    assert decode({k: v for k, v in values.items() if v is not None}) == snap


def test_a_long_record_is_split_into_chunks_and_older_chunks_are_removed() -> None:
    big = {str(n): [f"{n:06d}-{'x' * 40}-{n * 7919 % 1000003}"] for n in range(8000)}
    values = encode(big, WHEN, {})
    chunks = {k for k in values if k.startswith(TRACKED_PREFIX)}
    assert len(chunks) >= 2  # more than one metadata cell
    assert all(len(values[k] or "") <= CHUNK for k in chunks)
    stored = {k: v for k, v in values.items() if v is not None}
    assert decode(stored) == big
    small = encode({"1": ["a"]}, WHEN, stored)
    assert {k for k, v in small.items() if v is None} == chunks - {f"{TRACKED_PREFIX}1"}
    assert decode({k: v for k, v in small.items() if v is not None}) == {"1": ["a"]}


def test_decode_of_no_record_or_a_damaged_one_is_none() -> None:
    assert decode({}) is None
    assert decode({f"{TRACKED_PREFIX}1": "not base64 zlib"}) is None


def stored(record: object) -> dict[str, str]:
    return {f"{TRACKED_PREFIX}1": base64.b64encode(zlib.compress(json.dumps(record).encode())).decode()}


def test_a_record_not_as_govsheet_wrote_it_is_read_as_text() -> None:
    assert decode(stored({"1": [1, "a", None], "2": "x"})) == {"1": ["1", "a", "None"], "2": []}
    assert decode(stored(["not", "an", "object"])) is None
    assert decode(stored({"1": ["é", "✓"]})) == {"1": ["é", "✓"]}


def row(ref: str, status: str = "Not started") -> list[str]:
    values = [""] * len(SCHEMA.fields)
    values[0], values[6] = ref, status
    return values


def test_recorded_values_come_back_as_they_went_in() -> None:
    snap = {"1a": row("1a"), "2": row("2", "Completed")}
    meta = encode(snap, WHEN, {})
    assert sorted(meta) == ["tracked.1", "tracked_at"]
    assert meta["tracked_at"] == WHEN
    assert decode({k: v for k, v in meta.items() if v is not None}) == snap


def test_chunks_no_longer_needed_are_removed() -> None:
    old = {"tracked.1": "x", "tracked.2": "y", "tracked.x": "z", "round": "2026 Q3"}
    meta = encode({"1": row("1")}, WHEN, old)
    assert (meta["tracked.2"], meta["tracked.x"]) == (None, None)
    assert "round" not in meta
    assert isinstance(meta["tracked.1"], str)


def test_a_master_without_recorded_values_or_with_damaged_ones_has_none() -> None:
    assert decode({"kind": "master"}) is None
    assert decode({"tracked.1": "not base64 of zlib!"}) is None
    as_list = base64.b64encode(zlib.compress(json.dumps([1, 2]).encode())).decode()
    assert decode({"tracked.1": as_list}) is None


def _text_of(meta: dict[str, str | None]) -> str:
    return zlib.decompress(base64.b64decode(meta[f"{TRACKED_PREFIX}1"] or "")).decode()


def test_the_record_is_kept_column_by_column() -> None:
    meta = encode({"1": ["1", "Done"], "2": ["2", "é ✓"]}, WHEN, {})
    assert _text_of(meta) == "govsheet tracked columns 1\n1\x1f2\x1e1\x1f2\x1eDone\x1fé ✓"


def test_a_value_holding_a_separator_is_recorded_as_json_and_comes_back() -> None:
    for sep in ("\x1f", "\x1e"):
        snap = {"1": ["1", f"a{sep}b"], "2": ["2", ""]}
        meta = encode(snap, WHEN, {})
        assert json.loads(_text_of(meta)) == snap
        assert decode({k: v for k, v in meta.items() if v is not None}) == snap


def test_no_rows_or_rows_of_unequal_length_are_recorded_as_json() -> None:
    from govsheet.workbook.snapshot import Columns

    for snap in ({}, {"1": ["1", "a"], "2": ["2"]}, Columns([], [[], []])):
        meta = encode(snap, WHEN, {})
        assert json.loads(_text_of(meta)) == snap
        assert decode({k: v for k, v in meta.items() if v is not None}) == snap


def test_a_damaged_column_record_is_none() -> None:
    text = "govsheet tracked columns 1\n1\x1f2\x1e1"  # the second column is a value short
    assert decode({f"{TRACKED_PREFIX}1": base64.b64encode(zlib.compress(text.encode())).decode()}) is None
    only_keys = "govsheet tracked columns 1\n1\x1f2"
    assert decode({f"{TRACKED_PREFIX}1": base64.b64encode(zlib.compress(only_keys.encode())).decode()}) is None
    not_json = base64.b64encode(zlib.compress(b"neither columns nor JSON")).decode()
    assert decode({f"{TRACKED_PREFIX}1": not_json}) is None


def test_a_columns_record_holding_a_separator_is_recorded_as_json() -> None:
    from govsheet.workbook.snapshot import Columns

    snap = Columns(["1", "2"], [["1", "2"], ["a\x1fb", ""]])
    meta = encode(snap, WHEN, {})
    assert json.loads(_text_of(meta)) == {"1": ["1", "a\x1fb"], "2": ["2", ""]}
    assert decode({k: v for k, v in meta.items() if v is not None}) == snap


def test_a_column_record_with_a_key_twice_is_damaged() -> None:
    text = "govsheet tracked columns 1\n1\x1f1\x1ea\x1fb"
    assert decode({f"{TRACKED_PREFIX}1": base64.b64encode(zlib.compress(text.encode())).decode()}) is None


def test_repeated_and_blank_keys_keep_the_first_row_of_each_key() -> None:
    rows = [Row(number=2, values={"ref": "2", "status": "a"}), Row(number=3, values={"ref": " ", "status": "b"}),
            Row(number=4, values={"ref": "2", "status": "c"}), Row(number=5, values={"ref": "1", "status": "d"})]
    snap = snapshot(SCHEMA, rows)
    status = [f.name for f in SCHEMA.fields].index("status")
    assert list(snap) == ["2", "1"]
    assert (snap["2"][status], snap["1"][status]) == ("a", "d")


def test_a_record_holding_the_values_now_is_those_values_and_any_other_is_read_whole() -> None:
    from govsheet.tracked import changed_outside
    from govsheet.workbook.snapshot import Columns

    recorded = Columns(["1", "2"], [["1", "2"], ["Done", "é ✓"]])
    meta = {k: v for k, v in encode(recorded, WHEN, {}).items() if v is not None}
    same = Columns(["1", "2"], [["1", "2"], ["Done", "é ✓"]])
    assert decode(meta, like=same) is same  # the record's text matched, not split
    other = Columns(["1", "2"], [["1", "2"], ["Done", "changed"]])
    found = decode(meta, like=other)
    assert found is not other
    assert isinstance(found, Columns)
    assert found.rows() == {"1": ["1", "Done"], "2": ["2", "é ✓"]}
    fewer = Columns(["1"], [["1"], ["Done"]])
    assert decode(meta, like=fewer) == recorded
    damaged = "govsheet tracked columns 1\n1\x1f2\x1e1"
    assert decode({f"{TRACKED_PREFIX}1": base64.b64encode(zlib.compress(damaged.encode())).decode()},
                  like=Columns(["1", "2"], [["1", "2"]])) is None
    names = ["ref", "status"]
    two = load_schema("ags-action-plan").model_copy(
        update={"fields": tuple(f for f in SCHEMA.fields if f.name in names)})
    assert changed_outside(two, meta, same) == []
    assert [c.describe() for c in changed_outside(two, meta, other)] == ["2 status: 'é ✓' -> 'changed'"]


def test_values_set_into_a_record_are_recorded_as_a_record_built_afresh_would_be() -> None:
    from govsheet.tracked import patched
    from govsheet.workbook.snapshot import Columns

    names = ["ref", "status", "progress"]
    three = SCHEMA.model_copy(update={"fields": tuple(f for f in SCHEMA.fields if f.name in names)})
    order = [f.name for f in three.fields]
    now = Columns(["1", "2"], [["1", "2"], ["Done", "Started"], ["p1", "p2"]])
    first = encode(now, WHEN, {})  # works out each column's text once
    assert now.joined[0] == "1\x1f2"
    for cells, expected in [
        ([("2", "status", "Done")], {"status": ["Done", "Done"]}),
        ([("1", "progress", "new")], {"progress": ["new", "p2"]}),
        ([("1", "progress", "a\x1fb")], {"progress": ["a\x1fb", "p2"]}),  # a separator: JSON
        ([("9", "status", "Done"), ("1", "nowhere", "x")], {}),  # no such row or field: as it was
    ]:
        after = patched(now, three, cells)
        columns = {name: list(now.columns[order.index(name)]) for name in order}
        columns.update(expected)
        fresh = Columns(["1", "2"], [columns[name] for name in order])
        assert encode(after, WHEN, {}) == encode(fresh, WHEN, {})
        assert decode({k: v for k, v in encode(after, WHEN, {}).items() if v is not None}) == fresh
    assert encode(now, WHEN, {}) == first  # the record it was set from is unchanged


def test_a_record_taken_from_a_grid_is_recorded_as_one_taken_from_rows() -> None:
    columns = {"ref": 0, "status": 1, "progress": 2}
    for body in ([[" 1 ", "Completed", "done"], ["2", "Started", 3.0]],  # a key with spaces; a number
                 [["1", "a\x1fb", "x"], ["2", "Started", "y"]],  # a separator in a text column: JSON
                 [["1", "Completed", "x"], ["1", "Started", "y"], ["", "x", "z"]]):  # a repeat; no key
        grid = [["Ref", "Status", "Progress"], *body]
        rows = [Row(number=n, values=dict(zip(columns, cells, strict=True))) for n, cells in enumerate(body, 2)]
        from_grid, from_rows = snapshot_grid(SCHEMA, grid, 1, columns), snapshot(SCHEMA, rows)
        assert from_grid == from_rows
        assert encode(from_grid, WHEN, {}) == encode(from_rows, WHEN, {})
