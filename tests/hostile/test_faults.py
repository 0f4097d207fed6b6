"""Fault injection: a write killed at random points, a full disk, two merges at once.

The processes are real (the console entry point in a subprocess) and are killed with SIGKILL
after random short delays, so the kill lands before, during and after the save. After every
kill the master must be byte-identical to before or exactly the intended result, and the next
run must succeed (a stale lock is taken over, a stale temporary file is ignored).
"""

from __future__ import annotations

import fcntl
import os
import random
import resource
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from govsheet.cli import COMMANDS
from tests.hostile.conftest import build_master, only_register_changed, snapshot
from tests.hostile.run import Result, run_cli

ROOT = Path(__file__).resolve().parents[2]
KILLS = 6  # kills per test: enough to land before, during and after the save, few enough to stay fast

needs_edit = pytest.mark.skipif("edit" not in COMMANDS, reason="'govsheet edit' has not landed yet")
needs_merge = pytest.mark.skipif(not {"merge", "issue"} <= set(COMMANDS),
                                 reason="'govsheet merge' and 'govsheet issue' have not landed yet")


def spawn(argv: list[str], **kwargs: object) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-c", "from govsheet.cli import main; main()", *argv],  # type: ignore[call-overload]
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT, **kwargs)


def finish(proc: subprocess.Popen[str], timeout: float = 120) -> Result:
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate(timeout=30)
        raise
    return Result(proc.returncode, out, err)


def leftovers(folder: Path, keep: set[str]) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.is_file() and p.name not in keep)


def calamine_cell(path: Path, sheet: str, row: int, col: int) -> object:
    from python_calamine import CalamineWorkbook

    grid = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python(skip_empty_area=False)
    return grid[row][col]


