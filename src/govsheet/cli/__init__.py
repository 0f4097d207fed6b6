"""The ``govsheet`` command line: a click group whose commands load only when run.

Each command lives in its own module and is imported on first use, so
``govsheet --help`` does not pay for openpyxl or XlsxWriter. A
:class:`~govsheet.errors.GovsheetError` becomes one line on stderr and exit
code 2; ``--debug`` shows the traceback instead.
"""

from __future__ import annotations

import importlib
import sys

import click

from govsheet.errors import GovsheetError

# command name -> (module, attribute, one-line help shown by `govsheet --help`)
COMMANDS: dict[str, tuple[str, str, str]] = {
    "import": ("govsheet.cli.import_", "import_cmd", "Build a master tracker from a seed extract, CSV or xlsx."),
    "schema": ("govsheet.cli.schema", "schema", "List, show or export tracker schemas."),
    "validate": ("govsheet.cli.validate", "validate", "Check a tracker or return against its schema, cell by cell."),
    "demo": ("govsheet.cli.demo", "demo", "Run govsheet on the seed trackers and say where each file went."),
    "edit": ("govsheet.cli.edit", "edit", "Set cells of any workbook in place, keeping everything else as it was."),
    "issue": ("govsheet.cli.issue", "issue", "Write one return workbook per owner for officers to fill in."),
    "owners": ("govsheet.cli.owners", "owners", "Show the owners directory and the owners each officer text maps to."),
    "merge": ("govsheet.cli.merge", "merge", "Merge returned workbooks into the master, logging every change."),
    "resolve": ("govsheet.cli.resolve", "resolve", "Apply the team's decisions on conflicts and rejected edits."),
    "audit": ("govsheet.cli.audit", "audit", "Verify the hash chain of a master's Audit sheet."),
    "render": ("govsheet.cli.render", "render", "Draw the committee table of a master as xlsx, HTML or Word."),
    "diff": ("govsheet.cli.diff", "diff", "Compare two versions of a tracker row by row, keyed by reference."),
    "roll": ("govsheet.cli.roll", "roll", "Start the next round: carry open actions, archive completed ones."),
    "serve": ("govsheet.cli.serve", "serve", "Run the local web page for a round folder (127.0.0.1 only)."),
    "status": ("govsheet.cli.status", "status", "Show the round per owner: issued, returned, merged, late, waiting."),
}


class LazyGroup(click.Group):
    """A group that imports a command's module only when that command runs."""

    def list_commands(self, _ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, _ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        module, attr, _ = COMMANDS[cmd_name]
        command = getattr(importlib.import_module(module), attr)
        assert isinstance(command, click.Command)  # noqa: S101 - a wiring mistake, caught by the tests
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, COMMANDS[name][2]) for name in self.list_commands(ctx)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show the full traceback when a command fails.")
@click.version_option(package_name="govsheet")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Validate, merge and regenerate a council's governance action tracker."""
    ctx.obj = {"debug": debug}


def main(argv: list[str] | None = None) -> None:
    """Run the command line, turning govsheet's errors into one line and exit code 2."""
    debug = "--debug" in (argv if argv is not None else sys.argv[1:])
    try:
        code = cli.main(args=argv, prog_name="govsheet", standalone_mode=False)
    except GovsheetError as exc:
        if debug:
            raise
        click.echo(f"govsheet: {exc}", err=True)
        sys.exit(2)
    except click.exceptions.Abort:
        click.echo("govsheet: aborted", err=True)
        sys.exit(2)
    except click.ClickException as exc:
        exc.show()
        sys.exit(2)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    if isinstance(code, int):
        sys.exit(code)
