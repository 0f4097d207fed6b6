"""`govsheet schema`: list, show and the JSON Schema of a tracker schema."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.helpers import invoke

ROOT = Path(__file__).resolve().parents[2]


def test_schema_list_show_and_json_schema(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = invoke(["schema", "list"], capsys)
    assert code == 0
    assert out.splitlines() == [
        "ags-action-plan\tAnnual Governance Statement action plan (12 fields, 3 statuses)",
        "governance-review\tGovernance review recommendations (13 fields, 3 statuses)",
    ]
    code, out, _ = invoke(["schema", "show", "governance-review"], capsys)
    assert code == 0
    assert out == (ROOT / "schemas" / "governance-review.yaml").read_text(encoding="utf-8")
    code, out, _ = invoke(["schema", "json-schema"], capsys)
    assert json.loads(out)["title"] == "Schema"
