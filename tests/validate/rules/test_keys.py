"""The primary key: every row has one, no two rows share it, and a parent names a row that exists."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from govsheet import api
from tests.returns.helpers import edit, make_master

BEFORE_TARGETS = dt.date(2020, 6, 1)


def test_a_repeated_a_missing_key_and_an_unknown_parent_are_named_at_their_cells(tmp_path: Path) -> None:
    master = make_master(tmp_path / "master.xlsx")
    faulty = edit(Path(shutil.copy(master, tmp_path / "faulty.xlsx")),
                  {("3", "Ref"): "1", ("4", "Part of"): "9", ("5", "Ref"): None})
    report = api.validate(faulty, today=BEFORE_TARGETS)
    found = [(p.code, p.where.cell, p.severity, p.message) for p in report.errors if p.code.startswith(("key-",
                                                                                                       "parent-"))]
    assert found == [
        ("key-duplicate", "A4", "error", 'reference "1" is already used in row 2; give each row its own reference'),
        ("parent-unknown", "B5", "error",
         '"Part of" names "9", which is not a reference in this tracker; correct it or clear it'),
        ("key-missing", "A6", "error", found[2][3]),
    ]
    assert report.valid is False


def test_the_keys_of_a_written_master_pass(tmp_path: Path) -> None:
    report = api.validate(make_master(tmp_path / "master.xlsx"), today=BEFORE_TARGETS)
    assert [p.code for p in report.errors if p.code.startswith(("key-", "parent-"))] == []
