"""Atomic replacement: the new file whole or the old one, with the permissions a colleague's file would have."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from govsheet.xlsx.atomic import atomic_file, current_umask


@pytest.fixture
def umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


@pytest.mark.usefixtures("umask_022")
def test_reading_the_umask_leaves_it_as_it_was() -> None:
    assert current_umask() == 0o022
    assert current_umask() == 0o022


@pytest.mark.usefixtures("umask_022")
def test_a_new_file_gets_the_usual_permissions_not_private_ones(tmp_path: Path) -> None:
    target = tmp_path / "master.xlsx"
    with atomic_file(target) as tmp:
        assert tmp.parent == tmp_path
        assert tmp.name.startswith(".master.xlsx.")
        assert tmp.name.endswith(".tmp")
        tmp.write_bytes(b"new")
    assert target.read_bytes() == b"new"
    assert target.stat().st_mode & 0o777 == 0o644
    assert sorted(p.name for p in tmp_path.iterdir()) == ["master.xlsx"]


def test_a_replaced_file_keeps_its_own_permissions(tmp_path: Path) -> None:
    target = tmp_path / "master.xlsx"
    target.write_bytes(b"old")
    target.chmod(0o640)
    with atomic_file(target) as tmp:
        tmp.write_bytes(b"new")
    assert (target.read_bytes(), target.stat().st_mode & 0o777) == (b"new", 0o640)


def test_a_failure_in_the_block_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "master.xlsx"
    target.write_bytes(b"old")
    def write_half_then_fail() -> None:
        with atomic_file(target) as tmp:
            tmp.write_bytes(b"half")
            raise RuntimeError("disk full")

    with pytest.raises(RuntimeError, match="disk full"):
        write_half_then_fail()
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["master.xlsx"]


def test_a_folder_that_does_not_exist_is_an_os_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError), atomic_file(tmp_path / "missing" / "master.xlsx"):
        pass
