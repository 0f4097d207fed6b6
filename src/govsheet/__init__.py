"""govsheet: validate, merge and regenerate a council's governance action tracker workbook."""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
