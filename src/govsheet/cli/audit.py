"""govsheet audit."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from govsheet import api
from govsheet.cli.output import format_option


@click.command("audit")
@click.argument("master", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--verify", is_flag=True, hidden=True, help="Check the hash chain (what audit does anyway).")
@format_option
def audit(master: Path, verify: bool, fmt: str) -> None:  # noqa: ARG001 - --verify is kept for old scripts
    """Check MASTER's Audit sheet and list changes made outside govsheet.

    Exit 0 when the hash chain is intact, 1 naming the first tampered row. Changes made by hand
    (in Excel or LibreOffice) since govsheet last wrote the master are listed; the next merge,
    edit or roll records them on the Audit sheet.
    """
    check = api.verify_audit(master)
    since, outside = api.outside_changes(master)
    if fmt == "json":
        data = {**check.to_dict(), "master": str(master), "outside_since": since,
                "outside": [{"ref": c.key, "field": c.field, "old": c.old, "new": c.new} for c in outside]}
        click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))
    else:
        click.echo(check.to_text())
        if outside:
            click.echo(f"{master}: {len(outside)} change{'s' if len(outside) != 1 else ''} made outside govsheet "
                       f"since {since or 'govsheet last wrote it'}:")
            for change in outside:
                click.echo(f"  {change.describe()}")
    sys.exit(0 if check.ok else 1)
