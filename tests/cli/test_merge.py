"""`govsheet merge` on the command line: a progress bar when a person watches a terminal, never in JSON or a pipe."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

from tests.conftest import watchdog
from tests.merge.conftest import Cycle


def _merge(cycle: Cycle, *extra: str, tty: bool) -> tuple[int, str]:
    argv = [sys.executable, "-c", "from govsheet.cli import main; main()", "merge", str(cycle.master),
            *[str(p) for p in cycle.returns.values()], *extra]
    if not tty:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=120, check=False)
        return done.returncode, done.stderr
    parent, child = pty.openpty()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=child)
    os.close(child)
    chunks = []
    with watchdog(proc):  # a hung merge is killed, which ends the reads below
        while True:
            try:
                data = os.read(parent, 4096)
            except OSError:  # the child closed its end
                break
            if not data:
                break
            chunks.append(data)
        os.close(parent)
        code = proc.wait(timeout=120)
    return code, b"".join(chunks).decode("utf-8", "replace")


def test_a_terminal_sees_a_progress_bar(cycle: Cycle) -> None:
    assert len(cycle.returns) >= 2
    code, err = _merge(cycle, tty=True)
    assert code == 0
    assert "Merging returns" in err


def test_no_bar_in_a_pipe_or_in_json(cycle: Cycle) -> None:
    code, err = _merge(cycle, "--dry-run", tty=False)
    assert (code, err) == (0, "")
    code, err = _merge(cycle, "--dry-run", "--format", "json", tty=True)
    assert code == 0
    assert "Merging returns" not in err


ROOT = Path(__file__).resolve().parents[2]


def run_with_terminal_stderr(cmd: list[str]) -> tuple[int, bytes]:
    """Run a command whose stderr is a pseudo-terminal; its exit code and what it wrote there."""
    import pty

    leader, follower = pty.openpty()
    try:
        done = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=follower, cwd=ROOT, timeout=120, check=False)
        os.close(follower)
        seen = b""
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
    finally:
        os.close(leader)
    return done.returncode, seen


def test_progress_bar_shows_only_in_a_terminal_and_not_in_json(cycle: Cycle) -> None:
    code = "import sys; from govsheet.cli import main; main(sys.argv[1:])"
    cmd = [sys.executable, "-c", code, "merge", str(cycle.master), *map(str, cycle.returns.values())]
    assert run_with_terminal_stderr([*cmd, "--format", "json"]) == (0, b"")
    code_text, seen = run_with_terminal_stderr(cmd)
    assert code_text == 0
    assert b"Merging returns" in seen
    piped = subprocess.run(cmd, capture_output=True, cwd=ROOT, timeout=120, check=False)
    assert piped.stderr == b""
