"""Pictures of outputs: skip with one line when LibreOffice or Chromium is missing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.pictures.harness import Picture, chromium, have_libreoffice, picture


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.get_closest_marker("libreoffice") and not have_libreoffice():
            item.add_marker(pytest.mark.skip(reason="LibreOffice (soffice) or poppler is not installed"))
        if item.get_closest_marker("browser") and chromium() is None:
            item.add_marker(pytest.mark.skip(reason="Chromium is not installed"))


@pytest.fixture
def seen(tmp_path: Path) -> Callable[[Path], Picture]:
    """Print an output to PDF and read it back."""

    def look(path: Path) -> Picture:
        return picture(path, tmp_path / "pdf" / path.stem)

    return look


@pytest.fixture(scope="session")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every output of ``govsheet demo``, made once per test session."""
    from govsheet import demo

    out = tmp_path_factory.mktemp("demo")
    demo.run(out)
    return out
