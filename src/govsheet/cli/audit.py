"""govsheet audit."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from govsheet import api


@click.command("audit")
@click.argument("master", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--verify", is_flag=True, required=True, help="Check the hash chain of the Audit sheet.")
def audit(master: Path, verify: bool) -> None:  # noqa: ARG001 - --verify is the only action so far
    """Check MASTER's Audit sheet: exit 0 when intact, 1 naming the first tampered row."""
    check = api.verify_audit(master)
    click.echo(f"{master}: {check.message}")
    sys.exit(0 if check.ok else 1)
