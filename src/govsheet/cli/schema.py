"""govsheet schema list | show NAME | json-schema."""

from __future__ import annotations

import json

import click

from govsheet.model.schema import Schema
from govsheet.schemas import builtin_names, load_schema, schema_text


@click.group("schema")
def schema() -> None:
    """List, show or export tracker schemas."""


@schema.command("list")
def list_cmd() -> None:
    """List the schemas that ship with govsheet."""
    for name in builtin_names():
        model = load_schema(name)
        click.echo(f"{name}\t{model.title} ({len(model.fields)} fields, {len(model.statuses)} statuses)")


@schema.command("show")
@click.argument("name")
def show(name: str) -> None:
    """Print schema NAME (a shipped name or a file) as YAML, after checking it."""
    load_schema(name)
    text, _ = schema_text(name)
    click.echo(text, nl=not text.endswith("\n"))


@schema.command("json-schema")
def json_schema() -> None:
    """Print the JSON Schema of schema files, for editors to check them."""
    click.echo(json.dumps(Schema.model_json_schema(by_alias=True), indent=2))
