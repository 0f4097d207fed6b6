"""A problem with the data: reported, never raised."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

Severity = Literal["error", "warning"]


class Location(BaseModel):
    """Where a problem is: the file, the sheet, the cell (``D14``) and its row number."""

    model_config = ConfigDict(frozen=True)

    file: str | None = None
    sheet: str | None = None
    cell: str | None = None
    row: int | None = None

    def __str__(self) -> str:
        parts = [p for p in (self.file,) if p]
        if self.sheet and self.cell:
            parts.append(f"{self.sheet}!{self.cell}")
        elif self.sheet:
            parts.append(self.sheet)
        return ": ".join(parts)


class Problem(BaseModel):
    """One finding about a tracker or a return, with a stable kebab-case code."""

    model_config = ConfigDict(frozen=True)

    code: str
    severity: Severity
    where: Location
    field: str | None = None
    key: str | None = None
    value: str | None = None
    message: str

    def __str__(self) -> str:
        where = str(self.where)
        return f"{where}: {self.message} [{self.code}]" if where else f"{self.message} [{self.code}]"
