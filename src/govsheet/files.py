"""Small file rules every command shares."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from pathlib import Path

from govsheet.errors import UsageError, WorkbookError
from govsheet.xlsx.atomic import atomic_file, current_umask

__all__ = ["atomic_output", "backup_path", "current_umask", "guard_replace", "guard_replace_all", "is_same_file",
           "keep_backup", "refuse_overwrite", "sha256_of"]


def sha256_of(path: Path) -> str:
    """The SHA-256 of a file's bytes (read a megabyte at a time), as govsheet records who sent what.

    Raises:
        OSError: the file cannot be read.
    """
    import hashlib

    digest = hashlib.sha256()
    with Path(path).open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def is_same_file(a: Path, b: Path) -> bool:
    """True when two paths name one file, by path or by the file itself (links, other spellings)."""
    if Path(a).resolve() == Path(b).resolve():
        return True
    try:
        return Path(a).samefile(b)
    except OSError:
        return False


def refuse_overwrite(out: Path, inputs: Iterable[Path], message: str) -> None:
    """Refuse an output that would replace one of the command's inputs.

    Officers' returns and the master may be the only copies; a slip on the command line
    (``-o`` naming an input) must never destroy one.

    Raises:
        UsageError: ``out`` is one of ``inputs``; ``message`` says what to do.
    """
    if any(is_same_file(out, source) for source in inputs):
        raise UsageError(out, message)


@contextlib.contextmanager
def atomic_output(path: Path, *, what: str) -> Iterator[Path]:
    """A temporary file beside ``path`` to write into; renamed over ``path`` only once it is whole.

    The rules (flushed to disk before the rename, a replaced file keeps its permissions, a new
    one gets the usual ones) are those of every write: :func:`govsheet.xlsx.atomic.atomic_file`.

    Raises:
        WorkbookError: the folder does not exist or cannot be written; ``what`` names the file's kind.
    """
    path = Path(path)
    folder = path.parent if str(path.parent) else Path()
    if not folder.is_dir():
        raise WorkbookError(path, "the folder does not exist; create it or choose another output path")
    try:
        with atomic_file(path) as tmp:
            yield tmp
    except OSError as exc:
        raise WorkbookError(path, f"cannot write the {what} ({exc.strerror or exc}); check the folder") from None


_SHOWN = 3  # files named in a refusal; the rest are counted


def backup_path(path: Path) -> Path:
    """Where the previous version of a file is kept: ``NAME.bak.xlsx`` (``.bak.html``, ...) beside it."""
    path = Path(path)
    return path.with_name(f"{path.stem}.bak{path.suffix}")


def keep_backup(path: Path) -> Path:
    """Copy ``path`` to its backup (atomically, replacing an older backup) and return where it went.

    Raises:
        WorkbookError: the backup cannot be written.
    """
    import shutil

    backup = backup_path(path)
    with atomic_output(backup, what=f"backup of {Path(path).name}") as tmp:
        shutil.copyfile(path, tmp)
    return backup


def guard_replace(path: Path, *, force: bool) -> Path | None:
    """Refuse to replace an existing file unless ``force``; with ``force``, keep the old one as a backup.

    Returns:
        The backup written, or None when there was no file to replace.

    Raises:
        UsageError: ``path`` exists and ``force`` is False.
        WorkbookError: the backup cannot be written.
    """
    path = Path(path)
    if not path.exists():
        return None
    if not force:
        raise UsageError(path, f"already exists; pass --force to replace it (the old file is kept as "
                               f"{backup_path(path).name})")
    if path.is_dir():
        raise UsageError(path, "is a folder; choose a file name")
    return keep_backup(path)


def guard_replace_all(folder: Path, names: Iterable[str], *, force: bool) -> list[Path]:
    """:func:`guard_replace` for files about to be written into ``folder``: refuse (naming them) or back them up.

    Raises:
        UsageError: some of the files exist and ``force`` is False.
        WorkbookError: a backup cannot be written.
    """
    existing = sorted(Path(folder) / n for n in set(names) if (Path(folder) / n).is_file())
    if existing and not force:
        more = len(existing) - _SHOWN
        shown = ", ".join(p.name for p in existing[:_SHOWN]) + (f" and {more} more" if more > 0 else "")
        raise UsageError(folder, f"already holds {shown}; pass --force to replace them (the old files are kept as "
                                 f"{backup_path(existing[0]).name} and so on)")
    return [keep_backup(p) for p in existing]
