"""Results that the library returns and the command line prints.

Every result is a frozen model: ``ok`` says whether the run found nothing to act on,
``to_dict()`` is exactly what ``--format json`` prints, and ``to_text()`` is what
people read. Nothing changes a result after it is built.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from pydantic import BaseModel, ConfigDict

if TYPE_CHECKING:
    from collections.abc import Sequence

    import pandas as pd

PANDAS_EXTRA = "pip install 'govsheet[pandas]'"


class Result(BaseModel):
    """The protocol every result follows: frozen, ``ok``, ``to_dict()`` and ``to_text()``."""

    model_config = ConfigDict(frozen=True)

    @property
    def ok(self) -> bool:
        """True when there is nothing to act on."""
        return True

    def to_dict(self) -> dict[str, Any]:
        """The JSON-ready object ``--format json`` prints."""
        data: dict[str, Any] = self.model_dump(mode="json", by_alias=True)
        return data

    def to_text(self) -> str:
        """Lines for people."""
        raise NotImplementedError


def plural(count: int, noun: str, many: str | None = None) -> str:
    """``1 row``, ``2 rows``: a count in words that agree."""
    return f"{count} {noun if count == 1 else (many or noun + 's')}"


def import_pandas() -> Any:
    """pandas, or one clear error naming the extra that installs it.

    Raises:
        GovsheetError: pandas is not installed.
    """
    try:
        import pandas as pd
    except ImportError:
        from govsheet.errors import GovsheetError

        raise GovsheetError(None, f"pandas is not installed; install the extra with {PANDAS_EXTRA}") from None
    return pd


class Written(Result):
    """A file a command wrote, with what it is for."""

    path: str
    what: str

    def to_text(self) -> str:
        return f"{self.what}: {self.path}"


class AuditLog(Result):
    """The rows of a master's Audit sheet, oldest first, each as the text the sheet shows."""

    master: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    @classmethod
    def from_rows(cls, master: str, columns: Sequence[str], rows: Sequence[Sequence[str]]) -> AuditLog:
        """The log from the sheet's data rows as text; blank rows are left out."""
        width = len(columns)
        cells = [list(row[:width]) for row in rows]
        kept = tuple(tuple(row + [""] * (width - len(row))) for row in cells if any(row))
        return cls(master=master, columns=tuple(columns), rows=kept)

    def to_dict(self) -> dict[str, Any]:
        return {"master": self.master, "rows": [dict(zip(self.columns, row, strict=True)) for row in self.rows]}

    def to_text(self) -> str:
        return f"{self.master}: {plural(len(self.rows), 'audit row')}"

    def to_pandas(self) -> pd.DataFrame:
        """The log as a DataFrame, one row per audit row, with "When" as UTC timestamps.

        Raises:
            GovsheetError: pandas is not installed (``pip install 'govsheet[pandas]'``).
        """
        pandas = import_pandas()
        frame = pandas.DataFrame(list(self.rows), columns=list(self.columns))
        if "When" in frame.columns:
            frame["When"] = pandas.to_datetime(frame["When"], utc=True, errors="coerce", format="ISO8601")
        return cast("pd.DataFrame", frame)
