"""Shared options and printing for the commands: text for people, JSON for machines."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Protocol

import click

format_option = click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text for people, json for machines (on stdout).",
)

out_option = click.option(
    "-o",
    "--output",
    "out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write here instead of changing the file in place.",
)


class Printable(Protocol):
    """What every result offers: JSON for machines, text for people."""

    def to_dict(self) -> dict[str, Any]: ...

    def to_text(self) -> str: ...


def to_json(result: Printable) -> str:
    """The JSON ``--format json`` prints for a result."""
    return json.dumps(result.to_dict(), ensure_ascii=False, indent=2, default=str)


def emit(result: Printable, fmt: str) -> None:
    """Print a result on stdout: its text for people, or (``fmt == "json"``) one JSON object."""
    click.echo(to_json(result) if fmt == "json" else result.to_text())
