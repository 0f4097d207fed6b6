"""The status vocabulary: labels pass, synonyms and misspellings are read with a warning naming what was read."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from govsheet import api
from tests.validate.faults import plant_ags_faults

BEFORE_TARGETS = dt.date(2020, 6, 1)


def test_status_messages_say_what_was_read(master: Callable[[str], Path], tmp_path: Path) -> None:
    faulty = plant_ags_faults(master("ags-action-plan"), tmp_path / "faulty.xlsx")
    by_cell = {p.where.cell: p for p in api.validate(faulty, today=BEFORE_TARGETS).errors}
    assert by_cell["G10"].message == ('status "In progrss" is not one of "Yet to start", "In progress", '
                                      '"Completed"; did you mean "In progress"?')
    assert by_cell["G10"].severity == "error"
    assert by_cell["G11"].message == 'status "Done" was read as "Completed"; pick "Completed" from the list'
    assert by_cell["G12"].message == ('status "Compleated" looks misspelt and was read as "Completed"; pick '
                                      '"Completed" from the list')
    assert str(by_cell["G10"]).startswith(f'{faulty}: Actions!G10: status "In progrss"')
    assert str(by_cell["G10"]).endswith("[status-unknown]")
