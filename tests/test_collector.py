"""A merge and an edit of a master pause the cyclic collector while they run, and leave it as they found it."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

from govsheet import api
from govsheet.audit import read_audit
from govsheet.collector import collector_paused
from tests.returns.helpers import make_master


@pytest.fixture(autouse=True)
def collector() -> Iterator[None]:
    was = gc.isenabled()
    yield
    if was:
        gc.enable()
    else:
        gc.disable()


def test_paused_in_the_block_and_on_again_after_even_on_an_error() -> None:
    gc.enable()
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(ValueError, match="boom"), collector_paused():
        raise ValueError("boom")
    assert gc.isenabled()


def test_left_off_when_it_was_off() -> None:
    gc.disable()
    with collector_paused():
        assert not gc.isenabled()
    assert not gc.isenabled()


def test_an_edit_of_a_master_runs_with_the_collector_paused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import govsheet.audited_edit as audited

    master = make_master(tmp_path / "master.xlsx")
    seen: list[bool] = []
    real = audited.append_audit

    def spy(*args: object, **kwargs: object) -> None:
        seen.append(gc.isenabled())
        real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(audited, "append_audit", spy)
    gc.enable()
    before = len(read_audit(master))
    api.edit(master, ["Actions!G3=Completed"], by="Jo")
    assert seen == [False]
    assert gc.isenabled()
    assert len(read_audit(master)) == before + 1
