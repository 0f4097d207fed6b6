"""govsheet render."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from govsheet import api


@click.command("render")
@click.argument("master", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "fmt", required=True, type=click.Choice(["xlsx", "html", "docx"]),
              help="xlsx (print-ready workbook), html (accessible web page) or docx (Word).")
@click.option("-o", "--output", "out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The file to write.")
@click.option("--where", help='Only rows matching, e.g. "status != completed", "overdue", "owner ~ Assurance".')
@click.option("--template", type=click.Path(dir_okay=False, path_type=Path),
              help="docx only: a .docx whose styles, header and footer the paper uses.")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]),
              help="The date in the title and for 'overdue' (YYYY-MM-DD; default today).")
@click.option("--date", "as_of", type=click.DateTime(formats=["%Y-%m-%d"]), hidden=True,
              help="The old name of --today.")
@click.option("--title", help="A title instead of the schema's title and the round.")
@click.option("--force", is_flag=True,
              help="Replace the output file if it exists; the old file is kept as NAME.bak.<ext>.")
@click.option("--schema", help="The schema, when the workbook has no govsheet metadata.")
@click.option("--since", metavar="ROUND",
              help="The round of the last report: group the rows by what changed after it (implies --layout since).")
@click.option("--layout", type=click.Choice(["table", "since"]),
              help="since: sections as committee reports have them (completed since the last report, revised "
                   "targets and extensions requested, overdue, open and on track), since the previous round "
                   "unless --since names one; table (default without --since): one ungrouped table.")
def render(master: Path, fmt: str, out: Path, where: str | None, template: Path | None,
           today: dt.datetime | None, as_of: dt.datetime | None, title: str | None, schema: str | None,
           force: bool, since: str | None, layout: str | None) -> None:
    """Draw MASTER as the committee table: xlsx, HTML or Word, header repeated on every page."""
    as_of = today or as_of
    written = api.render(master, fmt, out, where=where, template=template,
                         today=as_of.date() if as_of else None, title=title, schema=schema, force=force,
                         since=since, layout="since" if layout == "since" else "table" if layout else None)
    click.echo(f"{written.path}: {written.what}")
