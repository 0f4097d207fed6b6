"""Shared fixtures: the packaged seeds, the corpus (optional), LibreOffice and Chromium headless (optional).

Tests marked ``corpus``, ``libreoffice`` or ``browser`` skip with one line saying what to set or
install when it is missing; in CI (``CI`` set) or with ``GOVSHEET_REQUIRE_ALL=1`` such a skip fails.
"""

from __future__ import annotations

import contextlib
import csv
import gc
import os
import shutil
import signal
import subprocess
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
PACKAGED_SEEDS = ROOT / "src" / "govsheet" / "seeds"
SEEDS = {
    "ags-action-plan": PACKAGED_SEEDS / "ags-action-plan.txt",  # = ../shared/seeds/000_3527c5c29b078e23.txt
    "governance-review": PACKAGED_SEEDS / "governance-review.txt",  # = ../shared/seeds/004_ad3645d9deb2772a.txt
}
CORPUS = Path(os.environ["GOVSHEET_CORPUS"]) if os.environ.get("GOVSHEET_CORPUS") else SHARED / "corpus"
FIDELITY_TOOL = CORPUS.parent / "tools" / "fidelity"  # ../shared/tools/fidelity, beside the corpus
FILES = Path(__file__).resolve().parent / "files"
KEPT_CORPUS = FILES / "corpus"  # the corpus files the tests name, kept with the tests (see its README)
GOLDEN = Path(__file__).resolve().parent / "golden"

# What each marked group of tests needs, and the one line a skip says when it is missing.
NEEDS = {
    "corpus": "needs the shared corpus: set GOVSHEET_CORPUS=DIR or put ../shared/corpus beside the repo",
    "libreoffice": "needs LibreOffice headless: install soffice (apt-get install libreoffice-calc-nogui "
                   "libreoffice-writer-nogui)",
    "browser": "needs Chromium headless: install chromium (apt-get install chromium chromium-driver)",
}


def require_all() -> bool:
    """In CI (or with GOVSHEET_REQUIRE_ALL=1) a corpus, LibreOffice or browser test may not skip."""
    return bool(os.environ.get("CI")) or os.environ.get("GOVSHEET_REQUIRE_ALL") == "1"


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


def corpus_present() -> bool:
    return CORPUS.is_dir()


def _missing(marker: str) -> bool:
    if marker == "corpus":
        return not corpus_present()
    if marker == "libreoffice":
        return soffice_path() is None
    return chromium_path() is None


def corpus_file(rel: str) -> Path:
    """A corpus file by its path below the corpus: the copy kept under tests/files/corpus, else the corpus's."""
    kept = KEPT_CORPUS / rel
    return kept if kept.is_file() else CORPUS / rel


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Skip (as a mark, so the summary names each test) what needs a missing corpus, LibreOffice or Chromium."""
    missing = {marker: line for marker, line in NEEDS.items() if _missing(marker)}
    for item in items:
        for marker, line in missing.items():
            if item.get_closest_marker(marker) is not None:
                item.add_marker(pytest.mark.skip(reason=line))
                break


_SKIPPED_IN_CI = pytest.StashKey[list[str]]()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> object:
    """With require_all(), a skipped corpus, LibreOffice or browser test is a failure naming what is missing."""
    outcome = yield
    report: pytest.TestReport = outcome.get_result()  # type: ignore[attr-defined]
    marked = [m for m in NEEDS if item.get_closest_marker(m) is not None]
    if report.skipped and marked and require_all() and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"a {'/'.join(marked)} test may not skip in CI: {reason.removeprefix('Skipped: ')}"
        item.config.stash.setdefault(_SKIPPED_IN_CI, []).append(item.nodeid)
    return None


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    skipped = terminalreporter.config.stash.get(_SKIPPED_IN_CI, [])
    if skipped:
        terminalreporter.write_line(f"FAILED: {len(skipped)} corpus/LibreOffice/browser tests would have skipped "
                                    f"(CI or GOVSHEET_REQUIRE_ALL=1 set): {', '.join(skipped)}", red=True)


def run_bounded(argv: list[str], *, timeout: float, cwd: Path | None = None) -> subprocess.CompletedProcess[bytes]:
    """Run a program in its own process group; on timeout or afterwards, kill whatever of the group is left.

    soffice and chromium start helper processes (soffice.bin, renderers) that outlive a killed parent;
    killing the group leaves nothing behind.
    """
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=cwd, start_new_session=True)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(proc.pid)
        proc.communicate()
        raise
    finally:
        _kill_group(proc.pid)
    done = subprocess.CompletedProcess(argv, proc.returncode, out, err)
    done.check_returncode()
    return done


@contextlib.contextmanager
def watchdog(proc: subprocess.Popen[Any], seconds: float = 120) -> Iterator[subprocess.Popen[Any]]:
    """Kill ``proc`` if it is still running after ``seconds`` (so a blocking read of its output ends), and
    in any case when the block ends."""
    timer = threading.Timer(seconds, proc.kill)
    timer.start()
    try:
        yield proc
    finally:
        timer.cancel()
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=30)


def _children() -> set[int]:
    """Pids of this process's children (Linux /proc/self/task/*/children; empty elsewhere)."""
    found: set[int] = set()
    for listing in Path("/proc/self/task").glob("*/children"):
        with contextlib.suppress(OSError, ValueError):
            found.update(int(pid) for pid in listing.read_text().split())
    return found


