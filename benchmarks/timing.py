"""What the benchmarks share: best-of-N timing and the yardsticks (calamine read, openpyxl load-and-save)."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path


def best(fn: Callable[[], object], repeat: int) -> float:
    """The fastest of ``repeat`` runs of ``fn``, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def calamine_read(path: Path) -> None:
    """Read the Actions sheet with python-calamine, as govsheet's reader does: the yardstick."""
    from python_calamine import CalamineWorkbook

    CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Actions").to_python(skip_empty_area=False)


def openpyxl_load_save(path: Path, out: Path) -> None:
    """What a round trip through openpyxl costs (and loses)."""
    import openpyxl

    openpyxl.load_workbook(path).save(out)
