"""Inserting rows 2-4 of each corpus workbook's first sheet and deleting them again loses nothing.

The fidelity tool (../shared/tools/fidelity) compares every feature of the original with the copy:
cells, formulas, merged cells, conditional formats, validations, comments, drawings, names, ...
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import CORPUS, ROOT, SHARED

pytestmark = [pytest.mark.corpus, pytest.mark.slow]

FIDELITY = SHARED / "tools" / "fidelity" / "fidelity.py"
ROWS_TWICE = Path(__file__).with_name("rows_twice.py")


@pytest.mark.skipif(not CORPUS.is_dir() or not FIDELITY.is_file(), reason="../shared/corpus is not beside the project")
def test_insert_then_delete_rows_keeps_every_feature_of_every_corpus_file(tmp_path: Path) -> None:
    out = tmp_path / "fidelity.json"
    cmd = f"{sys.executable} {ROWS_TWICE} {{src}} {{dst}} >/dev/null"
    subprocess.run([sys.executable, str(FIDELITY), str(CORPUS), "--cmd", cmd, "--jobs", "2", "--json", str(out)],
                   check=True, capture_output=True, cwd=ROOT, timeout=900)
    doc = json.loads(out.read_text())
    lost = {f["file"]: [k for k, v in f["features"].items() if not v["kept"]] or f["error"]
            for f in doc["files"] if f["error"] or not all(v["kept"] for v in f["features"].values())}
    assert lost == {}
    assert doc["summary"]["round_trip_failures"] == 0
    assert doc["summary"]["fidelity_pct"] == 100.0
