"""Pausing Python's cycle collector while a command reads a big workbook.

Reading a 50,000-row sheet makes some 650,000 cells and 50,000 rows, none in a reference cycle;
the cyclic collector would only walk them, again and again (a sixth to a third of a command's
time). Anything cyclic made meanwhile is collected once the collector is back on.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for the block (and leave it off if it was off)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
