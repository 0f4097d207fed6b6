"""Rebuild the seed masters in ``workbooks/`` from the seed extracts that ship with govsheet.

Run from the project folder::

    python -m govsheet.rebuild            # writes workbooks/*.xlsx and their import reports
    python -m govsheet.rebuild OUT_DIR    # or into another folder
"""

from __future__ import annotations

import sys
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from govsheet.model.importing import ImportReport
from govsheet.model.result import plural

if TYPE_CHECKING:
    from govsheet.model.schema import Schema
    from govsheet.model.tracker import Tracker
    from govsheet.workbook.open import OpenedWorkbook

SEEDS = {
    "ags-action-plan": "ags-action-plan.txt",
    "governance-review": "governance-review.txt",
}


def packaged_seed(schema_name: str) -> Path:
    """The packaged copy of a seed extract, by the name of its schema."""
    return Path(str(resources.files("govsheet").joinpath("seeds", SEEDS[schema_name])))


def rebuild(folder: Path) -> dict[str, tuple[Path, ImportReport]]:
    """Import both seeds into ``folder``: ``<schema>.xlsx`` and ``<schema>.import-report.txt`` each.

    The report names its seed as ``seeds/<file>`` (not where this checkout happens to be), and a
    master whose rows are unchanged is left as it was (a fresh build differs only in its creation
    time), so a rebuild with nothing new leaves a clean working tree.

    Raises:
        WorkbookError: the folder cannot be written.
    """
    from govsheet import api
    from govsheet.errors import WorkbookError

    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WorkbookError(folder, f"cannot create the folder ({exc.strerror}); choose another") from None
    built: dict[str, tuple[Path, ImportReport]] = {}
    for schema_name, seed_file in SEEDS.items():
        master = folder / f"{schema_name}.xlsx"
        fresh = folder / f".{schema_name}.rebuilt.xlsx"
        report = api.import_tracker(packaged_seed(schema_name), schema_name, fresh)
        report = report.model_copy(update={"source": f"seeds/{seed_file}"})
        if master.exists() and _same_rows(master, fresh):
            fresh.unlink()
        else:
            fresh.replace(master)
        text_path = folder / f"{schema_name}.import-report.txt"
        if not text_path.exists() or text_path.read_text(encoding="utf-8") != report.to_text():
            api.write_report(report, text_path)
        built[schema_name] = (master, report)
    return built


def _same_rows(old: Path, new: Path) -> bool:
    """True when two masters hold the same schema, round and rows."""
    from govsheet.errors import GovsheetError
    from govsheet.schemas import SCHEMA_HASH_KEY
    from govsheet.workbook.open import OpenedWorkbook

    try:
        with OpenedWorkbook.open(old) as before, OpenedWorkbook.open(new) as after:
            # the schema each stores: a master of an older schema version reads as the same rows
            if (before.meta or {}).get(SCHEMA_HASH_KEY) != (after.meta or {}).get(SCHEMA_HASH_KEY):
                return False
            model = after.master_schema()
            return _tracker(before, model) == _tracker(after, model)
    except GovsheetError:
        return False


def _tracker(opened: OpenedWorkbook, schema: Schema) -> Tracker:
    return opened.actions(schema).to_tracker(schema, (opened.meta or {}).get("round") or None)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry: rebuild into the folder given, default ``workbooks``."""
    from govsheet.errors import GovsheetError

    args = sys.argv[1:] if argv is None else argv
    folder = Path(args[0]) if args else Path("workbooks")
    try:
        built = rebuild(folder)
    except GovsheetError as exc:
        sys.stderr.write(f"govsheet: {exc}\n")
        return 2
    for master, report in built.values():
        sys.stdout.write(f"{master}: {plural(report.rows, 'row')}, {plural(len(report.notes), 'import note')}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
