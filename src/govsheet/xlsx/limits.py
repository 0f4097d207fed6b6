"""Limits of the xlsx format, and the safety limits govsheet applies when it opens a package.

Every safety limit has a documented default and can be raised (or lowered) for one run with an
environment variable, e.g. ``GOVSHEET_MAX_UNCOMPRESSED=2000000000 govsheet edit big.xlsx ...``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields

MAX_CELL_CHARS = 32_767  # Excel refuses longer cells
MAX_ROWS = 1_048_576  # the last row Excel can address
MAX_COLS = 16_384  # column XFD
MAX_SHEET_NAME = 31  # Excel refuses longer sheet names

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """How large a package govsheet agrees to open; anything over a limit is refused, never inflated.

    Attributes:
        max_compressed: size of the file on disk (``GOVSHEET_MAX_COMPRESSED``, default 256 MB).
        max_uncompressed: sum of every part once inflated (``GOVSHEET_MAX_UNCOMPRESSED``, default 1 GB).
        max_part: one part once inflated (``GOVSHEET_MAX_PART``, default 512 MB).
        max_ratio: inflated/compressed size of one part (``GOVSHEET_MAX_RATIO``, default 200); parts
            under ``ratio_floor`` bytes (64 KB) are not ratio-checked, as tiny XML parts compress well.
        max_parts: number of zip members (``GOVSHEET_MAX_PARTS``, default 10,000).
    """

    max_compressed: int = 256 * MB
    max_uncompressed: int = 1024 * MB
    max_part: int = 512 * MB
    max_ratio: int = 200
    ratio_floor: int = 64 * 1024
    max_parts: int = 10_000

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Limits:
        """The defaults, overridden by any ``GOVSHEET_<FIELD>`` environment variable holding an integer."""
        return cls(**_env_values(cls, environ))


@dataclass(frozen=True)
class ReadLimits:
    """How large a sheet govsheet agrees to read (the package limits are :class:`Limits`).

    calamine holds a sheet as one block from its first to its last used cell, so a file of a few
    kilobytes with one cell at ``XFD1048576`` would ask for hundreds of gigabytes; the extent is
    checked from the sheet's XML before calamine reads it.

    Attributes:
        max_rows: rows from the first to the last used row of a sheet (``GOVSHEET_MAX_ROWS``, default 250,000).
        max_cells: rows x columns of that block (``GOVSHEET_MAX_CELLS``, default 5,000,000).
    """

    max_rows: int = 250_000
    max_cells: int = 5_000_000

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> ReadLimits:
        """The defaults, overridden by ``GOVSHEET_MAX_ROWS`` / ``GOVSHEET_MAX_CELLS`` holding an integer."""
        return cls(**_env_values(cls, environ))


def _env_values(limits: type, environ: Mapping[str, str] | None) -> dict[str, int]:
    """The fields of a limits class that ``GOVSHEET_<FIELD>`` sets to an integer (others keep their default)."""
    env = os.environ if environ is None else environ
    values: dict[str, int] = {}
    for item in fields(limits):
        raw = env.get(f"GOVSHEET_{item.name.upper()}")
        if raw is not None and raw.strip().isdigit():
            values[item.name] = int(raw.strip())
    return values
