"""The merge tests' fixture ``cycle`` (a small master and its issued returns) lives in tests/conftest.py;
``Cycle`` is kept importable from here."""

from __future__ import annotations

from tests.returns.helpers import Cycle

__all__ = ["Cycle"]
