"""Limits of the xlsx format, and the safety limits govsheet applies when it opens a package.

Every safety limit has a documented default and can be raised (or lowered) for one run with an
environment variable, e.g. ``GOVSHEET_MAX_UNCOMPRESSED=2000000000 govsheet edit big.xlsx ...``.
"""

from __future__ import annotations

import os
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
    def from_env(cls, environ: dict[str, str] | None = None) -> Limits:
        """The defaults, overridden by any ``GOVSHEET_<FIELD>`` environment variable holding an integer."""
        env = os.environ if environ is None else environ
        values: dict[str, int] = {}
        for field in fields(cls):
            raw = env.get(f"GOVSHEET_{field.name.upper()}")
            if raw is not None and raw.strip().isdigit():
                values[field.name] = int(raw.strip())
        return cls(**values)
