"""A small master and its issued returns, fresh for each test."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from govsheet import api
from tests.returns.helpers import make_master


@dataclass
class Cycle:
    master: Path
    returns: dict[str, Path]  # owner -> return file
    ids: dict[str, str]  # owner -> return id


@pytest.fixture
def cycle(tmp_path: Path) -> Cycle:
    master = make_master(tmp_path / "master.xlsx")
    issued = api.issue(master, tmp_path / "returns")
    return Cycle(master, {r.owner: r.path for r in issued.returns}, {r.owner: r.return_id for r in issued.returns})
