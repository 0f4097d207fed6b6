"""The hostile tests' base files (a master and one of its returns, built once), for the hostile schema cases."""

from tests.hostile.conftest import base_files

__all__ = ["base_files"]
