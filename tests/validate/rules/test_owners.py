"""validate reports an Owners sheet edited into nonsense, with the cell to fix and a stable code."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from govsheet import api

SEED = Path(__file__).resolve().parents[3] / "src" / "govsheet" / "seeds" / "ags-action-plan.txt"
TODAY = dt.date(2020, 6, 1)


def _owner_problems(path: Path) -> list[tuple[str, str, str | None]]:
    report = api.validate(path, today=TODAY)
    return [(p.code, p.severity, p.where.cell) for p in report.errors if p.code.startswith("owners-")]


def test_the_owners_sheet_import_writes_is_clean(tmp_path: Path) -> None:
    master = tmp_path / "m.xlsx"
    api.import_tracker(SEED, "ags-action-plan", master)
    assert _owner_problems(master) == []


def test_a_broken_owners_sheet_is_reported_cell_by_cell(tmp_path: Path) -> None:
    master = tmp_path / "m.xlsx"
    api.import_tracker(SEED, "ags-action-plan", master)
    api.edit(master, ["Owners!A4=chief  executive",            # folds to row 3's owner
                      "Owners!C3=not an address",
                      "Owners!B5=Group Manager – Assurance",   # one post, already under row 2
                      "Owners!A14=Nobody", "Owners!B14=",      # no text maps to them
                      "Owners!A15=", "Owners!C15=x@example.gov.uk"])  # a row with no owner
    assert _owner_problems(master) == [
        ("owners-email-invalid", "error", "C3"),
        ("owners-duplicate", "error", "A4"),
        ("owners-text-two-owners", "warning", "B5"),
        ("owners-no-rows", "warning", "A14"),
        ("owners-name-missing", "error", "A15"),
    ]
    report = api.validate(master, today=TODAY)
    messages = {p.code: str(p) for p in report.errors}
    assert messages["owners-duplicate"] == (f'{master}: Owners!A4: owner "chief  executive" is also on row 3; keep '
                                            'one row and move its "Also written as" texts there [owners-duplicate]')
    assert messages["owners-no-rows"] == (f'{master}: Owners!A14: owner "Nobody" has no rows: no officer text of the '
                                          'Actions sheet maps to them; add the text to "Also written as" or clear the '
                                          "row [owners-no-rows]")
