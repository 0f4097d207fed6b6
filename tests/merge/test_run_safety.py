"""A merge never half-writes the master: lock, failure before rename, process killed mid-merge."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from govsheet import api
from govsheet.merge.lock import lock_path
from tests.conftest import watchdog
from tests.merge.conftest import Cycle
from tests.returns.helpers import actions_values, edit

CE = "Chief Executive"
ROOT = Path(__file__).resolve().parents[2]


def test_a_failure_before_the_rename_leaves_the_master_untouched(cycle: Cycle,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    edit(cycle.returns[CE], {("2", "Progress update"): "Will fail"})
    before = cycle.master.read_bytes()

    real_replace = os.replace
    renamed: list[str] = []

    def broken_replace(src: str, dst: str) -> None:
        """The rename of the new master fails (the backup's rename still works)."""
        renamed.append(Path(dst).name)
        if Path(dst) == cycle.master:
            raise OSError(28, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(Exception, match="No space left on device"):
        api.merge(cycle.master, [cycle.returns[CE]])
    monkeypatch.undo()
    assert renamed == ["master.bak.xlsx", "master.xlsx"]
    assert cycle.master.read_bytes() == before
    assert not lock_path(cycle.master).exists()
    assert sorted(p.name for p in cycle.master.parent.iterdir() if p.is_file()) == ["master.bak.xlsx", "master.xlsx"]
    assert api.merge(cycle.master, [cycle.returns[CE]]).exit_code == 0
    assert actions_values(cycle.master)["2"]["progress"] == "Will fail"


def test_a_merge_killed_part_way_leaves_the_master_intact_and_the_next_merge_succeeds(cycle: Cycle) -> None:
    edit(cycle.returns[CE], {("2", "Progress update"): "Killed then merged"})
    before = cycle.master.read_bytes()
    # The child merges with a save that stalls just before the rename, then is killed with SIGKILL.
    script = textwrap.dedent(f"""
        import os, sys, time
        from pathlib import Path
        real = os.replace
        def stall(src, dst):
            if Path(dst) != Path({str(cycle.master)!r}):
                return real(src, dst)
            print("stalled", flush=True)
            time.sleep(60)
        os.replace = stall
        from govsheet import api
        api.merge(Path({str(cycle.master)!r}), [Path({str(cycle.returns[CE])!r})])
    """)
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, cwd=ROOT)
    with watchdog(child):
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "stalled"
        assert lock_path(cycle.master).exists()
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
    time.sleep(0.1)
    assert cycle.master.read_bytes() == before
    report = api.merge(cycle.master, [cycle.returns[CE]])
    assert report.exit_code == 0
    assert actions_values(cycle.master)["2"]["progress"] == "Killed then merged"
    leftovers = sorted(p.name for p in cycle.master.parent.iterdir() if p.is_file() and p.name.startswith("."))
    assert all(name.endswith(".tmp") for name in leftovers)  # a killed save can leave only its own temp file
