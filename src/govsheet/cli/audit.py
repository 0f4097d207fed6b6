"""govsheet audit."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from govsheet import api
from govsheet.cli.output import emit, format_option


@click.command("audit")
@click.argument("master", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--verify", is_flag=True, hidden=True, help="Check the hash chain (what audit does anyway).")
@format_option
def audit(master: Path, verify: bool, fmt: str) -> None:  # noqa: ARG001 - --verify is kept for old scripts
    """Verify MASTER's Audit sheet: exit 0 when its hash chain is intact, 1 naming the first tampered row."""
    check = api.verify_audit(master)
    emit(check, fmt)
    sys.exit(0 if check.ok else 1)
