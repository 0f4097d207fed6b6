"""pandas: a tracker and its Audit sheet as DataFrames, and a tracker from one (``govsheet[pandas]``)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

import govsheet

pd = pytest.importorskip("pandas", reason="pandas is not installed; pip install 'govsheet[pandas]'")

SCHEMA = "ags-action-plan"


def test_tracker_to_pandas_is_one_row_per_action_keyed_by_ref(master: Callable[[str], Path]) -> None:
    tracker = govsheet.read_tracker(master(SCHEMA))
    frame = govsheet.to_pandas(tracker)
    assert len(frame) == len(tracker.actions) == 28
    assert frame.index.name == "ref"
    assert list(frame.index[:3]) == ["1", "1a", "1b"]
    assert list(frame.columns) == ["parent", "action", "officer", "target", "target_date", "status", "progress",
                                   "proposed_target", "target_reason", "original_target", "target_revisions"]
    assert frame.loc["1a", "parent"] == "1"


def test_dates_are_datetime64_and_status_an_ordered_categorical(master: Callable[[str], Path]) -> None:
    frame = govsheet.to_pandas(govsheet.read_tracker(master(SCHEMA)))
    schema = govsheet.load_schema(SCHEMA)
    assert pd.api.types.is_datetime64_any_dtype(frame["target_date"])
    status = frame["status"]
    assert isinstance(status.dtype, pd.CategoricalDtype)
    assert status.cat.ordered
    assert list(status.cat.categories) == [s.label for s in schema.statuses]
    assert frame.loc["1", "status"] == "In progress"


def test_rich_text_comes_out_as_plain_text(master: Callable[[str], Path]) -> None:
    frame = govsheet.to_pandas(govsheet.read_tracker(master(SCHEMA)))
    progress = frame.loc["1a", "progress"]
    assert isinstance(progress, str)
    assert progress.startswith("Recommendations 1 & 2 – developing an inclusiv")
    assert "<" not in progress


def test_from_pandas_round_trips_the_tracker(master: Callable[[str], Path]) -> None:
    tracker = govsheet.read_tracker(master(SCHEMA))
    again = govsheet.from_pandas(govsheet.to_pandas(tracker), SCHEMA)
    assert [a.values for a in again.actions] == [a.values for a in tracker.actions]


def test_from_pandas_normalises_like_an_import() -> None:
    frame = pd.DataFrame({"Ref": ["1", "2"], "Action": ["Publish the plan", "Train staff"],
                          "Responsible officer": ["Head of Legal", "Head of HR"],
                          "Progress status": ["in progress", "Complete"],
                          "target_date": [pd.Timestamp("2021-03-31"), pd.NaT]})
    tracker = govsheet.from_pandas(frame, SCHEMA)
    assert [a.get("status") for a in tracker.actions] == ["In progress", "Completed"]
    assert [a.get("target_date") for a in tracker.actions][1] is None


def test_from_pandas_with_no_matching_column_is_a_source_error() -> None:
    with pytest.raises(govsheet.SourceError) as caught:
        govsheet.from_pandas(pd.DataFrame({"x": [1]}), SCHEMA)
    assert str(caught.value).startswith("<DataFrame>: no header row matches the ags-action-plan schema;")


def test_audit_to_pandas_has_typed_timestamps(master: Callable[[str], Path], tmp_path: Path) -> None:
    rolled = tmp_path / "next.xlsx"
    govsheet.roll(master(SCHEMA), "2021/22 Q1", rolled)
    frame = govsheet.read_audit(rolled).to_pandas()
    assert len(frame) == len(govsheet.read_audit(rolled).rows) > 0
    assert str(frame["When"].dtype) .startswith("datetime64")
    assert str(frame["When"].dt.tz) == "UTC"
    assert frame["Outcome"].iloc[-1] == "rolled"


def test_without_pandas_one_error_names_the_extra(master: Callable[[str], Path]) -> None:
    path = master(SCHEMA)
    code = ("import sys; sys.modules['pandas'] = None\n"
            "import govsheet\n"
            f"t = govsheet.read_tracker({str(path)!r})\n"
            "for call in (lambda: govsheet.to_pandas(t), lambda: govsheet.read_audit(%r).to_pandas()):\n"
            "    try:\n        call()\n    except govsheet.GovsheetError as exc:\n        print(exc)\n") % str(path)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    line = "pandas is not installed; install the extra with pip install 'govsheet[pandas]'"
    assert out.stdout.splitlines() == [line, line]
