"""The tracker sheet held column by column: short rows padded, rows built on demand."""

from __future__ import annotations

from pathlib import Path

from govsheet.validate.table import table_from_rows


def test_short_rows_are_padded_and_rows_built_on_demand(tmp_path: Path) -> None:
    from govsheet.schemas import load_schema

    grid: list[list[object]] = [["Ref", "Planned Action", "Progress status"], ["1", "Do it"], ["", "", ""],
                                ["2", "Then this", "Completed"]]
    rows, table = table_from_rows(tmp_path / "x.xlsx", "Actions", grid, load_schema("ags-action-plan"))
    assert rows.numbers == [2, 4]
    assert rows[0].values == {"ref": "1", "action": "Do it", "status": ""}
    assert [r.number for r in rows[0:2]] == [2, 4]
    assert rows.at(4) is not None
    assert rows.at(3) is None
    assert table.header_row == 1
