"""One writer at a time per master: a lock file beside it, held with an OS lock, naming the holder.

Every govsheet command that changes a master in place takes it: merge, edit and roll
(which reads the master it rolls under the lock, so no merge lands half-way through).

The operating system's lock (``flock``) is what excludes: it is taken before anything is
written and is released by the kernel when the process ends, even when it is killed, so
there is no moment in which a second merge could take a just-created lock for a stale one.
The pid, host and command written into the file are for people, and a second guard: a lock
file naming a live process (or one on another computer, which cannot be checked) is refused
even where the folder (a network share) does not honour ``flock``. A lock file left by a
process of this computer that is gone is taken over.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import socket
import time
from collections.abc import Iterator
from pathlib import Path

from govsheet.errors import LockError


def lock_path(master: Path) -> Path:
    """The lock file of a master: ``MASTER.xlsx.lock`` in the same folder."""
    return master.with_name(master.name + ".lock")


def _host() -> str:
    """This computer's name as the lock file records it (one word)."""
    return "".join(socket.gethostname().split()) or "localhost"


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


class _Holder:
    """Who holds a lock, as its file says: pid (0 when unknown), host and command ('' when unknown)."""

    def __init__(self, text: str) -> None:
        parts = text.split()
        try:
            self.pid = int(parts[0]) if parts else 0
        except ValueError:
            self.pid, parts = 0, []
        self.host = parts[1] if len(parts) > 1 else ""
        self.command = parts[2] if len(parts) > 2 else ""  # noqa: PLR2004 - pid, host, command

    def alive(self) -> bool:
        if self.host and self.host != _host():
            return self.pid > 0  # another computer's process cannot be checked from here: assume it runs
        return _alive(self.pid)


def _holder(fd: int) -> _Holder:
    try:
        return _Holder(os.pread(fd, 256, 0).decode("utf-8"))
    except (OSError, UnicodeDecodeError):
        return _Holder("")


def _named_holder(fd: int) -> _Holder:
    """The holder of a lock we could not take, waiting briefly for it to write its name.

    The holder takes the OS lock a moment before it writes its pid, host and command; a refusal
    in between would otherwise name no one.
    """
    holder = _holder(fd)
    # Up to a second: on a busy machine the holder can wait that long for the CPU between the two steps.
    deadline = time.monotonic() + 1.0
    while not holder.pid and time.monotonic() < deadline:
        time.sleep(0.01)
        holder = _holder(fd)
    return holder


def _busy(master: Path, path: Path, holder: _Holder) -> LockError:
    command = f"govsheet {holder.command}" if holder.command else "govsheet command"
    where = f" on {holder.host}" if holder.host else ""
    who = f"another {command} (process {holder.pid}{where})" if holder.pid else f"another {command}"
    return LockError(master, f"{who} is changing this master; wait for it to finish, or delete {path.name} if "
                             "no govsheet command is running")


def _acquire(master: Path, path: Path, command: str) -> int | None:
    """Take the lock once: the locked descriptor, or None when the file was swapped under us."""
    try:
        fd = os.open(path, os.O_CREAT | os.O_RDWR, 0o644)
    except OSError as exc:
        raise LockError(master, f"cannot create the lock file {path.name} ({exc.strerror}); check the folder "
                                "is writable") from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = _named_holder(fd)
        os.close(fd)
        raise _busy(master, path, holder) from None
    try:
        same = os.fstat(fd).st_ino == path.stat().st_ino
    except FileNotFoundError:
        same = False  # the previous holder removed the file between our open and our lock
    if not same:
        os.close(fd)
        return None
    holder = _holder(fd)
    mine = holder.pid == os.getpid() and holder.host in {"", _host()}
    if not mine and holder.alive():
        os.close(fd)
        raise _busy(master, path, holder)
    os.ftruncate(fd, 0)
    os.pwrite(fd, f"{os.getpid()} {_host()} {command}\n".encode(), 0)
    return fd


@contextlib.contextmanager
def master_lock(master: Path, command: str = "merge") -> Iterator[Path]:
    """Hold the master's lock for the ``with`` block; ``command`` (one word) is named to whoever waits.

    Raises:
        LockError: another live process holds the lock, or the folder is not writable.
    """
    path = lock_path(master)
    for _attempt in range(3):
        fd = _acquire(master, path, command)
        if fd is None:
            continue
        try:
            yield path
        finally:
            # Removed while still locked, so no one can lock this file and find it gone later.
            path.unlink(missing_ok=True)
            os.close(fd)
        return
    raise LockError(master, f"cannot take the lock {path.name}; delete it if no govsheet command is running")
