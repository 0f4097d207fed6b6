"""One merge at a time per master: a lock file beside it, created exclusively, holding the pid.

A lock left by a process that no longer runs (killed, crashed machine) is taken
over; a lock held by a live process is refused with a message saying which.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from govsheet.errors import LockError


def lock_path(master: Path) -> Path:
    """The lock file of a master: ``MASTER.xlsx.lock`` in the same folder."""
    return master.with_name(master.name + ".lock")


def _alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _holder(path: Path) -> int:
    try:
        return int(path.read_text(encoding="ascii").split()[0])
    except (OSError, ValueError, IndexError):
        return 0


@contextlib.contextmanager
def master_lock(master: Path) -> Iterator[Path]:
    """Hold the master's lock for the ``with`` block.

    Raises:
        LockError: another live process holds the lock, or the folder is not writable.
    """
    path = lock_path(master)
    for _attempt in range(2):
        try:
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            pid = _holder(path)
            if _alive(pid) and pid != os.getpid():
                raise LockError(master, f"another merge (process {pid}) is changing this master; wait for it to "
                                        f"finish, or delete {path.name} if no merge is running") from None
            path.unlink(missing_ok=True)  # a stale lock from a process that is gone
            continue
        except OSError as exc:
            raise LockError(master, f"cannot create the lock file {path.name} ({exc.strerror}); check the "
                                    "folder is writable") from None
        with os.fdopen(fd, "w", encoding="ascii") as fh:
            fh.write(f"{os.getpid()}\n")
        try:
            yield path
        finally:
            path.unlink(missing_ok=True)
        return
    raise LockError(master, f"cannot take the lock {path.name}; delete it if no merge is running")
