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


def best_interleaved(fns: dict[str, Callable[[], object]], repeat: int) -> dict[str, float]:
    """Best-of-``repeat`` seconds of each function, timed in turn round after round (a warm-up round
    first), so each sees the same load on a shared machine and their ratio is steadier than the times."""
    times: dict[str, list[float]] = {name: [] for name in fns}
    for round_ in range(repeat + 1):
        for name, fn in fns.items():
            start = time.perf_counter()
            fn()
            if round_:
                times[name].append(time.perf_counter() - start)
    return {name: min(t) for name, t in times.items()}


def calamine_read(path: Path) -> None:
    """Read the Actions sheet with python-calamine, as govsheet's reader does: the yardstick."""
    from python_calamine import CalamineWorkbook

    CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Actions").to_python(skip_empty_area=False)


def openpyxl_load_save(path: Path, out: Path) -> None:
    """What a round trip through openpyxl costs (and loses)."""
    import openpyxl

    openpyxl.load_workbook(path).save(out)
