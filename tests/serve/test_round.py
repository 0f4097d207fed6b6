"""The round folder behind the page: upload names made safe, its one master, one write at a time."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("starlette", reason="govsheet[serve] is not installed")

from govsheet.errors import LockError, UsageError
from govsheet.serve.round import RoundFolder, safe_name


@pytest.mark.parametrize(("given", "safe"), [
    ("../../etc/passwd", "passwd"), ("..\\..\\win.ini", "win.ini"), ("", "return.xlsx"), ("..", "return.xlsx"),
    ("a<b>|c.xlsx", "a_b_c.xlsx"), ("/abs/finance.xlsx", "finance.xlsx"), ("x..y.xlsx", "x.y.xlsx"),
])
def test_safe_name(given: str, safe: str) -> None:
    assert safe_name(given) == safe


def test_the_master_is_the_one_workbook_at_the_top(folder: Path) -> None:
    rounds = RoundFolder(folder)
    (folder / "master.bak.xlsx").write_bytes(b"old")
    (folder / "~$master.xlsx").write_bytes(b"excel's lock")
    assert rounds.master == folder / "master.xlsx"
    info = rounds.info()
    assert (info.master, info.round, info.schema, info.rows) == ("master.xlsx", "2020/21 Q3", "ags-action-plan", 5)


def test_a_folder_with_no_master_or_two_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(UsageError) as none:
        _ = RoundFolder(tmp_path).master
    assert str(none.value) == f"{tmp_path}: holds no master workbook (*.xlsx); put the round's master in it"
    (tmp_path / "a.xlsx").write_bytes(b"x")
    (tmp_path / "b.xlsx").write_bytes(b"x")
    with pytest.raises(UsageError, match=r"holds more than one workbook \(a\.xlsx, b\.xlsx\); keep only the master"):
        _ = RoundFolder(tmp_path).master


def test_one_write_at_a_time(folder: Path) -> None:
    rounds = RoundFolder(folder)
    with rounds.writing(), pytest.raises(LockError, match="another change is running"), rounds.writing():
        pass
    with rounds.writing():
        pass
