"""govsheet merge."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from govsheet import api
from govsheet.cli.output import emit, format_option, out_option

PROGRESS_FROM = 2  # a bar for a single return only flickers


@click.command("merge")
@click.argument("master", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("returns", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@out_option
@click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
@click.option("--accept-stale", is_flag=True, help="Merge returns from another round or master too.")
@click.option("--schema", default=None, help="The master's schema name or file, if not a shipped one.")
@click.option("--decisions", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write every conflict, rejected edit and extension request into this workbook for the team "
                   "to decide.")
@format_option
def merge(master: Path, returns: tuple[Path, ...], out: Path | None, dry_run: bool, accept_stale: bool,
          schema: str | None, decisions: Path | None, fmt: str) -> None:
    """Merge returned workbooks into MASTER (three-way, every change logged on the Audit sheet)."""
    show_bar = fmt == "text" and len(returns) >= PROGRESS_FROM and sys.stderr.isatty()
    if show_bar:
        with click.progressbar(length=len(returns), label="Merging returns", file=sys.stderr) as bar:
            report = api.merge(master, returns, out=out, dry_run=dry_run, accept_stale=accept_stale,
                               progress=lambda done: bar.update(done - bar.pos), schema=schema,
                               decisions=decisions)
    else:
        report = api.merge(master, returns, out=out, dry_run=dry_run, accept_stale=accept_stale, schema=schema,
                           decisions=decisions)
    emit(report, fmt)
    if decisions is not None and fmt != "json":
        asked = report.count("conflict") + report.count("rejected") + report.count("requested")
        click.echo(f"{asked} question{'s' if asked != 1 else ''} for the team written to {decisions} (with any "
                   "left open by earlier merges); "
                   f"fill in the Decision column, then run: govsheet resolve {master} {decisions}")
    sys.exit(report.exit_code)
