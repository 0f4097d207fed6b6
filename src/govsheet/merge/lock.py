"""One merge at a time per master: a lock file beside it, held with an OS lock, naming the pid.

The operating system's lock (``flock``) is what excludes: it is taken before anything is
written and is released by the kernel when the process ends, even when it is killed, so
there is no moment in which a second merge could take a just-created lock for a stale one.
The pid written into the file is for people, and as a second guard: a lock file naming a
live process is refused even where the folder (a network share) does not honour ``flock``.
A lock file left by a process that is gone is taken over.
"""

from __future__ import annotations

import contextlib
import fcntl
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


def _holder(fd: int) -> int:
    try:
        return int(os.pread(fd, 64, 0).decode("ascii").split()[0])
    except (OSError, ValueError, IndexError, UnicodeDecodeError):
        return 0


def _busy(master: Path, path: Path, pid: int) -> LockError:
    who = f"another merge (process {pid})" if pid else "another merge"
    return LockError(master, f"{who} is changing this master; wait for it to finish, or delete {path.name} if "
                             "no merge is running")


def _acquire(master: Path, path: Path) -> int | None:
    """Take the lock once: the locked descriptor, or None when the file was swapped under us."""
    try:
        fd = os.open(path, os.O_CREAT | os.O_RDWR, 0o644)
    except OSError as exc:
        raise LockError(master, f"cannot create the lock file {path.name} ({exc.strerror}); check the folder "
                                "is writable") from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        pid = _holder(fd)
        os.close(fd)
        raise _busy(master, path, pid) from None
    try:
        same = os.fstat(fd).st_ino == path.stat().st_ino
    except FileNotFoundError:
        same = False  # the previous holder removed the file between our open and our lock
    if not same:
        os.close(fd)
        return None
    pid = _holder(fd)
    if pid != os.getpid() and _alive(pid):
        os.close(fd)
        raise _busy(master, path, pid)
    os.ftruncate(fd, 0)
    os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
    return fd


@contextlib.contextmanager
def master_lock(master: Path) -> Iterator[Path]:
    """Hold the master's lock for the ``with`` block.

    Raises:
        LockError: another live process holds the lock, or the folder is not writable.
    """
    path = lock_path(master)
    for _attempt in range(3):
        fd = _acquire(master, path)
        if fd is None:
            continue
        try:
            yield path
        finally:
            # Removed while still locked, so no one can lock this file and find it gone later.
            path.unlink(missing_ok=True)
            os.close(fd)
        return
    raise LockError(master, f"cannot take the lock {path.name}; delete it if no merge is running")
