"""govsheet resolve."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from govsheet import api
from govsheet.cli.output import emit, format_option


@click.command("resolve")
@click.argument("master", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("decisions", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Show what would be applied; write nothing.")
@format_option
def resolve(master: Path, decisions: Path, dry_run: bool, fmt: str) -> None:
    """Apply the decisions made in DECISIONS (written by merge --decisions) to MASTER, each one audited."""
    report = api.resolve(master, decisions, dry_run=dry_run)
    emit(report, fmt)
    sys.exit(0 if report.ok else 1)
