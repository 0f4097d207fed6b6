"""The master lock as merge takes it: a live lock refuses, a dead one is taken over, two merges never both run."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from govsheet import api
from govsheet.cli import main
from govsheet.errors import LockError
from govsheet.merge.lock import lock_path, master_lock
from tests.conftest import watchdog
from tests.merge.conftest import Cycle
from tests.returns.helpers import edit

CE = "Chief Executive"


def test_a_live_lock_refuses_a_second_merge(cycle: Cycle, capsys: pytest.CaptureFixture[str]) -> None:
    lock_path(cycle.master).write_text(f"{os.getppid()}\n")
    with pytest.raises(LockError, match=rf"another govsheet command \(process {os.getppid()}\) is changing this"):
        api.merge(cycle.master, [cycle.returns[CE]])
    with pytest.raises(SystemExit) as exc:
        main(["merge", str(cycle.master), str(cycle.returns[CE])])
    assert exc.value.code == 2
    assert capsys.readouterr().err == (
        f"govsheet: {cycle.master}: another govsheet command (process {os.getppid()}) is changing this master; "
        "wait for it to finish, or delete master.xlsx.lock if no govsheet command is running\n")


def test_a_lock_left_by_a_dead_process_is_taken_over(cycle: Cycle) -> None:
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True, check=True, timeout=60).stdout.strip()
    lock_path(cycle.master).write_text(f"{dead}\n")
    edit(cycle.returns[CE], {("2", "Progress update"): "After a crash"})
    assert api.merge(cycle.master, [cycle.returns[CE]]).exit_code == 0
    assert not lock_path(cycle.master).exists()


def test_lock_holds_the_pid_host_and_command_and_is_removed_after(tmp_path: Path) -> None:
    import socket

    master = tmp_path / "m.xlsx"
    with master_lock(master) as path:
        assert path.read_text() == f"{os.getpid()} {''.join(socket.gethostname().split())} merge\n"
    assert not path.exists()


def test_a_lock_held_before_its_pid_is_written_still_refuses(cycle: Cycle) -> None:
    """Another merge that has just locked the file, and not yet written its pid, is respected."""
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import fcntl, os, sys, time
            fd = os.open({str(lock_path(cycle.master))!r}, os.O_CREAT | os.O_RDWR)
            fcntl.flock(fd, fcntl.LOCK_EX)
            print("locked", flush=True)
            time.sleep(30)
        """)],
        stdout=subprocess.PIPE, text=True,
    )
    with watchdog(holder):
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "locked"
        before = cycle.master.read_bytes()
        with pytest.raises(LockError, match=r"master.xlsx: another govsheet command is changing this master; wait for"):
            api.merge(cycle.master, [cycle.returns[CE]])
        assert cycle.master.read_bytes() == before
    assert api.merge(cycle.master, [cycle.returns[CE]]).exit_code == 0


def test_merges_started_together_never_both_run(cycle: Cycle) -> None:
    """Many processes racing for the lock: at most one holds it at any moment."""
    script = textwrap.dedent(f"""
        import os, sys, time
        from pathlib import Path
        from govsheet.errors import LockError
        from govsheet.merge.lock import master_lock
        marker = Path({str(cycle.master.parent / "inside")!r})
        try:
            with master_lock(Path({str(cycle.master)!r})):
                fd = os.open(marker, os.O_CREAT | os.O_EXCL)  # fails if another holder is inside
                time.sleep(0.05)
                os.close(fd)
                os.unlink(marker)
                print("held")
        except LockError:
            print("refused")
    """)
    procs = [subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True) for _ in range(6)]
    with contextlib.ExitStack() as stack:
        for proc in procs:
            stack.enter_context(watchdog(proc, 60))
        results = [p.communicate(timeout=60) for p in procs]
    assert all(err == "" for _, err in results), results
    assert {out.strip() for out, _ in results} <= {"held", "refused"}
    assert any(out.strip() == "held" for out, _ in results)
    assert not lock_path(cycle.master).exists()
