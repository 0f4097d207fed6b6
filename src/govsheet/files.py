"""Small file rules every command shares."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from govsheet.errors import UsageError


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
