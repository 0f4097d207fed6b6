"""Small file rules every command shares."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from govsheet.errors import UsageError, WorkbookError


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


def current_umask() -> int:
    """The process's umask (reading it means setting it, so it is set straight back)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def atomic_output(path: Path, *, what: str) -> Iterator[Path]:
    """A temporary file beside ``path`` to write into; renamed over ``path`` only once it is whole.

    The file gets the usual permissions (mkstemp's are private, which would lock colleagues
    out on a shared drive) and is flushed to disk before the rename, so a crash leaves the
    old file or the new one, never half of one.

    Raises:
        WorkbookError: the folder does not exist or cannot be written; ``what`` names the file's kind.
    """
    path = Path(path)
    folder = path.parent if str(path.parent) else Path()
    if not folder.is_dir():
        raise WorkbookError(path, "the folder does not exist; create it or choose another output path")
    try:
        fd, name = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=f"{path.suffix}.tmp", dir=folder)
    except OSError as exc:
        raise WorkbookError(path, f"cannot write the {what} ({exc.strerror or exc}); check the folder") from None
    os.close(fd)
    tmp = Path(name)
    try:
        tmp.chmod(0o666 & ~current_umask())
        yield tmp
        with tmp.open("rb") as fh:
            os.fsync(fh.fileno())
        tmp.replace(path)
    except OSError as exc:
        raise WorkbookError(path, f"cannot write the {what} ({exc.strerror or exc}); check the folder") from None
    finally:
        tmp.unlink(missing_ok=True)
