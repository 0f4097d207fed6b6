"""govsheet status."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from govsheet import api
from govsheet.cli.output import emit


@click.command("status")
@click.argument("master", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("returns_dir", required=False, type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text for people, json for machines (on stdout).")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]),
              help="The date 'late' is judged against (YYYY-MM-DD; default today).")
def status(master: Path, returns_dir: Path | None, fmt: str, today: dt.datetime | None) -> None:
    """Show MASTER's round per owner: issued, returned (in RETURNS_DIR), merged, outstanding, late, and what
    waits for a decision; exit 1 when a return is late or a decision is waiting."""
    report = api.status(master, returns_dir, today=today.date() if today else None)
    emit(report, fmt)
    sys.exit(0 if report.ok else 1)
