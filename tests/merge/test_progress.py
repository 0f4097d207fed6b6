"""The progress bar: shown when a person watches a terminal, never in JSON or in a pipe."""

from __future__ import annotations

import os
import pty
import subprocess
import sys

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
