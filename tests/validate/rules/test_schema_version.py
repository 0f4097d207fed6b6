"""The schema a workbook carries: reported, never swapped, when govsheet ships a different version of it."""

from __future__ import annotations

from pathlib import Path

from govsheet import api
from tests.schemas.test_resolve import own_schema

SEEDS = Path(__file__).resolve().parents[3] / "src" / "govsheet" / "seeds"


def test_a_shipped_schema_of_the_same_name_that_differs_is_reported_never_swapped(tmp_path: Path) -> None:
    schema_file = own_schema(tmp_path, "ags-action-plan")
    out = tmp_path / "master.xlsx"
    api.import_tracker(SEEDS / "ags-action-plan.txt", schema_file, out)
    report = api.validate(out)
    found = [p for p in report.errors if p.code == "schema-version-differs"]
    assert [p.severity for p in found] == ["warning"]
    assert found[0].message == ('the workbook was built with a version of the schema "ags-action-plan" that '
                                "differs from the one this govsheet ships; it was checked with its own, pass "
                                "--schema ags-action-plan to check it with the shipped one")
    chosen = api.validate(out, "ags-action-plan")
    assert not [p for p in chosen.errors if p.code == "schema-version-differs"]
