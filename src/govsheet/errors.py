"""The errors govsheet raises when it cannot do what was asked.

A problem with the *data* is a :class:`~govsheet.model.problem.Problem`, reported and
never raised. These exceptions are for failures to *run*: the command-line group turns
each into one line on stderr and exit code 2.
"""

from __future__ import annotations

from pathlib import Path


class GovsheetError(Exception):
    """govsheet could not do what was asked."""

    def __init__(self, path: Path | str | None, message: str) -> None:
        self.path = None if path is None else str(path)
        self.message = message
        super().__init__(f"{self.path}: {message}" if self.path else message)


class WorkbookError(GovsheetError):
    """The file is not a workbook govsheet can open safely."""


class SourceError(GovsheetError):
    """An import source cannot be read or matches no schema field."""


class SchemaError(GovsheetError):
    """The schema file is missing or malformed."""


class ReturnError(GovsheetError):
    """A return that cannot be merged: stale round, other master, altered metadata."""


class LockError(GovsheetError):
    """Another govsheet command is changing the master (it holds its lock)."""


class UsageError(GovsheetError):
    """The arguments given cannot be carried out (a bad cell reference, a missing sheet)."""
