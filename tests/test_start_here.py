"""The README's "Start here" commands are the ones CI runs."""

from __future__ import annotations

import re

from tests.conftest import ROOT


def start_here_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Start here\n", 1)[1].split("\n## ", 1)[0]
    return [block.strip() for block in re.findall(r"```sh\n(.*?)```", section, re.DOTALL)]


def test_start_here_shows_the_venv_the_demo_and_the_tests() -> None:
    assert start_here_commands() == [
        "python3 -m venv .venv && . .venv/bin/activate",
        "python -m pip install . && govsheet demo",
        "python -m pip install -e '.[dev]' && python -m pytest -q -p no:cacheprovider",
    ]


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert start_here_commands()[2] in ci
