"""govsheet validate."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from govsheet import api
from govsheet.cli.output import emit, format_option


@click.command("validate")
@click.argument("workbook", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--schema", "schema", help="A shipped schema name or a schema file; default: the one the workbook names.")
@format_option
@click.option("--annotate", type=click.Path(dir_okay=False, path_type=Path),
              help="Write a copy with every problem cell highlighted and a Problems sheet.")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]),
              help="Judge overdue actions as of this day (YYYY-MM-DD); default: today.")
def validate(workbook: Path, schema: str | None, fmt: str, annotate: Path | None, today: dt.datetime | None) -> None:
    """Check WORKBOOK (a tracker or a return) against its schema.

    Every problem names its cell, a rule code and what to do. Exit code 0: valid
    (warnings allowed); 1: errors found; 2: the workbook could not be checked.
    """
    report = api.validate(workbook, schema, today=today.date() if today else None, annotate=annotate)
    emit(report, fmt)
    if fmt != "json" and annotate is not None:
        click.echo(f"annotated copy: {annotate}")
    sys.exit(0 if report.valid else 1)
