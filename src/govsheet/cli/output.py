"""Shared options and printing for the commands: text for people, JSON for machines."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click
from pydantic import BaseModel

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


def emit_json(data: BaseModel | dict[str, Any]) -> None:
    """Print one JSON object on stdout."""
    payload = data.model_dump(mode="json", by_alias=True) if isinstance(data, BaseModel) else data
    click.echo(json.dumps(payload, ensure_ascii=False, indent=2, default=str))
