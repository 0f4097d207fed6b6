"""The fixtures the web page's HTTP tests share: a round folder and a client of the app over it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.serve.helpers import BASE, PORT, round_folder

if TYPE_CHECKING:
    from starlette.testclient import TestClient


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return round_folder(tmp_path)


@pytest.fixture
def client(folder: Path) -> TestClient:
    pytest.importorskip("starlette", reason="govsheet[serve] is not installed")
    from starlette.testclient import TestClient

    from govsheet.serve.app import create_app

    return TestClient(create_app(folder, port=PORT), base_url=BASE)
