"""validate on any tracker (property-based): problems at real cells, never a crash."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from govsheet.errors import GovsheetError
from tests.hostile.run import run_cli
from tests.hostile.values import FUZZ

# ----------------------------------------------------------------- validation and import of random data
ANY_VALUE = st.one_of(
    st.none(),
    st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\ufffe\uffff"), max_size=60),
    st.sampled_from(["Yet to start", "In progres", "completed ", "\u00a0Done", "Finished?", "March 2021",
                     "Continuous in 2020/21", "31/03/2021", "=1+1", "@SUM(1)", "1a", "15b", "999"]),
    st.integers(-(2**40), 2**40),
    st.floats(allow_nan=False, allow_infinity=False),
    st.dates(dt.date(1900, 3, 1), dt.date(9999, 12, 31)),
)


FIELDS = ["ref", "parent", "action", "officer", "target", "target_date", "status", "progress"]


@FUZZ
@given(rows=st.lists(st.fixed_dictionaries(dict.fromkeys(FIELDS, ANY_VALUE)), min_size=1, max_size=6))
def test_validate_reports_any_tracker_without_crashing(rows: list[dict[str, object]]) -> None:
    """Whatever the cells hold, validate reports problems at real cells; it never crashes."""
    import json
    import re

    from govsheet.importer.master import write_master
    from govsheet.model.tracker import Action, Tracker
    from govsheet.schemas import load_schema

    schema = load_schema("ags-action-plan")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "random.xlsx"
        try:
            write_master(Tracker(schema_name=schema.name, actions=[Action(values=r) for r in rows]),  # type: ignore[misc]
                         schema, path)
        except GovsheetError:
            return  # the writer refused the values (e.g. a cell too long): nothing to validate
        result = run_cli(["validate", str(path), "--format", "json", "--today", "2024-01-01"])
        assert "Traceback" not in result.output, result.output
        assert "panicked" not in result.output, result.output
        if result.code == 2:  # e.g. a date-formatted cell holding -1E+300, which calamine cannot convert
            assert result.err.startswith(f"govsheet: {path}: "), result.err
            assert len(result.err.strip().splitlines()) == 1, result.err
            return
        assert result.code in (0, 1), result.output
        report = json.loads(result.out)
        for problem in report["errors"]:
            if problem["cell"] is not None:
                assert re.fullmatch(r"[A-Z]{1,3}[0-9]{1,7}", problem["cell"]), problem
                assert problem["row"] is None or 1 <= problem["row"] <= len(rows) + 1, problem
