"""govsheet's version: one number, the same in the package, pyproject.toml and ``govsheet --version``."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

import govsheet
from govsheet.version import __version__
from tests.cli.helpers import invoke

ROOT = Path(__file__).resolve().parents[1]


def test_the_version_is_the_one_in_pyproject() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert __version__ == project["version"] == "0.1.0"


def test_the_package_names_the_same_version() -> None:
    assert govsheet.__version__ == __version__


def test_the_command_line_prints_it(capsys: pytest.CaptureFixture[str]) -> None:
    assert invoke(["--version"], capsys) == (0, f"govsheet, version {__version__}\n", "")
