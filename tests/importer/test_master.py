"""A new master: its sheets, the metadata that makes it a master, the Owners sheet guessed from the officers."""

from __future__ import annotations

from pathlib import Path

from python_calamine import CalamineWorkbook

from govsheet.importer.master import write_master
from govsheet.workbook.meta import read_meta
from tests.returns.helpers import SCHEMA, small_tracker


def test_a_master_has_its_sheets_and_its_metadata(tmp_path: Path) -> None:
    path = write_master(small_tracker(), SCHEMA, tmp_path / "master.xlsx", round_label="2021/22 Q1",
                        extra_meta={"note": "from a test"})
    assert path == tmp_path / "master.xlsx"
    book = CalamineWorkbook.from_path(str(path))
    assert book.sheet_names[:3] == ["Actions", "Audit", "Owners"]
    meta = read_meta(path)
    assert meta is not None
    assert (meta["kind"], meta["schema"], meta["round"], meta["note"]) == ("master", "ags-action-plan", "2021/22 Q1",
                                                                          "from a test")
    assert "tracked.1" in meta  # the record of its tracked values, to catch changes made by hand
    assert len(meta["master_id"]) == 32


def test_the_round_defaults_to_the_trackers_and_each_master_is_its_own(tmp_path: Path) -> None:
    first = read_meta(write_master(small_tracker(), SCHEMA, tmp_path / "a.xlsx"))
    second = read_meta(write_master(small_tracker(), SCHEMA, tmp_path / "b.xlsx"))
    assert first is not None
    assert second is not None
    assert first["round"] == second["round"] == "2020/21 Q3"
    assert first["master_id"] != second["master_id"]


def test_the_owners_sheet_is_guessed_from_the_officer_texts(tmp_path: Path) -> None:
    path = write_master(small_tracker(), SCHEMA, tmp_path / "master.xlsx")
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Owners").to_python()
    owners = {row[0] for row in rows[1:] if row and row[0]}
    assert owners == {"Group Manager – Assurance", "Chief Executive",
                      "Service Director – Customers, Governance and Employees"}
