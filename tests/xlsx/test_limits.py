"""The size limits: defaults, and each read from its environment variable the same way."""

from __future__ import annotations


def test_every_limit_is_read_from_the_environment_the_same_way() -> None:
    from govsheet.xlsx.limits import Limits, ReadLimits

    env = {"GOVSHEET_MAX_ROWS": " 10 ", "GOVSHEET_MAX_PARTS": "7", "GOVSHEET_MAX_CELLS": "many"}
    assert ReadLimits.from_env(env) == ReadLimits(max_rows=10)
    assert Limits.from_env(env) == Limits(max_parts=7)
