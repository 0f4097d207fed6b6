"""govsheet issue."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from govsheet import api
from govsheet.cli.output import emit, format_option


@click.command("issue")
@click.argument("master", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--output", "out", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="The folder to write the returns into (created if missing).")
@click.option("--owner", "owners", multiple=True, help="Only this owner's return (repeatable); default every owner.")
@click.option("--round", "round_label", default=None, help="The round label (default: the master's round).")
@click.option("--due", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="When the returns are due, as YYYY-MM-DD; shown on the Instructions sheet.")
@click.option("--contact", default="the governance team", show_default=True,
              help="Whom officers ask and send their return to.")
@click.option("--mail", is_flag=True,
              help="Also write an e-mail draft (.eml) beside each return, To from the Owners sheet; nothing is sent.")
@click.option("--from", "sender", help="With --mail: the drafts' From address (default: left to the mail client).")
@click.option("--template", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="With --mail: a text file replacing the drafts' body; placeholders such as $owner, $due.")
@click.option("--force", is_flag=True,
              help="Replace returns already in the folder; each old one is kept as NAME.bak.xlsx.")
@click.option("--schema", default=None, help="The master's schema name or file, if not a shipped one.")
@format_option
def issue(master: Path, out: Path, owners: tuple[str, ...], round_label: str | None, due: dt.datetime | None,
          contact: str, mail: bool, sender: str | None, template: Path | None, schema: str | None, force: bool,
          fmt: str) -> None:
    """Write one return workbook per owner of MASTER's rows, and record them in MASTER; exit 1 when some
    rows go in no return (an officer text that maps to no owner)."""
    result = api.issue(master, out, owners=owners, round_label=round_label, due=due.date() if due else None,
                       contact=contact, schema=schema, force=force, mail=mail, sender=sender, template=template)
    for name in result.unknown_owners:
        click.echo(f"govsheet: {master}: no row belongs to {name!r}; no return written for it", err=True)
    emit(result, fmt)
    sys.exit(1 if result.unmapped or result.refused else 0)
