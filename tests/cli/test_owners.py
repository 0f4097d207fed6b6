"""govsheet owners: the directory, each officer text's owners, and the texts that map to none."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from govsheet import api
from govsheet.cli import main

SEED = Path(__file__).resolve().parents[2] / "src" / "govsheet" / "seeds" / "governance-review.txt"


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    with pytest.raises(SystemExit) as exc:
        main(["owners", *args])
    return int(exc.value.code or 0), capsys.readouterr().out


def test_owners_prints_the_directory_and_each_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    master = tmp_path / "m.xlsx"
    api.import_tracker(SEED, "governance-review", master)
    code, out = _run(capsys, str(master))
    assert code == 0
    assert out.splitlines() == [
        f"{master}: 4 owners (its Owners sheet)", "",
        "  Audrey Kingham - 6 rows; no e-mail", "  Simon Neilson - 1 row; no e-mail",
        "  Jan Willis - 2 rows; no e-mail", "  Monitoring Officer - 2 rows; no e-mail", "",
        "Officer texts:",
        "  'Audrey Kingham (Best Value for Money) Chief Executive' (rows 10.1, 10.2.8) -> Audrey Kingham",
        "  'Audrey Kingham' (rows 10.1-2, 10.3, 10.2.1, 10.2.3) -> Audrey Kingham",
        "  'Simon Neilson (Talent & Opportunities) Jan Willis (BEST Executive Sponsor and Living Leader)' "
        "(rows 10.2.2) -> Simon Neilson + Jan Willis",
        "  'Monitoring Officer' (rows 10.2.4, 10.2.5) -> Monitoring Officer",
        "  'Jan Willis' (rows 10.2.6) -> Jan Willis",
    ]


def test_a_text_the_team_mapped_to_no_owner_is_flagged(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    master = tmp_path / "m.xlsx"
    api.import_tracker(SEED, "governance-review", master)
    api.edit(master, ["Owners!B5=", "Owners!C5=mo@example.gov.uk"])  # Monitoring Officer: no texts
    code, out = _run(capsys, str(master), "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["unmapped"] == []  # the owner's own name still maps the text
    api.edit(master, ["Owners!A5=Legal lead"])
    code, out = _run(capsys, str(master), "--format", "json")
    data = json.loads(out)
    assert code == 1
    assert data["unmapped"] == ["Monitoring Officer"]
    assert data["owners"][3] == {"owner": "Legal lead", "also_written_as": [], "email": "mo@example.gov.uk",
                                 "department": "", "notes": "", "row": 5, "rows": 0}
    code, out = _run(capsys, str(master))
    assert "  'Monitoring Officer' (rows 10.2.4, 10.2.5) -> NO OWNER: these rows go in no return" in out.splitlines()
