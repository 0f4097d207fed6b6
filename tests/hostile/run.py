"""Run the govsheet command line in-process (fast) or as the real console script (a few tests)."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import subprocess
import sys
import traceback
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Result:
    code: int
    out: str
    err: str

    @property
    def output(self) -> str:
        return self.out + self.err


def run_cli(argv: list[str]) -> Result:
    """``govsheet ARGV`` through :func:`govsheet.cli.main`; an escaping exception becomes a traceback in err."""
    from govsheet.cli import main

    out, err = io.StringIO(), io.StringIO()
    code = 0
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            main(argv)
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        except Exception:  # noqa: BLE001 - a crash is what these tests look for
            err.write(traceback.format_exc())
            code = 99
    return Result(code, out.getvalue(), err.getvalue())


def run_script(argv: list[str], *, cwd: Path | None = None, timeout: float = 120,
               env: dict[str, str] | None = None) -> Result:
    """``govsheet ARGV`` through the installed console script (or its entry point if not on PATH)."""
    script = shutil.which("govsheet")
    command = [script] if script else [sys.executable, "-c", "from govsheet.cli import main; main()"]
    proc = subprocess.run(
        [*command, *argv],
        capture_output=True, text=True, timeout=timeout, cwd=cwd, check=False,
        env={**os.environ, **(env or {})},
    )
    return Result(proc.returncode, proc.stdout, proc.stderr)
