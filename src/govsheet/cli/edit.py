"""govsheet edit."""

from __future__ import annotations

from pathlib import Path

import click

from govsheet import api
from govsheet.cli.output import emit, format_option, out_option


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
@out_option
@format_option
def edit(workbook: Path, assignments: tuple[str, ...], formulas: tuple[str, ...], force: bool,
         out: Path | None, fmt: str) -> None:
    """Set cells of WORKBOOK, changing nothing else in the file.

    Only the edited cells' XML is rewritten; every other part of the workbook (styles, charts,
    comments, macros, ...) is kept byte for byte. The file is replaced atomically unless -o is given.
    """
    report = api.edit(workbook, assignments, formulas=formulas, out=out, force=force)
    emit(report, fmt)
