"""`govsheet serve` on the command line: without its extra it names what to install; the port is checked."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from govsheet.cli import serve as serve_cmd
from tests.cli.helpers import invoke


def test_without_the_extra_it_names_what_is_missing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name in {"uvicorn", "jinja2"} else real(name, *a))
    code, out, err = invoke(["serve", str(tmp_path)], capsys)
    assert (code, out) == (2, "")
    assert err == ("govsheet: govsheet serve needs the serve extra (uvicorn, jinja2 missing); install it with: "
                   "pip install 'govsheet[serve]'\n")


@pytest.mark.parametrize("port", ["0", "65536"])
def test_a_port_out_of_range_exits_2(port: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = invoke(["serve", str(tmp_path), "--port", port], capsys)
    assert code == 2
    assert f"{port} is not in the range 1<=x<=65535" in err


def test_the_extra_is_these_four_packages() -> None:
    assert serve_cmd.NEEDS == ("starlette", "uvicorn", "jinja2", "python_multipart")
