"""Shared fixtures: real seed files, the corpus beside the project, LibreOffice headless."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = {
    "ags-action-plan": SHARED / "seeds" / "000_3527c5c29b078e23.txt",
    "governance-review": SHARED / "seeds" / "004_ad3645d9deb2772a.txt",
}
CORPUS = SHARED / "corpus"
FILES = Path(__file__).resolve().parent / "files"
GOLDEN = Path(__file__).resolve().parent / "golden"


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


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


requires_soffice = pytest.mark.skipif(
    soffice_path() is None and not os.environ.get("CI"), reason="LibreOffice (soffice) is not installed"
)


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
    subprocess.run(
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
        check=True,
        capture_output=True,
        timeout=180,
    )
    produced = sorted(p for p in outdir.iterdir() if p.suffix == f".{fmt}" and p.stem.startswith(src.stem))
    assert produced, f"LibreOffice wrote no {fmt} for {src.name}"
    return produced[0]


def read_csv_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))
