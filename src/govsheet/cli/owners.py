"""govsheet owners."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from govsheet import api
from govsheet.cli.output import emit, format_option


@click.command("owners")
@click.argument("master", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@format_option
@click.option("--schema", default=None, help="The master's schema name or file, if not a shipped one.")
def owners(master: Path, fmt: str, schema: str | None) -> None:
    """Show MASTER's owners and the owners each officer text maps to; exit 1 when a text maps to none."""
    report = api.owners(master, schema=schema)
    if fmt == "json":
        emit(report, fmt)
    else:
        click.echo(report.to_text(), nl=False)
    sys.exit(1 if report.unmapped else 0)
