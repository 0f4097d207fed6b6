"""govsheet demo."""

from __future__ import annotations

from pathlib import Path

import click

from govsheet import demo as demo_lib


@click.command("demo")
@click.option("-o", "--output", "out", type=click.Path(file_okay=False, path_type=Path), default=Path("govsheet-demo"),
              show_default=True, help="The folder to write the demo files into.")
def demo(out: Path) -> None:
    """Run govsheet on the two seed trackers and say where each file went."""
    for line in demo_lib.run(out):
        click.echo(line)
