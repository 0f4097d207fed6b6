"""govsheet edit."""

from __future__ import annotations

from pathlib import Path

import click

from govsheet import api
from govsheet.cli.output import emit_json, format_option, out_option


@click.command("edit")
@click.argument("workbook", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--set", "assignments", multiple=True, metavar="SHEET!CELL=VALUE",
              help="Set a cell. Numbers, true/false and ISO dates (2024-03-31) are typed; an empty value "
                   "clears the cell; SHEET!CELL:=VALUE keeps VALUE as text. Repeatable.")
@click.option("--formula", "formulas", multiple=True, metavar="SHEET!CELL=FORMULA",
              help="Put a formula in a cell, e.g. 'Sheet1!C1=SUM(A1:B1)'. Repeatable.")
@click.option("--force", is_flag=True,
              help="Also edit locked cells of protected sheets, cells of pivot tables, and a file Excel or "
                   "LibreOffice has open.")
@click.option("--reason", help="On a master: why the cells are changed, recorded on its Audit sheet.")
@click.option("--by", help="On a master: who is changing them (default: your user name), for the Audit sheet.")
@out_option
@format_option
def edit(workbook: Path, assignments: tuple[str, ...], formulas: tuple[str, ...], force: bool,
         reason: str | None, by: str | None, out: Path | None, fmt: str) -> None:
    """Set cells of WORKBOOK, changing nothing else in the file.

    Only the edited cells' XML is rewritten; every other part of the workbook (styles, charts,
    comments, macros, ...) is kept byte for byte. The file is replaced atomically unless -o is given.
    On a govsheet master each cell changed on the Actions sheet gets a row on the Audit sheet.
    """
    report = api.edit(workbook, assignments, formulas=formulas, out=out, force=force, reason=reason, by=by)
    if fmt == "json":
        emit_json(report)
        return
    for change in report.changes:
        old = "(empty)" if change.old is None else f'"{change.old}"'
        new = "(empty)" if change.new is None else f'"{change.new}"'
        click.echo(f"{change.sheet}!{change.ref}: {old} -> {new}")
    click.echo(f"wrote {report.written}")
