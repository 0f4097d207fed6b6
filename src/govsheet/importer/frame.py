"""Import a pandas DataFrame as a tracker, through the same header matching and checks as a CSV."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from govsheet.importer.table import _from_grid
from govsheet.model.importing import ImportReport
from govsheet.model.schema import Schema
from govsheet.model.tracker import Tracker

if TYPE_CHECKING:
    import pandas as pd

SOURCE = Path("<DataFrame>")


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
