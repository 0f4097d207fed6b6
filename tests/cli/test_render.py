"""`govsheet render` on the command line: the line saying what it wrote, --date as the old --today, bad --where."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.helpers import invoke
from tests.returns.helpers import Cycle


@pytest.mark.parametrize("fmt", ["xlsx", "html", "docx"])
def test_each_format_says_what_it_wrote(fmt: str, cycle: Cycle, tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / f"committee.{fmt}"
    code, printed, err = invoke(["render", str(cycle.master), "--format", fmt, "-o", str(out),
                                 "--today", "2021-01-15"], capsys)
    assert (code, printed, err) == (0, f"{out}: committee table ({fmt}), 5 of 5 rows\n", "")
    assert out.stat().st_size > 0


def test_the_old_date_option_still_sets_the_day(cycle: Cycle, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    by_today, by_date = tmp_path / "today.html", tmp_path / "date.html"
    invoke(["render", str(cycle.master), "--format", "html", "-o", str(by_today), "--today", "2021-01-15"], capsys)
    invoke(["render", str(cycle.master), "--format", "html", "-o", str(by_date), "--date", "2021-01-15"], capsys)
    assert by_today.read_bytes() == by_date.read_bytes()


def test_a_bad_where_is_one_line_and_writes_nothing(cycle: Cycle, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "committee.html"
    code, printed, err = invoke(["render", str(cycle.master), "--format", "html", "-o", str(out), "--where",
                                 "colour = red"], capsys)
    assert (code, printed) == (2, "")
    assert err.startswith("govsheet: bad --where expression \"colour = red\": unknown field 'colour' (fields: ")
    assert err.count("\n") == 1
    assert not out.exists()


def test_format_is_required(cycle: Cycle, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = invoke(["render", str(cycle.master), "-o", str(tmp_path / "x.html")], capsys)
    assert code == 2
    assert "Missing option '--format'" in err
