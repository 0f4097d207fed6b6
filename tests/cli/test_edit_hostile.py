"""`govsheet edit` given hostile arguments (property-based): text stays text, invalid UTF-8 exits cleanly."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings

from tests.hostile.run import run_cli
from tests.hostile.values import TEXT, base_bytes, needs_edit, read_back


@needs_edit
def test_edit_with_invalid_utf8_in_argv_exits_cleanly(tmp_path: Path) -> None:
    master = tmp_path / "master.xlsx"
    master.write_bytes(base_bytes())
    before = master.read_bytes()
    bad = b"Actions!I2=\xff\xfe".decode("utf-8", "surrogateescape")  # what Python hands over for such argv
    result = run_cli(["edit", str(master), "--set", bad])
    assert "Traceback" not in result.output
    assert result.code == 2
    assert len(result.err.strip().splitlines()) == 1
    assert master.read_bytes() == before


@needs_edit
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXT.filter(lambda t: "\x00" not in t))
def test_edit_command_keeps_text_as_text(text: str) -> None:
    """Through the command line: ``:=`` keeps the value as text, whatever it looks like."""
    with tempfile.TemporaryDirectory() as tmp:
        master = Path(tmp) / "master.xlsx"
        master.write_bytes(base_bytes())
        result = run_cli(["edit", str(master), "--set", f"Actions!I2:={text}"])
        assert "Traceback" not in result.output
        assert result.code == 0, result.output
        assert read_back(master) == (text or None) or (text == "" and read_back(master) in ("", None))
