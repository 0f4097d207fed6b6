"""A tracker in memory: the schema's name and one :class:`Action` per row."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, cast

from pydantic import BaseModel, ConfigDict

if TYPE_CHECKING:
    from pathlib import Path

    import pandas as pd

    from govsheet.model.schema import Schema

Value = str | int | float | bool | dt.datetime | dt.date | None


class Run(BaseModel):
    """A stretch of rich text with one format (italics are what the seed papers use)."""

    model_config = ConfigDict(frozen=True)

    text: str
    italic: bool = False
    bold: bool = False


class Action(BaseModel):
    """One row of the tracker: an action, a sub-item (``1a``) or a part (``15b``)."""

    values: dict[str, Value]
    rich: dict[str, tuple[Run, ...]] = {}

    def get(self, name: str) -> Value:
        """The value of a field, None when blank."""
        return self.values.get(name)

    def text(self, name: str) -> str:
        """The value of a field as the text an officer sees; '' when blank."""
        return display(self.values.get(name))


class Tracker(BaseModel):
    """All the actions of one tracker, in sheet order, with the schema that describes them."""

    schema_name: str
    round: str | None = None
    actions: list[Action] = []

    def keys(self, key_field: str) -> list[str]:
        """The primary-key texts, in order."""
        return [a.text(key_field) for a in self.actions]

    def to_pandas(self, schema: str | Path | Schema | None = None) -> pd.DataFrame:
        """The tracker as a DataFrame: one row per action, the key as index, a column per field.

        Date fields are ``datetime64`` (text such as "TBC" becomes NaT), the status is an ordered
        ``Categorical`` in the schema's vocabulary order (a status it does not know becomes NaN),
        and rich text is plain text.

        Args:
            schema: the tracker's schema when it is not the shipped one its ``schema_name`` names.

        Raises:
            GovsheetError: pandas is not installed (``pip install 'govsheet[pandas]'``).
            SchemaError: the schema cannot be loaded.
        """
        from govsheet.model.result import import_pandas

        pandas = import_pandas()
        model = _schema(schema if schema is not None else self.schema_name)
        names = [f.name for f in model.fields]
        frame = pandas.DataFrame([[a.get(n) for n in names] for a in self.actions], columns=names)
        for spec in model.fields:
            if spec.type == "date":
                frame[spec.name] = pandas.to_datetime(frame[spec.name], errors="coerce")
            elif spec.type == "status":
                labels = [s.label for s in model.statuses]
                found = [model.read_status(display(v)) for v in frame[spec.name]]
                frame[spec.name] = pandas.Categorical([f[0].label if f else None for f in found],
                                                      categories=labels, ordered=True)
        frame[model.primary_key] = [display(v) for v in frame[model.primary_key]]
        return cast("pd.DataFrame", frame.set_index(model.primary_key))

    @classmethod
    def from_pandas(cls, frame: pd.DataFrame, schema: str | Path | Schema) -> Tracker:
        """A tracker from a DataFrame, read and checked as an import of a CSV with the same columns is.

        Columns are matched by field name or column title; the key may be the index (as
        :meth:`to_pandas` leaves it).

        Raises:
            SourceError: no column of the frame matches the schema.
            SchemaError: the schema cannot be loaded.
        """
        from govsheet.importer.frame import read_frame

        return read_frame(frame, _schema(schema))[0]


def display(value: Value) -> str:
    """Render a value as text the way the tracker shows it (dates as 31 March 2021)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _schema(schema: str | Path | Schema) -> Schema:
    from govsheet.schemas import resolve_schema

    return resolve_schema(schema)
