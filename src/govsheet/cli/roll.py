"""govsheet roll."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from govsheet import api
from govsheet.cli.output import emit, format_option


@click.command("roll")
@click.argument("master", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--round", "round_label", required=True, help="The new round's label, e.g. 2021/22 Q1.")
@click.option("-o", "--output", "out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The new master to write (the old one is left as it is).")
@click.option("--clear-updates", is_flag=True,
              help="Blank last round's progress updates instead of marking them '[<round> update]'.")
@click.option("--force", is_flag=True,
              help="Replace the new master if it exists; the old file is kept as NAME.bak.xlsx.")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]),
              help="The date recorded on archived rows (YYYY-MM-DD); default: today.")
@format_option
def roll(master: Path, round_label: str, out: Path, clear_updates: bool, force: bool, today: dt.datetime | None,
         fmt: str) -> None:
    """Start the next round from MASTER: carry open actions forward, archive completed ones."""
    report = api.roll(master, round_label, out, clear_updates=clear_updates, force=force,
                      today=today.date() if today else None)
    emit(report, fmt)
