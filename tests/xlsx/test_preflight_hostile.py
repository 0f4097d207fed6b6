"""Size limits: a zip bomb is refused from the zip's directory, fast and without inflating it;
every limit is configurable through an environment variable and named in the refusal."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from govsheet.cli import COMMANDS
from govsheet.errors import WorkbookError
from govsheet.safety import ReadLimits, preflight
from govsheet.xlsx.limits import Limits
from tests.hostile import cases as c
from tests.hostile.run import run_cli, run_script

MEASURE = textwrap.dedent("""
    import json, resource, sys, time
    from pathlib import Path
    from govsheet.errors import GovsheetError
    from govsheet.workbook.read import open_calamine
    import python_calamine, govsheet.safety, govsheet.xlsx.package  # imports are not what is measured
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    try:
        open_calamine(Path(sys.argv[1]))
        message = None
    except GovsheetError as exc:
        message = str(exc)
    seconds = time.perf_counter() - started
    grown_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    print(json.dumps({"seconds": seconds, "grown_mb": grown_kb / 1024, "message": message}))
""")


def measure(path: Path) -> dict[str, object]:
    """Open ``path`` in a fresh interpreter; how long it took, how much memory grew, what was said."""
    proc = subprocess.run([sys.executable, "-c", MEASURE, str(path)], capture_output=True, text=True, timeout=120,
                          check=True)
    result: dict[str, object] = json.loads(proc.stdout)
    return result


@pytest.mark.parametrize(("megabytes", "lie"), [(2000, False), (4000, False), (2000, True)],
                         ids=["2GB-honest-header", "4GB-honest-header", "2GB-lying-header"])
def test_a_zip_bomb_is_refused_fast_without_inflating(base_files: dict[str, Path], tmp_path: Path, megabytes: int,
                                                       lie: bool) -> None:
    bomb = c.zip_bomb(base_files["master"], tmp_path / "bomb.xlsx", megabytes=megabytes, lie=lie)
    assert bomb.stat().st_size < 5 * 1024 * 1024  # small on disk
    result = measure(bomb)
    assert isinstance(result["message"], str), "the bomb was opened"
    assert str(bomb) in result["message"]
    assert ("zip bomb" in result["message"]) if not lie else ("damaged" in result["message"])
    assert isinstance(result["seconds"], float)
    assert result["seconds"] < 0.5, result
    assert isinstance(result["grown_mb"], float)
    assert result["grown_mb"] < 100, result


def test_a_sheet_reaching_xfd1048576_is_refused_before_calamine_allocates_it(base_files: dict[str, Path],
                                                                               tmp_path: Path) -> None:
    far = c.far_cell(base_files["master"], tmp_path / "far.xlsx")
    result = measure(far)
    assert result["message"] == (
        f"{far}: part xl/worksheets/sheet1.xml spans 1,048,576 rows x 16,384 columns, over the limits of "
        "250,000 rows (GOVSHEET_MAX_ROWS) and 5,000,000 cells (GOVSHEET_MAX_CELLS); no tracker is that large, "
        "raise the limits only if you trust the file")
    assert isinstance(result["grown_mb"], float)
    assert result["grown_mb"] < 100, result


def test_the_defaults_are_documented_values() -> None:
    limits = Limits.from_env({})
    assert (limits.max_compressed, limits.max_uncompressed, limits.max_part, limits.max_ratio, limits.max_parts) == (
        256 * 1024 * 1024, 1024 * 1024 * 1024, 512 * 1024 * 1024, 200, 10_000)
    assert ReadLimits.from_env({}) == ReadLimits(max_rows=250_000, max_cells=5_000_000)
    assert ReadLimits.from_env({"GOVSHEET_MAX_ROWS": " 60000 ", "GOVSHEET_MAX_CELLS": "lots"}) == ReadLimits(
        max_rows=60_000, max_cells=5_000_000)


LIMIT_CASES: dict[str, tuple[dict[str, str], Callable[[Path, Path], Path], str]] = {
    # variable set low -> a normal master is refused, and the message names the variable
    "compressed": ({"GOVSHEET_MAX_COMPRESSED": "4096"}, lambda s, d: d.write_bytes(s.read_bytes()) and d,
                   "GOVSHEET_MAX_COMPRESSED"),
    "uncompressed": ({"GOVSHEET_MAX_UNCOMPRESSED": "20000"}, lambda s, d: d.write_bytes(s.read_bytes()) and d,
                     "GOVSHEET_MAX_UNCOMPRESSED"),
    "part": ({"GOVSHEET_MAX_PART": "5000"}, lambda s, d: d.write_bytes(s.read_bytes()) and d, "GOVSHEET_MAX_PART"),
    "parts": ({"GOVSHEET_MAX_PARTS": "5"}, lambda s, d: d.write_bytes(s.read_bytes()) and d, "GOVSHEET_MAX_PARTS"),
    "ratio": ({"GOVSHEET_MAX_RATIO": "2", "GOVSHEET_RATIO_FLOOR": "1000"},
              lambda s, d: d.write_bytes(s.read_bytes()) and d, "GOVSHEET_MAX_RATIO"),
    "rows": ({"GOVSHEET_MAX_ROWS": "5"}, lambda s, d: d.write_bytes(s.read_bytes()) and d, "GOVSHEET_MAX_ROWS"),
    "cells": ({"GOVSHEET_MAX_CELLS": "50"}, lambda s, d: d.write_bytes(s.read_bytes()) and d, "GOVSHEET_MAX_CELLS"),
}


@pytest.mark.parametrize("limit", list(LIMIT_CASES))
def test_each_limit_is_configurable_and_named(limit: str, base_files: dict[str, Path], tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    env, build, variable = LIMIT_CASES[limit]
    master = build(base_files["master"], tmp_path / "master.xlsx")
    preflight(master)  # the defaults let a normal master through
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    with pytest.raises(WorkbookError, match=variable) as exc:
        preflight(master)
    assert str(exc.value).startswith(f"{master}: ")


def test_raising_a_limit_lets_a_trusted_file_through(base_files: dict[str, Path], tmp_path: Path) -> None:
    """A high-ratio part is refused by default and read when the team raises GOVSHEET_MAX_RATIO."""
    odd = c.high_ratio_part(base_files["master"], tmp_path / "odd.xlsx")
    out = tmp_path / "committee.html"
    refused = run_script(["render", str(odd), "--format", "html", "-o", str(out)])
    assert refused.code == 2
    assert "GOVSHEET_MAX_RATIO" in refused.err
    assert not out.exists()
    allowed = run_script(["render", str(odd), "--format", "html", "-o", str(out)],
                         env={"GOVSHEET_MAX_RATIO": "100000"})
    assert allowed.code == 0, allowed.err
    assert out.exists()


@pytest.mark.skipif("validate" not in COMMANDS, reason="'govsheet validate' has not landed yet")
def test_validate_honours_a_raised_ratio_limit(base_files: dict[str, Path], tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    odd = c.high_ratio_part(base_files["master"], tmp_path / "odd.xlsx")
    monkeypatch.setenv("GOVSHEET_MAX_RATIO", "100000")
    result = run_cli(["validate", str(odd), "--schema", "ags-action-plan"])
    assert result.code in (0, 1), result.output
