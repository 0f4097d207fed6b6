"""Writing a return: file names and ids cut between words, the usual file permissions."""

from __future__ import annotations

from pathlib import Path

import pytest

from govsheet import api
from govsheet.returns.write import cut_at_word
from tests.returns.helpers import make_master


@pytest.fixture
def small_master(tmp_path: Path) -> Path:
    return make_master(tmp_path / "master.xlsx")


def test_returns_get_the_usual_file_permissions_not_private_ones(small_master: Path, tmp_path: Path) -> None:
    import os

    mask = os.umask(0)
    os.umask(mask)
    path = api.issue(small_master, tmp_path / "r", owners=["Chief Executive"]).returns[0].path
    assert path.stat().st_mode & 0o777 == 0o666 & ~mask


@pytest.mark.parametrize(("stem", "limit", "cut"), [
    ("service-director-customers-governance-and-employees", 24, "service-director"),
    ("service-director-customers-governance-and-employees", 27, "service-director-customers"),
    ("head-of-legal", 24, "head-of-legal"),
    ("supercalifragilisticexpialidocious-officer", 10, "supercalif"),
])
def test_return_names_are_cut_between_words(stem: str, limit: int, cut: str) -> None:
    assert cut_at_word(stem, limit) == cut
