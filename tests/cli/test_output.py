"""The commands' shared printing: text for people, one JSON object for machines, and the shared options."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner

from govsheet.cli.output import emit, format_option, out_option, to_json


class Result:
    """A result as the commands print it: what --format json prints, and the text."""

    def to_dict(self) -> dict[str, Any]:
        return {"owner": "Group Manager – Assurance", "due": dt.date(2021, 1, 29), "rows": 2}

    def to_text(self) -> str:
        return "Group Manager – Assurance: 2 rows, due 29 January 2021"


def test_json_keeps_non_ascii_and_writes_dates_as_text() -> None:
    assert to_json(Result()) == ('{\n  "owner": "Group Manager – Assurance",\n  "due": "2021-01-29",\n'
                                 '  "rows": 2\n}')


@pytest.mark.parametrize(("fmt", "printed"), [
    ("text", "Group Manager – Assurance: 2 rows, due 29 January 2021\n"),
    ("json", '{\n  "owner": "Group Manager – Assurance",\n  "due": "2021-01-29",\n  "rows": 2\n}\n'),
])
def test_emit_prints_the_text_or_the_json(fmt: str, printed: str, capsys: pytest.CaptureFixture[str]) -> None:
    emit(Result(), fmt)
    assert capsys.readouterr() == (printed, "")


@click.command()
@format_option
@out_option
def show(fmt: str, out: Path | None) -> None:
    click.echo(json.dumps({"fmt": fmt, "out": None if out is None else out.name}))


def test_format_defaults_to_text_and_takes_only_text_or_json() -> None:
    runner = CliRunner()
    assert json.loads(runner.invoke(show, []).output) == {"fmt": "text", "out": None}
    assert json.loads(runner.invoke(show, ["--format", "json", "-o", "x.xlsx"]).output) == {"fmt": "json",
                                                                                           "out": "x.xlsx"}
    refused = runner.invoke(show, ["--format", "xml"])
    assert refused.exit_code == 2
    assert "'xml' is not one of 'text', 'json'" in refused.output


def test_output_must_be_a_file_not_a_folder(tmp_path: Path) -> None:
    refused = CliRunner().invoke(show, ["--output", str(tmp_path)])
    assert refused.exit_code == 2
    assert "is a directory" in refused.output
