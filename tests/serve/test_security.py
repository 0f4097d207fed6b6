"""The page's guards: the upload cap read from the environment, the form token compared."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(("raw", "cap"), [("", 50 * 1024 * 1024), ("1000", 1000), ("0", 50 * 1024 * 1024),
                                          ("ten", 50 * 1024 * 1024)])
def test_upload_cap_from_the_environment(monkeypatch: pytest.MonkeyPatch, raw: str, cap: int) -> None:
    from govsheet.serve.security import max_upload

    monkeypatch.setenv("GOVSHEET_MAX_UPLOAD", raw)
    assert max_upload() == cap


@pytest.mark.parametrize(("sent", "ok"), [("t0ken", True), ("t0ken ", False), ("", False), (None, False),
                                          ("other", False)])
def test_a_form_passes_only_with_the_apps_own_token(sent: str | None, ok: bool) -> None:
    from govsheet.serve.security import csrf_ok

    assert csrf_ok("t0ken", sent) is ok
