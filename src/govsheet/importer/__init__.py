"""Import sources into a :class:`Tracker`: the seed extract (TSV of HTML fragments), CSV, xlsx, a
pandas DataFrame (:mod:`~govsheet.importer.frame`); and write the new master an import builds
(:mod:`~govsheet.importer.master`)."""

from __future__ import annotations

from pathlib import Path

from govsheet.errors import SourceError
from govsheet.model.importing import ImportReport
from govsheet.model.schema import Schema
from govsheet.model.tracker import Tracker


def read_any(source: Path, schema: Schema, *, sheet: str | None = None) -> tuple[Tracker, ImportReport]:
    """Read ``source`` by its kind: .xlsx/.xlsm, .csv, or a seed extract (.txt/.tsv)."""
    if not source.exists():
        raise SourceError(source, "file not found; check the path")
    if source.is_dir():
        raise SourceError(source, "is a folder; give the file to import")
    suffix = source.suffix.lower()
    if suffix == ".xls":
        raise SourceError(source, "is a legacy .xls file; open it in Excel and save it as .xlsx")
    if suffix in {".xlsx", ".xlsm"}:
        from govsheet.importer.table import read_xlsx

        tracker, log = read_xlsx(source, schema, sheet=sheet)
    elif suffix == ".csv":
        from govsheet.importer.table import read_csv

        tracker, log = read_csv(source, schema)
    elif suffix in {".txt", ".tsv", ".html", ".htm"}:
        from govsheet.importer.seed import read_seed

        tracker, log = read_seed(source, schema)
    else:
        raise SourceError(source, "is not a kind govsheet imports; give a .xlsx, .csv or seed .txt/.tsv file")
    return tracker, log.report()
