"""The demo: govsheet's round cycle on the two seed trackers that ship with it."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from govsheet import api
from govsheet.errors import WorkbookError

SEEDS = {
    "ags-action-plan": "ags-action-plan.txt",
    "governance-review": "governance-review.txt",
}


def seed_path(schema_name: str) -> Path:
    """The packaged copy of a seed tracker extract."""
    return Path(str(resources.files("govsheet").joinpath("seeds", SEEDS[schema_name])))


def run(out: Path) -> list[str]:
    """Run the demo into folder ``out``; return the lines that say what happened and where."""
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WorkbookError(out, f"cannot create the demo folder ({exc.strerror})") from None
    lines = [f"govsheet demo: writing into {out}/"]
    for schema_name in SEEDS:
        master = out / f"{schema_name}-master.xlsx"
        report = out / f"{schema_name}-import-report.txt"
        result = api.import_tracker(seed_path(schema_name), schema_name, master, report=report)
        lines.append(f"  imported {result.rows} rows from the {schema_name} seed -> {master}")
        lines.append(f"  import report ({len(result.notes)} decisions to check) -> {report}")
    return lines
