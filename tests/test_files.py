"""Shared file rules: outputs never replace inputs, and are written whole or not at all."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from govsheet.errors import UsageError, WorkbookError
from govsheet.files import atomic_output, current_umask, refuse_overwrite


def test_atomic_output_replaces_the_file_only_when_written_whole(tmp_path: Path) -> None:
    target = tmp_path / "out.html"
    target.write_text("old", encoding="utf-8")
    def fail_half_way() -> None:
        with atomic_output(target, what="HTML file") as tmp:
            tmp.write_text("half", encoding="utf-8")
            raise RuntimeError

    with pytest.raises(RuntimeError):
        fail_half_way()
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.html"]
    with atomic_output(target, what="HTML file") as tmp:
        tmp.write_text("new", encoding="utf-8")
    assert target.read_text(encoding="utf-8") == "new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~current_umask()


def test_atomic_output_names_a_missing_folder(tmp_path: Path) -> None:
    target = tmp_path / "nowhere" / "out.docx"
    with pytest.raises(WorkbookError) as err, atomic_output(target, what="document"):
        pass
    assert str(err.value) == f"{target}: the folder does not exist; create it or choose another output path"


def test_refuse_overwrite_sees_the_same_file_under_another_name(tmp_path: Path) -> None:
    source = tmp_path / "master.xlsx"
    source.write_bytes(b"x")
    link = tmp_path / "link.xlsx"
    link.symlink_to(source)
    with pytest.raises(UsageError, match=r"link\.xlsx: is an input"):
        refuse_overwrite(link, [source], "is an input")
    refuse_overwrite(tmp_path / "other.xlsx", [source], "is an input")


def test_a_replaced_file_keeps_its_permissions_and_a_new_one_gets_the_usual(tmp_path: Path) -> None:
    """Every write follows one rule, whether through atomic_output or the engine's save."""
    kept = tmp_path / "shared.html"
    kept.write_text("old", encoding="utf-8")
    kept.chmod(0o640)
    with atomic_output(kept, what="HTML file") as tmp:
        tmp.write_text("new", encoding="utf-8")
    assert stat.S_IMODE(kept.stat().st_mode) == 0o640
    fresh = tmp_path / "fresh.html"
    with atomic_output(fresh, what="HTML file") as tmp:
        tmp.write_text("new", encoding="utf-8")
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o666 & ~current_umask()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fresh.html", "shared.html"]


def test_a_write_that_fails_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "out.html"
    target.mkdir()  # the rename over a folder fails
    with pytest.raises(WorkbookError) as err, atomic_output(target, what="HTML file") as tmp:
        tmp.write_text("new", encoding="utf-8")
    assert str(err.value) == f"{target}: cannot write the HTML file (Is a directory); check the folder"
    assert [p.name for p in tmp_path.iterdir()] == ["out.html"]


def test_a_files_sha256_is_of_all_its_bytes(tmp_path: Path) -> None:
    import hashlib

    from govsheet.files import sha256_of

    path = tmp_path / "big.bin"
    data = bytes(range(256)) * 5000  # over a megabyte: read in more than one block
    path.write_bytes(data)
    assert sha256_of(path) == hashlib.sha256(data).hexdigest()
    with pytest.raises(FileNotFoundError):
        sha256_of(tmp_path / "gone.bin")
