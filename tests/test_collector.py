"""The cyclic collector paused for a block and left as it was found; an edit of a master runs with it paused."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from govsheet import api
from govsheet.audit import read_audit
from govsheet.collector import collector_paused
from tests.returns.helpers import make_master


@pytest.mark.usefixtures("collector")
def test_paused_in_the_block_and_on_again_after_even_on_an_error() -> None:
    gc.enable()
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(ValueError, match="boom"), collector_paused():
        raise ValueError("boom")
    assert gc.isenabled()


@pytest.mark.usefixtures("collector")
def test_left_off_when_it_was_off() -> None:
    gc.disable()
    with collector_paused():
        assert not gc.isenabled()
    assert not gc.isenabled()


@pytest.mark.usefixtures("collector")
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
