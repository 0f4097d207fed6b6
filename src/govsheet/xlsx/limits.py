"""Limits of the xlsx format that every part of govsheet must respect."""

from __future__ import annotations

MAX_CELL_CHARS = 32_767  # Excel refuses longer cells