@pytest.fixture(autouse=True)
def _no_process_left_behind() -> Iterator[None]:
    """A child a test started and did not end (a failed assertion before its kill) is killed after the test."""
    before = _children()
    yield
    for pid in _children() - before:
        with contextlib.suppress(ProcessLookupError, ChildProcessError):
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)


def _kill_group(pgid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, signal.SIGKILL)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="Rewrite the golden files from this run.")


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture
def seed(tmp_path: Path) -> Callable[[str], Path]:
    """Copy a seed extract into tmp_path so no test touches the shared file."""

    def copy(schema_name: str) -> Path:
        dst = tmp_path / f"{schema_name}.txt"
        shutil.copyfile(SEEDS[schema_name], dst)
        return dst

    return copy


@pytest.fixture(scope="session")
def master_factory(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    """Build (once per session) the master of a seed and hand out fresh copies of it."""
    from govsheet import api

    built: dict[str, Path] = {}
    folder = tmp_path_factory.mktemp("masters")

    def make(schema_name: str) -> Path:
        if schema_name not in built:
            path = folder / f"{schema_name}.xlsx"
            api.import_tracker(SEEDS[schema_name], schema_name, path)
            built[schema_name] = path
        return built[schema_name]

    return make


@pytest.fixture
def master(master_factory: Callable[[str], Path], tmp_path: Path) -> Callable[[str], Path]:
    """A fresh copy, in tmp_path, of the master built from a seed."""

    def copy(schema_name: str) -> Path:
        dst = tmp_path / f"{schema_name}-master.xlsx"
        shutil.copyfile(master_factory(schema_name), dst)
        return dst

    return copy


@pytest.fixture
def cycle(tmp_path: Path) -> Any:
    """A small master and its issued returns, fresh for each test (``tests.returns.helpers.Cycle``)."""
    from tests.returns.helpers import new_cycle

    return new_cycle(tmp_path)


def libreoffice_convert(src: Path, fmt: str, outdir: Path, *, sheet: int | None = None) -> Path:
    """Convert a workbook with LibreOffice headless (own profile per call); return the output file.

    ``fmt`` is "csv" or "xlsx"; for csv, ``sheet`` picks the 1-based sheet to export.
    """
    soffice = soffice_path()
    assert soffice, "LibreOffice is needed for this test; CI installs libreoffice-calc-nogui"
    outdir.mkdir(parents=True, exist_ok=True)
    profile = outdir / ".lo-profile"
    target = fmt
    if fmt == "csv":
        # comma, double quote, UTF-8, from line 1, ..., cells as shown, ..., then the 1-based sheet number
        target = f"csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,{sheet or 1}"
    if not src.is_file():
        raise FileNotFoundError(f"{src}: no such workbook to convert")  # soffice waits forever without input
    run_bounded(
        [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            target,
            "--outdir",
            str(outdir),
            str(src),
        ],
        timeout=180,
    )
    produced = sorted(p for p in outdir.iterdir() if p.suffix == f".{fmt}" and p.stem.startswith(src.stem))
    assert produced, f"LibreOffice wrote no {fmt} for {src.name}"
    return produced[0]


def protected_workbook(path: Path) -> Path:
    """A workbook (XlsxWriter) whose sheet "Locked" is protected: A1 locked (the default), B1 unlocked."""
    import xlsxwriter

    with xlsxwriter.Workbook(str(path)) as wb:
        ws = wb.add_worksheet("Locked")
        ws.write("A1", "locked text")
        ws.write("B1", "open text", wb.add_format({"locked": False}))
        ws.protect()
        wb.add_worksheet("Open").write("A1", "not protected")
    return path


def read_csv_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


@pytest.fixture
def collector() -> Iterator[None]:
    """The cyclic collector put back as it was after a test that turns it on or off."""
    was = gc.isenabled()
    yield
    if was:
        gc.enable()
    else:
        gc.disable()
