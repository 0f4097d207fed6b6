"""govsheet import."""

from __future__ import annotations

from pathlib import Path

import click

from govsheet import api
from govsheet.model.result import plural


@click.command("import")
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--schema", "schema", required=True, help="A shipped schema name or a schema file (.yaml/.json).")
@click.option(
    "-o",
    "--output",
    "out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The master workbook to write (.xlsx).",
)
@click.option(
    "--report",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the import report here (.txt, or .json for JSON).",
)
@click.option("--force", is_flag=True,
              help="Replace the master OUT if it exists; the old file is kept as NAME.bak.xlsx.")
@click.option("--round", "round_label", help="The round the master starts in, e.g. 2024-Q1.")
@click.option("--sheet", help="For an xlsx source: the sheet to read.")
def import_cmd(
    source: Path, schema: str, out: Path, report: Path | None, round_label: str | None, sheet: str | None,
    force: bool,
) -> None:
    """Build a master tracker OUT from SOURCE (seed extract, CSV or xlsx).

    Every join, repair and guess is listed in the import report so a person can check it.
    """
    result = api.import_tracker(source, schema, out, report=report, round_label=round_label, sheet=sheet,
                                 force=force)
    guesses = sum(1 for n in result.notes if n.kind in {"guess", "repair", "join", "key"})
    click.echo(
        f"{out}: {plural(result.rows, 'row')} imported from {source} ({result.schema_name}); "
        f"{plural(len(result.notes), 'note')}, {guesses} to check" + (f" in {report}" if report else "")
    )
