"""The pandas bridge (the ``govsheet[pandas]`` extra): a tracker as a DataFrame, and a DataFrame
imported as a tracker through the same header matching and checks as a CSV.

``govsheet.to_pandas`` and ``govsheet.from_pandas`` are these functions; the Audit sheet's
DataFrame is :meth:`govsheet.AuditLog.to_pandas`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from govsheet.importer.table import _from_grid
from govsheet.model.importing import ImportReport
from govsheet.model.schema import Schema
from govsheet.model.tracker import Tracker, display
from govsheet.schemas import resolve_schema

if TYPE_CHECKING:
    import pandas as pd

SOURCE = Path("<DataFrame>")


def to_pandas(tracker: Tracker, schema: str | Path | Schema | None = None) -> pd.DataFrame:
    """The tracker as a DataFrame: one row per action, the key as index, a column per field.

    Date fields are ``datetime64`` (text such as "TBC" becomes NaT), the status is an ordered
    ``Categorical`` in the schema's vocabulary order (a status it does not know becomes NaN),
    and rich text is plain text::

        frame = govsheet.to_pandas(govsheet.read_tracker("master.xlsx"))

    Args:
        tracker: a tracker, e.g. from ``govsheet.read_tracker``.
        schema: the tracker's schema when it is not the shipped one its ``schema_name`` names.

    Raises:
        GovsheetError: pandas is not installed (``pip install 'govsheet[pandas]'``).
        SchemaError: the schema cannot be loaded.
    """
    from govsheet.model.result import import_pandas

    pandas = import_pandas()
    schema = resolve_schema(schema if schema is not None else tracker.schema_name)
    names = [f.name for f in schema.fields]
    frame = pandas.DataFrame([[a.get(n) for n in names] for a in tracker.actions], columns=names)
    for spec in schema.fields:
        if spec.type == "date":
            frame[spec.name] = pandas.to_datetime(frame[spec.name], errors="coerce")
        elif spec.type == "status":
            labels = [s.label for s in schema.statuses]
            found = [schema.read_status(display(v)) for v in frame[spec.name]]
            frame[spec.name] = pandas.Categorical([f[0].label if f else None for f in found],
                                                  categories=labels, ordered=True)
    frame[schema.primary_key] = [display(v) for v in frame[schema.primary_key]]
    return cast("pd.DataFrame", frame.set_index(schema.primary_key))


def from_pandas(frame: pd.DataFrame, schema: str | Path | Schema) -> Tracker:
    """A tracker from a DataFrame, read and checked as an import of a CSV with the same columns is.

    Columns are matched by field name or column title; the key may be the index (as
    :func:`to_pandas` leaves it).

    Raises:
        SourceError: no column of the frame matches the schema.
        SchemaError: the schema cannot be loaded.
    """
    return read_frame(frame, resolve_schema(schema))[0]


def read_frame(frame: pd.DataFrame, schema: Schema) -> tuple[Tracker, ImportReport]:
    """Read a DataFrame whose columns are the schema's field names or titles (the key may be the index).

    Raises:
        SourceError: no column matches the schema's fields.
    """
    by_name = {f.name: f.title for f in schema.fields}
    if frame.index.name in by_name or frame.index.name == by_name.get(schema.primary_key):
        frame = frame.reset_index()
    header = [by_name.get(str(c), str(c)) for c in frame.columns]
    grid: list[list[Any]] = [header]
    grid += [[_plain(v) for v in row] for row in frame.itertuples(index=False, name=None)]
    tracker, log = _from_grid(SOURCE, "dataframe", "", grid, schema)
    return tracker, log.report()


def _plain(value: Any) -> Any:
    """A DataFrame cell as a workbook cell would give it: None for NaN/NaT/NA, Python types for NumPy's."""
    from govsheet.model.result import import_pandas

    if value is None or (not isinstance(value, (list, tuple, dict)) and import_pandas().isna(value) is True):
        return None
    if hasattr(value, "to_pydatetime"):  # a pandas Timestamp
        value = value.to_pydatetime().replace(tzinfo=None)
    elif hasattr(value, "item") and not isinstance(value, (str, bytes)):
        value = value.item()  # a NumPy scalar
    return value if isinstance(value, (str, int, float, bool, dt.date)) else str(value)
