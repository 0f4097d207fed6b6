"""One lock for every writer of a master: merge, edit in place and roll exclude each other."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from govsheet.audit import read_audit, verify
from tests.cli.helpers import invoke
from tests.conftest import watchdog
from tests.merge.conftest import Cycle
from tests.returns.helpers import actions_values, edit

CE = "Chief Executive"
ROOT = Path(__file__).resolve().parents[2]
_CLI = ["-c", "from govsheet.cli import main; main()"]


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT / "src") + os.pathsep + str(ROOT)}


def test_a_held_lock_refuses_merge_edit_and_roll_naming_the_holder(cycle: Cycle, tmp_path: Path,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import time
            from pathlib import Path
            from govsheet.workbook.lock import master_lock
            with master_lock(Path({str(cycle.master)!r}), "edit"):
                print("locked", flush=True)
                time.sleep(30)
        """)], stdout=subprocess.PIPE, text=True, env=_env())
    with watchdog(holder, 60):
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "locked"
        before = cycle.master.read_bytes()
        host = "".join(socket.gethostname().split())
        line = (f"govsheet: {cycle.master}: another govsheet edit (process {holder.pid} on {host}) is changing this "
                "master; wait for it to finish, or delete master.xlsx.lock if no govsheet command is running\n")
        for args in (["merge", str(cycle.master), str(cycle.returns[CE])],
                     ["edit", str(cycle.master), "--set", "Actions!I2=by hand"],
                     ["roll", str(cycle.master), "--round", "2021/22 Q1", "-o", str(tmp_path / "next.xlsx")]):
            code, out, err = invoke(args, capsys)
            assert (code, out, err) == (2, "", line), args
        assert cycle.master.read_bytes() == before
        assert not (tmp_path / "next.xlsx").exists()
    code, _, _ = invoke(["edit", str(cycle.master), "--set", "Actions!I2=by hand"], capsys)
    assert code == 0
    assert not (cycle.master.parent / "master.xlsx.lock").exists()


def _spawn(args: list[str]) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, *_CLI, *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env())


def _run_together(runs: dict[str, list[str]]) -> None:
    """Start every run at once; each one refused by the lock (one line naming it) is run again after all end."""
    started = {name: _spawn(args) for name, args in runs.items()}
    finished = {name: proc.communicate(timeout=120) for name, proc in started.items()}
    for name, (out, err) in finished.items():
        assert "Traceback" not in err
        if started[name].returncode == 2:  # refused while the other held the lock: one line naming it
            assert len(err.strip().splitlines()) == 1, err
            assert "is changing this master; wait for it to finish" in err
            again = subprocess.run([sys.executable, *_CLI, *runs[name]], capture_output=True,
                                   text=True, env=_env(), timeout=120, check=False)
            assert again.returncode == 0, again.stderr
        else:
            assert started[name].returncode == 0, out + err


@pytest.mark.parametrize("round_", range(3))
def test_edit_and_merge_at_once_lose_nothing(cycle: Cycle, round_: int) -> None:
    edit(cycle.returns[CE], {("2", "Progress update"): "Chief's update"})
    _run_together({"edit": ["edit", str(cycle.master), "--set", "Actions!I5=Team's note"],
                   "merge": ["merge", str(cycle.master), str(cycle.returns[CE])]})
    values = actions_values(cycle.master)
    assert values["2"]["progress"] == "Chief's update"
    assert values["4"]["progress"] == "Team's note"
    assert verify(read_audit(cycle.master)).ok
    assert not (cycle.master.parent / "master.xlsx.lock").exists()


@pytest.mark.parametrize("round_", range(2))
def test_two_edits_at_once_lose_nothing(cycle: Cycle, round_: int) -> None:
    _run_together({"first": ["edit", str(cycle.master), "--set", "Actions!I5=First note", "--by", "Ann"],
                   "second": ["edit", str(cycle.master), "--set", "Actions!I6=Second note", "--by", "Bo"]})
    values = actions_values(cycle.master)
    assert (values["4"]["progress"], values["5"]["progress"]) == ("First note", "Second note")
    rows = read_audit(cycle.master)
    assert sorted((r[3], r[4], r[7], r[8]) for r in rows) == [("Ann", "4", "First note", "edited"),
                                                              ("Bo", "5", "Second note", "edited")]
    assert verify(rows).ok
    assert not (cycle.master.parent / "master.xlsx.lock").exists()


def test_a_refusal_in_the_moment_before_the_holder_writes_its_name_still_names_it(tmp_path: Path) -> None:
    """The holder takes the OS lock a moment before writing its pid; a refusal then waits to read it."""
    import fcntl
    import threading

    from govsheet.errors import LockError
    from govsheet.workbook.lock import lock_path, master_lock

    master = tmp_path / "master.xlsx"
    master.write_bytes(b"")
    fd = os.open(lock_path(master), os.O_CREAT | os.O_RDWR, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        late = threading.Timer(0.05, lambda: os.pwrite(fd, b"4242 elsewhere-host merge\n", 0))
        late.start()
        with pytest.raises(LockError) as refused, master_lock(master, "edit"):
            pass
        late.join()
    finally:
        os.close(fd)
    assert "another govsheet merge (process 4242 on elsewhere-host)" in str(refused.value)