@pytest.fixture(scope="module")
def big_master(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 3,000-row master: large enough that a save takes a measurable time."""
    return build_master(tmp_path_factory.mktemp("big") / "master.xlsx", rows=3000)


def kill_after(argv: list[str], delay: float) -> None:
    proc = spawn(argv)
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=30)


@needs_edit
def test_edit_killed_at_random_points_leaves_before_or_after(big_master: Path, tmp_path: Path) -> None:
    master = tmp_path / "master.xlsx"
    shutil.copyfile(big_master, master)
    started = time.monotonic()
    assert run_cli(["edit", str(big_master), "--set", "Actions!I2=timing run", "-o", str(tmp_path / "t.xlsx")]).code == 0
    duration = time.monotonic() - started + 0.6  # the subprocess also pays for the interpreter and imports
    (tmp_path / "t.xlsx").unlink()
    rng = random.Random(20240331)  # noqa: S311 - reproducible kill times, not security
    outcomes = []
    for i in range(KILLS):
        value = f"kill {i}"
        argv = ["edit", str(master), "--set", f"Actions!I2={value}"]
        before = master.read_bytes()
        kill_after(argv, rng.uniform(0.0, duration * 1.3))
        now = master.read_bytes()
        if now != before:
            # not the old bytes: then the whole edit (an audited master's edit carries the time it was made,
            # so it is checked by content): the cell set, its Audit row chained
            assert calamine_cell(master, "Actions", 1, 8) == value, f"kill {i}: the master is half-written"
            assert audit_ok(master), f"kill {i}: the audit chain is broken"
        outcomes.append("after" if now != before else "before")
    # the next run succeeds whatever the kills left behind
    result = finish(spawn(["edit", str(master), "--set", "Actions!I2=final"]))
    assert result.code == 0, result.err
    assert calamine_cell(master, "Actions", 1, 8) == "final"
    stale = leftovers(tmp_path, {"master.xlsx"})
    assert all(name.startswith(".master.") and name.endswith(".tmp") for name in stale), stale
    print(f"kill outcomes: {outcomes}, stale temp files: {len(stale)}")  # noqa: T201 - shown with -s


def _limited_fsize(limit: int) -> Callable[[], None]:
    def limit_writes() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG instead of killing
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return limit_writes


@needs_edit
def test_edit_with_writes_failing_leaves_the_master_untouched(big_master: Path, tmp_path: Path) -> None:
    master = tmp_path / "master.xlsx"
    shutil.copyfile(big_master, master)
    before = snapshot(tmp_path)
    proc = spawn(["edit", str(master), "--set", "Actions!I2=no room"], preexec_fn=_limited_fsize(64 * 1024))
    result = finish(proc)
    assert result.code == 2, result.err
    assert "Traceback" not in result.err
    assert len(result.err.strip().splitlines()) == 1
    assert "master.xlsx" in result.err
    assert "File too large" in result.err or "No space" in result.err
    assert snapshot(tmp_path) == before  # master untouched and no temporary file left


@needs_merge
def test_merge_with_writes_failing_leaves_the_master_untouched(merge_cycle: dict[str, Path], tmp_path: Path) -> None:
    master = tmp_path / "master.xlsx"
    shutil.copyfile(merge_cycle["master"], master)
    before = snapshot(tmp_path)
    limit = master.stat().st_size // 2  # the backup or the new master cannot be written in full
    result = finish(spawn(["merge", str(master), str(merge_cycle["legal"])], preexec_fn=_limited_fsize(limit)))
    assert result.code == 2, result.output
    assert "Traceback" not in result.output
    assert len(result.err.strip().splitlines()) == 1
    assert "master" in result.err
    assert "File too large" in result.err
    after = snapshot(tmp_path)
    assert after.pop("master.bak.xlsx", None) in (None, before["master.xlsx"])
    assert after == before  # the master untouched, no lock or temporary file left


@pytest.fixture
def tiny_fs(tmp_path: Path) -> object:
    """A 64 KB tmpfs (needs root); unmounted after the test."""
    folder = tmp_path / "tiny"
    folder.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a tiny tmpfs needs root; the RLIMIT_FSIZE test covers the same path")
    proc = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(folder)],
                          capture_output=True, text=True, check=False, timeout=30)
    if proc.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {proc.stderr.strip()}")
    yield folder
    subprocess.run(["umount", str(folder)], check=False, timeout=30)


@pytest.fixture(scope="module")
def fill_master(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A master of about 40 KB: it fits in the tiny filesystem once, not twice."""
    return build_master(tmp_path_factory.mktemp("fill") / "master.xlsx", rows=500)


@needs_edit
def test_edit_on_a_full_disk_leaves_the_master_untouched(fill_master: Path, tiny_fs: Path) -> None:
    master = tiny_fs / "master.xlsx"
    shutil.copyfile(fill_master, master)
    assert 32 * 1024 < master.stat().st_size < 60 * 1024
    before = snapshot(tiny_fs)
    result = run_cli(["edit", str(master), "--set", "Actions!I2=no room"])
    assert result.code == 2, result.output
    assert "Traceback" not in result.output
    assert len(result.err.strip().splitlines()) == 1
    assert "master.xlsx" in result.err
    assert "No space left on device" in result.err
    assert snapshot(tiny_fs) == before


@needs_merge
def test_merge_on_a_full_disk_leaves_the_master_untouched(fill_master: Path, tiny_fs: Path, tmp_path: Path) -> None:
    from tests.returns.helpers import edit

    returns = tmp_path / "returns"
    assert run_cli(["issue", str(fill_master), "-o", str(returns), "--owner", "Head of Legal"]).code == 0
    ret = edit(returns / "head-of-legal.xlsx", {("2", "Progress update"): "Written on a full disk"})
    master = tiny_fs / "master.xlsx"
    shutil.copyfile(fill_master, master)
    before = snapshot(tiny_fs)
    result = run_cli(["merge", str(master), str(ret)])
    assert result.code == 2, result.output
    assert "Traceback" not in result.output
    assert len(result.err.strip().splitlines()) == 1
    assert "/tiny/master." in result.err  # the master or its backup, whichever could not be written
    assert "No space left on device" in result.err
    after = snapshot(tiny_fs)
    backup = after.pop("master.bak.xlsx", None)
    assert after == before  # the master untouched, no temporary file or lock left
    assert backup in (None, before["master.xlsx"])  # a backup, if made, is the whole previous master


@pytest.fixture(scope="module")
def merge_cycle(tmp_path_factory: pytest.TempPathFactory, big_master: Path) -> dict[str, Path]:
    """The big master and two edited returns from different officers."""
    from tests.returns.helpers import edit

    if not {"merge", "issue"} <= set(COMMANDS):
        pytest.skip("'govsheet merge' and 'govsheet issue' have not landed yet")
    folder = tmp_path_factory.mktemp("cycle")
    result = run_cli(["issue", str(big_master), "-o", str(folder), "--owner", "Head of Legal",
                      "--owner", "Chief Executive"])
    assert result.code == 0, result.output
    legal = edit(folder / "head-of-legal.xlsx", {("2", "Progress update"): "Legal's update"})
    chief = edit(folder / "chief-executive.xlsx", {("3", "Progress update"): "Chief's update"})
    return {"master": big_master, "legal": legal, "chief": chief}


def progress_of(master: Path, ref: str) -> object:
    from govsheet.schemas import load_schema
    from govsheet.workbook.read import read_actions

    table = read_actions(master, load_schema("ags-action-plan"))
    return next(r.values["progress"] for r in table.rows if str(r.values["ref"]) == ref)


def audit_ok(master: Path) -> bool:
    return run_cli(["audit", str(master), "--verify"]).code == 0 if "audit" in COMMANDS else True


@needs_merge
def test_merge_killed_at_random_points_leaves_before_or_merged(merge_cycle: dict[str, Path], tmp_path: Path) -> None:
    master = tmp_path / "master.xlsx"
    shutil.copyfile(merge_cycle["master"], master)
    before = master.read_bytes()
    started = time.monotonic()
    probe = tmp_path / "probe.xlsx"
    assert run_cli(["merge", str(master), str(merge_cycle["legal"]), "-o", str(probe)]).code == 0
    duration = time.monotonic() - started + 0.6
    probe.unlink()
    rng = random.Random(1904)  # noqa: S311 - reproducible kill times, not security
    outcomes = []
    for i in range(KILLS):
        master.write_bytes(before)  # each kill starts from the unmerged master
        kill_after(["merge", str(master), str(merge_cycle["legal"])], rng.uniform(0.0, duration * 1.2))
        if master.read_bytes() == before:
            outcomes.append("before")
            continue
        # not the old bytes: then it must be the whole merge, readable, with its audit chain intact
        assert progress_of(master, "2") == "Legal's update", f"kill {i}: the master is half-merged"
        assert audit_ok(master), f"kill {i}: the audit chain is broken"
        outcomes.append("after")
    result = finish(spawn(["merge", str(master), str(merge_cycle["legal"])]))
    assert result.code == 0, result.output
    assert progress_of(master, "2") == "Legal's update"
    assert audit_ok(master)
    assert not (tmp_path / "master.xlsx.lock").exists()
    stale = leftovers(tmp_path, {"master.xlsx", "master.bak.xlsx"})
    assert all(name.startswith(".master.") and name.endswith(".tmp") for name in stale), stale
    print(f"kill outcomes: {outcomes}")  # noqa: T201 - shown with -s


@needs_merge
def test_a_lock_just_created_is_not_taken_for_stale(merge_cycle: dict[str, Path], tmp_path: Path) -> None:
    """Another merge has locked the file and not yet written its pid: the lock is still respected."""
    master = tmp_path / "master.xlsx"
    shutil.copyfile(merge_cycle["master"], master)
    lock = tmp_path / "master.xlsx.lock"
    fd = os.open(lock, os.O_CREAT | os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        before = master.read_bytes()
        result = finish(spawn(["merge", str(master), str(merge_cycle["legal"])]))
        assert result.code == 2, result.output
        assert "another govsheet command is changing this master" in result.err
        assert master.read_bytes() == before
        assert lock.exists()
    finally:
        os.close(fd)


@needs_merge
def test_two_merges_started_together_lose_nothing(merge_cycle: dict[str, Path], tmp_path: Path) -> None:
    master = tmp_path / "master.xlsx"
    shutil.copyfile(merge_cycle["master"], master)
    first = spawn(["merge", str(master), str(merge_cycle["legal"])])
    second = spawn(["merge", str(master), str(merge_cycle["chief"])])
    results = {"legal": finish(first), "chief": finish(second)}
    for name, result in results.items():
        assert "Traceback" not in result.output
        if result.code == 2:  # refused while the other held the lock: a clear line, then it can be run again
            assert len(result.err.strip().splitlines()) == 1
            assert "another govsheet merge (process " in result.err
            assert "master.xlsx" in result.err
            rerun = run_cli(["merge", str(master), str(merge_cycle[name])])
            assert rerun.code == 0, rerun.output
        else:
            assert result.code == 0, result.output
    assert progress_of(master, "2") == "Legal's update"
    assert progress_of(master, "3") == "Chief's update"
    assert audit_ok(master)
    assert not (tmp_path / "master.xlsx.lock").exists()


WRITERS = {
    "roll": lambda m, o: ["roll", str(m), "--round", "2025-Q1", "-o", str(o / "next.xlsx")],
    "issue": lambda m, o: ["issue", str(m), "-o", str(o)],
    "render-xlsx": lambda m, o: ["render", str(m), "--format", "xlsx", "-o", str(o / "committee.xlsx")],
    "render-html": lambda m, o: ["render", str(m), "--format", "html", "-o", str(o / "committee.html")],
    "import": lambda m, o: ["import", str(m), "--schema", "ags-action-plan", "-o", str(o / "rebuilt.xlsx")],
}


def complete(path: Path) -> bool:
    """An output is whole: a workbook calamine opens, or an HTML page that ends."""
    if path.suffix == ".html":
        return path.read_text(encoding="utf-8").rstrip().endswith("</html>")
    from govsheet.workbook.read import open_calamine

    book = open_calamine(path)
    return bool(book.sheet_names)


@pytest.mark.parametrize("writer", list(WRITERS))
def test_a_killed_writer_leaves_no_partial_output(writer: str, big_master: Path, tmp_path: Path) -> None:
    command = writer.split("-", maxsplit=1)[0]
    if command not in COMMANDS:
        pytest.skip(f"'govsheet {command}' has not landed yet")
    master = shutil.copyfile(big_master, tmp_path / "master.xlsx")
    before = master.read_bytes()
    rng = random.Random(writer)  # noqa: S311 - reproducible kill times, not security
    for i in range(3):
        out = tmp_path / f"out{i}"
        out.mkdir()
        kill_after(WRITERS[writer](master, out), rng.uniform(0.3, 2.5))
        for path in out.iterdir():
            if path.name.startswith("."):
                continue  # a killed save's own temporary file
            assert complete(path), f"kill {i}: {path.name} is half-written"
    after = master.read_bytes()
    assert after == before or (writer == "issue" and only_register_changed(before, after))  # issue records its returns
    final = tmp_path / "final"
    final.mkdir()
    result = finish(spawn(WRITERS[writer](master, final)))
    assert result.code in (0, 1), result.output
    assert all(complete(p) for p in final.iterdir() if not p.name.startswith("."))


def kill_when_writing(argv: list[str], folder: Path, prefix: str, timeout: float = 60) -> bool:
    """Start ``argv`` and SIGKILL it the moment its temporary file appears in ``folder``.

    Returns whether the kill landed while the temporary file existed (mid-write); polling every
    millisecond needs no hook in the library.
    """
    proc = spawn(argv)
    deadline = time.monotonic() + timeout
    landed = False
    while proc.poll() is None and time.monotonic() < deadline:
        if any(p.name.startswith(prefix) and p.name.endswith(".tmp") for p in folder.iterdir()):
            proc.send_signal(signal.SIGKILL)
            landed = True
            break
        time.sleep(0.001)
    proc.communicate(timeout=30)
    return landed


@needs_edit
def test_edit_killed_mid_write_leaves_the_master_as_it_was(big_master: Path, tmp_path: Path) -> None:
    master = tmp_path / "master.xlsx"
    shutil.copyfile(big_master, master)
    before = master.read_bytes()
    intended = tmp_path / "intended.xlsx"
    argv = ["edit", str(master), "--set", "Actions!I2=mid-write"]
    assert run_cli([*argv, "-o", str(intended)]).code == 0
    landed = sum(kill_when_writing(argv, tmp_path, ".master.xlsx.") for _ in range(3))
    assert landed >= 1, "no kill landed while the temporary file existed"
    assert master.read_bytes() in (before, intended.read_bytes())
    assert finish(spawn(argv)).code == 0
    assert calamine_cell(master, "Actions", 1, 8) == "mid-write"


@needs_merge
def test_merge_killed_mid_write_leaves_the_master_as_it_was(merge_cycle: dict[str, Path], tmp_path: Path) -> None:
    master = tmp_path / "master.xlsx"
    shutil.copyfile(merge_cycle["master"], master)
    before = master.read_bytes()
    argv = ["merge", str(master), str(merge_cycle["legal"])]
    landed = 0
    for _ in range(3):
        master.write_bytes(before)
        landed += kill_when_writing(argv, tmp_path, ".master.")
        if master.read_bytes() != before:  # the rename won the race: then the merge is whole
            assert progress_of(master, "2") == "Legal's update"
            assert audit_ok(master)
    assert landed >= 1, "no kill landed while a temporary file existed"
    master.write_bytes(before)
    result = finish(spawn(argv))
    assert result.code == 0, result.output
    assert progress_of(master, "2") == "Legal's update"
    assert audit_ok(master)
