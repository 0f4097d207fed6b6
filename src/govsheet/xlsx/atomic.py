"""Atomic file replacement: write beside the target, flush to disk, rename over it.

Every file govsheet writes goes through :func:`atomic_file`, so a crash or a full disk leaves
the old file or the new one, never half of one, and every written file gets the same
permissions: a file replaced keeps its own, a new file gets the usual ones (``0666`` less the
umask; ``mkstemp``'s private mode would lock colleagues out on a shared drive).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path


def current_umask() -> int:
    """The process's umask (reading it means setting it, so it is set straight back)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def atomic_file(path: Path) -> Iterator[Path]:
    """A temporary file beside ``path`` to write into, renamed over ``path`` once the block ends cleanly.

    The temporary file is removed on any failure, the caller's included.

    Raises:
        OSError: the folder cannot be written or the rename fails; callers turn it into their message.
    """
    path = Path(path)
    folder = path.parent if str(path.parent) else Path()
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        with tmp.open("rb") as fh:
            os.fsync(fh.fileno())
        try:
            mode = path.stat().st_mode & 0o7777 if path.is_file() else 0o666 & ~current_umask()
        except OSError:
            mode = 0o666 & ~current_umask()
        tmp.chmod(mode)
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)
    _fsync_folder(folder)


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (where the platform allows opening a folder)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
