"""Validation pauses Python's cyclic garbage collector while it runs and leaves it as it found it."""

from __future__ import annotations

import gc
from collections.abc import Callable
from pathlib import Path

import pytest

from govsheet.errors import WorkbookError
from govsheet.validate import engine


@pytest.mark.usefixtures("collector")
def test_collector_paused_during_and_enabled_after(master: Callable[[str], Path],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[bool] = []
    real = engine._validate_open

    def spy(*args: object, **kwargs: object) -> object:
        seen.append(gc.isenabled())
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(engine, "_validate_open", spy)
    gc.enable()
    report = engine.validate_workbook(master("ags-action-plan"))
    assert seen == [False]
    assert gc.isenabled()
    assert report.rows > 0


@pytest.mark.usefixtures("collector")
def test_collector_left_off_when_the_caller_turned_it_off(master: Callable[[str], Path]) -> None:
    gc.disable()
    engine.validate_workbook(master("ags-action-plan"))
    assert not gc.isenabled()


@pytest.mark.usefixtures("collector")
def test_collector_enabled_again_when_the_file_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "not.xlsx"
    bad.write_bytes(b"not a workbook")
    gc.enable()
    with pytest.raises(WorkbookError):
        engine.validate_workbook(bad)
    assert gc.isenabled()
