"""govsheet status."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import click

from govsheet import api


@click.command("status")
@click.argument("master", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("returns_dir", required=False, type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json", "xlsx", "html"]), default="text",
              show_default=True, help="text or json on stdout; xlsx or html as a one-page table written to -o.")
@click.option("-o", "--output", "out", type=click.Path(dir_okay=False, path_type=Path),
              help="The file to write, for --format xlsx or html.")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]),
              help="The date 'late' is judged against (YYYY-MM-DD; default today).")
@click.option("--mail", "mail_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Write a reminder e-mail draft (.eml) into this folder for each owner late or outstanding.")
@click.option("--from", "sender", help="The reminders' From address (default: left to the mail client).")
@click.option("--template", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A text file replacing the reminders' body; placeholders such as $owner, $due, $when.")
@click.option("--force", is_flag=True, help="Replace the output file or drafts; the old ones are kept as NAME.bak.*.")
def status(master: Path, returns_dir: Path | None, fmt: str, out: Path | None, today: dt.datetime | None,
           mail_dir: Path | None, sender: str | None, template: Path | None, force: bool) -> None:
    """Show MASTER's round per owner: issued, returned (a workbook in RETURNS_DIR carrying the return id),
    merged, outstanding, late, changes applied, and what waits for a decision; exit 1 when a return is late
    or a decision is waiting."""
    if fmt in {"xlsx", "html"} and out is None:
        raise click.UsageError(f"--format {fmt} needs -o FILE")
    if out is not None and fmt not in {"xlsx", "html"}:
        raise click.UsageError("-o applies only to --format xlsx or html")
    if mail_dir is None and (sender is not None or template is not None):
        raise click.UsageError("--from and --template apply only with --mail")
    report = api.status(master, returns_dir, today=today.date() if today else None)
    written = api.write_status(report, out, fmt=fmt, force=force) if out is not None else None
    reminders = api.remind(report, mail_dir, sender=sender, template=template, force=force) if mail_dir else None
    if fmt == "json":
        data = report.to_dict()
        if reminders is not None:
            data["reminders"] = reminders.to_dict()
        click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))
    elif written is not None:
        click.echo(f"{written.path}: {written.what}")
    else:
        click.echo(report.to_text())
    if reminders is not None and fmt != "json":
        click.echo(reminders.to_text())
    sys.exit(0 if report.ok else 1)

