"""govsheet diff."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from govsheet import api
from govsheet.cli.output import emit, to_json
from govsheet.errors import UsageError, WorkbookError
from govsheet.files import guard_replace


@click.command("diff")
@click.argument("old", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("new", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json", "xlsx"]), default="text", show_default=True,
              help="text for people, json for machines, xlsx for a marked-up table (needs -o).")
@click.option("-o", "--output", "out", type=click.Path(dir_okay=False, path_type=Path),
              help="Write here instead of stdout (required for xlsx).")
@click.option("--schema", help="The schema, when neither workbook has govsheet metadata.")
@click.option("--force", is_flag=True,
              help="Replace the -o file if it exists; the old file is kept as NAME.bak.<ext>.")
@click.option("--exit-code", is_flag=True, help="Exit 1 when the two differ (as `git diff --exit-code`).")
def diff(old: Path, new: Path, fmt: str, out: Path | None, schema: str | None, exit_code: bool,
         force: bool) -> None:
    """Compare OLD and NEW row by row, keyed by reference: changed cells, added, removed rows."""
    if fmt == "xlsx" and out is None:
        raise UsageError(None, "--format xlsx writes a workbook; give it a file with -o OUT.xlsx")
    report = api.diff(old, new, schema=schema)
    if fmt == "xlsx":
        assert out is not None  # noqa: S101 - checked above
        written = api.write_diff(report, out, force=force)
        click.echo(f"{written.path}: {written.what}; {report.to_text().splitlines()[-1]}")
    elif out is None:
        emit(report, fmt)
    else:
        text = to_json(report) if fmt == "json" else report.to_text()
        guard_replace(out, force=force)
        try:
            out.write_text(text + "\n", encoding="utf-8")
        except OSError as exc:
            raise WorkbookError(out, f"cannot write the diff ({exc.strerror}); check the folder") from None
    sys.exit(1 if exit_code and not report.same else 0)
