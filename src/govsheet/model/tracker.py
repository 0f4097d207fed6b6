"""A tracker in memory: the schema's name and one :class:`Action` per row."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict

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

