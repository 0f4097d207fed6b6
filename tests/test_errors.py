"""The error tree: every failure to run is a GovsheetError naming its file, and the command line makes each
one line on stderr with exit code 2 (``--debug`` shows the traceback instead)."""

from __future__ import annotations

import click
import pytest

from govsheet import cli
from govsheet.errors import (
    GovsheetError,
    LockError,
    ReturnError,
    SchemaError,
    SourceError,
    UsageError,
    WorkbookError,
)
from tests.cli.helpers import invoke

KINDS = [WorkbookError, SourceError, SchemaError, ReturnError, LockError, UsageError]


@pytest.mark.parametrize("kind", KINDS)
def test_each_error_is_a_govsheet_error_with_its_path_first(kind: type[GovsheetError]) -> None:
    error = kind("returns/ceo.xlsx", "has no Actions sheet")
    assert isinstance(error, GovsheetError)
    assert (error.path, error.message, str(error)) == ("returns/ceo.xlsx", "has no Actions sheet",
                                                       "returns/ceo.xlsx: has no Actions sheet")


def test_an_error_without_a_path_is_its_message_alone() -> None:
    error = UsageError(None, "--round needs a label")
    assert (error.path, str(error)) == (None, "--round needs a label")


@click.command("boom")
@click.argument("kind")
def boom(kind: str) -> None:
    raise {k.__name__: k for k in KINDS}[kind]("master.xlsx", "cannot be read")


@pytest.fixture
def with_boom(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(cli.COMMANDS, "boom", ("tests.test_errors", "boom", "Raise the error named."))


@pytest.mark.usefixtures("with_boom")
@pytest.mark.parametrize("kind", KINDS)
def test_the_command_line_makes_each_one_line_and_exit_2(kind: type[GovsheetError],
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    assert invoke(["boom", kind.__name__], capsys) == (2, "", "govsheet: master.xlsx: cannot be read\n")


@pytest.mark.usefixtures("with_boom")
def test_debug_lets_the_error_through() -> None:
    with pytest.raises(LockError, match=r"^master\.xlsx: cannot be read$"):
        cli.main(["--debug", "boom", "LockError"])
