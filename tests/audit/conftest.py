"""The merge fixtures, shared with the audit tests."""

from tests.merge.conftest import cycle

__all__ = ["cycle"]
