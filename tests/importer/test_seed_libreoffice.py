"""Both seed masters opened in LibreOffice headless show exactly the cells calamine reads."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from govsheet import api
from tests.conftest import SEEDS, libreoffice_convert, read_csv_rows
from tests.importer.sheet import actions_grid, shown


@pytest.mark.libreoffice
@pytest.mark.parametrize("schema", ["ags-action-plan", "governance-review"])
def test_libreoffice_shows_the_same_cells_as_calamine(schema: str, master: Callable[[str], Path],
                                                      tmp_path: Path) -> None:
    path = master(schema)
    expected = [[shown(v) for v in row] for row in actions_grid(path)]
    exported = libreoffice_convert(path, "csv", tmp_path / "lo", sheet=1)
    seen = read_csv_rows(exported)
    assert len(seen) == len(expected)
    icon = expected[0].index("Icon")
    for r, (want, got) in enumerate(zip(expected, seen, strict=True), start=1):
        assert got[:icon] + got[icon + 1:] == want[:icon] + want[icon + 1:], f"row {r} differs"
    icons = {row[icon] for row in seen[1:]}
    # LibreOffice recalculates the icon formula and shows its number as the status's glyph (a number
    # format); a blank status (sub-items 1a-1e, and seed 004, which has no status column) shows no icon.
    assert icons == ({"", "\u25cb", "\u25d0", "\u25cf"} if schema == "ags-action-plan" else {""})
    # The CSV LibreOffice wrote imports back to the same tracker, paragraph breaks and dates included.
    again, _ = api.read_source(exported, schema)
    original, _ = api.read_source(SEEDS[schema], schema)
    assert [a.values for a in again.actions] == [a.values for a in original.actions]


@pytest.mark.libreoffice
def test_libreoffice_keeps_the_italic_subheadings_of_1a(master: Callable[[str], Path], tmp_path: Path) -> None:
    """LibreOffice reads the rich text (it writes the italic runs back when it saves the workbook)."""
    saved = libreoffice_convert(master("ags-action-plan"), "xlsx", tmp_path / "lo")
    again, _ = api.read_source(saved, "ags-action-plan")
    one_a = next(a for a in again.actions if a.values["ref"] == "1a")
    italic = [r.text.strip() for r in one_a.rich["progress"] if r.italic]  # LibreOffice moves a line break
    assert italic == [
        "Recommendations 1 & 2 \u2013 developing an inclusive vision for Notts and showing leadership of place",
        "Recommendation 3 \u2013 reviewing the constitution and operating model",
        "Recommendation 4 \u2013 modelling sustainable savings plans",
        "Recommendation 5 \u2013 developing a corporate and agile approach to change and digital",
    ]
