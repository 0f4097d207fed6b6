"""govsheet edit."""

from __future__ import annotations

from pathlib import Path

import click

from govsheet import api
from govsheet.cli.output import emit, format_option, out_option

_STEPS = {"--set": "set", "--formula": "formula", "--delete-rows": "delete-rows", "--insert-rows": "insert-rows",
          "--move-rows": "move-rows"}


class _OrderedEdit(click.Command):
    """Keeps the order in which --set, --formula and the row options were given."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        order: list[str] = []
        expect_value = False
        for arg in args:
            if expect_value:
                expect_value = False
                continue
            if arg == "--":
                break
            name = arg.split("=", 1)[0]
            if name in _STEPS:
                order.append(_STEPS[name])
                expect_value = "=" not in arg
        ctx.meta["govsheet.edit.order"] = order
        return super().parse_args(ctx, args)


@click.command("edit", cls=_OrderedEdit)
@click.argument("workbook", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--set", "assignments", multiple=True, metavar="SHEET!CELL=VALUE",
              help="Set a cell. Numbers, true/false and ISO dates (2024-03-31) are typed; an empty value "
                   "clears the cell; SHEET!CELL:=VALUE keeps VALUE as text. Repeatable.")
@click.option("--formula", "formulas", multiple=True, metavar="SHEET!CELL=FORMULA",
              help="Put a formula in a cell, e.g. 'Sheet1!C1=SUM(A1:B1)'. Repeatable.")
@click.option("--delete-rows", "delete_rows", multiple=True, metavar="SHEET!FIRST:LAST",
              help="Delete whole rows as Excel does, e.g. 'Actions!5:7'; formulas, merged cells, formats, "
                   "comments and images move with the rows below. Repeatable.")
@click.option("--insert-rows", "insert_rows", multiple=True, metavar="SHEET!FIRST:LAST",
              help="Insert blank rows so rows FIRST..LAST are new (the old row FIRST moves below them). "
                   "Repeatable; all edits apply in the order given.")
@click.option("--move-rows", "move_rows", multiple=True, metavar="SHEET!FIRST:LAST>TO",
              help="Cut rows and insert them before row TO, as Excel's Insert Cut Cells, e.g. 'Actions!5:7>12' "
                   "(they become rows 9-11); formulas follow the cells they point at. Repeatable.")
@click.option("--force", is_flag=True,
              help="Also edit locked cells of protected sheets, cells of pivot tables, and a file Excel or "
                   "LibreOffice has open.")
@click.option("--reason", help="On a master: why the cells or rows are changed, recorded on its Audit sheet.")
@click.option("--by", help="On a master: who is changing them (default: your user name), for the Audit sheet.")
@out_option
@format_option
def edit(workbook: Path, assignments: tuple[str, ...], formulas: tuple[str, ...],
         delete_rows: tuple[str, ...], insert_rows: tuple[str, ...], move_rows: tuple[str, ...], force: bool,
         reason: str | None, by: str | None, out: Path | None, fmt: str) -> None:
    """Set cells of WORKBOOK, changing nothing else in the file.

    Only the edited cells' XML is rewritten; every other part of the workbook (styles, charts,
    comments, macros, ...) is kept byte for byte. The file is replaced atomically unless -o is given.
    On a govsheet master each cell changed, action deleted and row inserted on the Actions sheet
    gets a row on the Audit sheet; rows of the Audit and hidden sheets, and the header, stay.
    """
    values = {"set": list(assignments), "formula": list(formulas), "delete-rows": list(delete_rows),
              "insert-rows": list(insert_rows), "move-rows": list(move_rows)}
    order = click.get_current_context().meta.get("govsheet.edit.order", [])
    steps = [(kind, values[kind].pop(0)) for kind in order if values[kind]]
    steps += [(kind, text) for kind, texts in values.items() for text in texts]
    report = api.edit(workbook, (), steps=steps, out=out, force=force, reason=reason, by=by)
    emit(report, fmt)
