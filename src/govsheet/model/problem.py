"""A problem with the data: reported, never raised."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

Severity = Literal["error", "warning"]

_new = object.__new__
_set = object.__setattr__  # the models are frozen; pydantic's own model_construct sets them so too


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

    @classmethod
    def trusted(cls, file: str | None, sheet: str | None, cell: str | None, row: int | None) -> Location:
        """A location built without validation: ``model_construct`` with every field given, at a
        fraction of its cost (a validator may report 50,000 of them)."""
        where = _new(cls)
        _set(where, "__dict__", {"file": file, "sheet": sheet, "cell": cell, "row": row})
        _set(where, "__pydantic_fields_set__", {"file", "sheet", "cell", "row"})
        _set(where, "__pydantic_extra__", None)
        _set(where, "__pydantic_private__", None)
        return where


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

    @classmethod
    def trusted(cls, code: str, severity: Severity, where: Location, field: str | None,
                key: str | None, value: str | None, message: str) -> Problem:
        """A problem built without validation, as :meth:`Location.trusted` (every finding of a rule)."""
        problem = _new(cls)
        _set(problem, "__dict__", {"code": code, "severity": severity, "where": where, "field": field, "key": key,
                                   "value": value, "message": message})
        _set(problem, "__pydantic_fields_set__", {"code", "severity", "where", "field", "key", "value", "message"})
        _set(problem, "__pydantic_extra__", None)
        _set(problem, "__pydantic_private__", None)
        return problem
