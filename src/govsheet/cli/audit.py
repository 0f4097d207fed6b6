"""govsheet audit."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from govsheet import api
from govsheet.cli.output import emit_json, format_option


@click.command("audit")
@click.argument("master", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--verify", is_flag=True, help="Check the hash chain of the Audit sheet (what audit always does).")
@format_option
def audit(master: Path, verify: bool, fmt: str) -> None:  # noqa: ARG001 - --verify is what audit does anyway
    """Check MASTER's Audit sheet: exit 0 when intact, 1 naming the first tampered row."""
    check = api.verify_audit(master)
    if fmt == "json":
        emit_json({"master": str(master), "ok": check.ok, "rows": check.rows, "bad_row": check.bad_row,
                   "message": check.message})
    else:
        click.echo(f"{master}: {check.message}")
    sys.exit(0 if check.ok else 1)
