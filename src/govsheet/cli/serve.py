"""govsheet serve."""

from __future__ import annotations

import importlib.util
import threading
import webbrowser
from pathlib import Path

import click

from govsheet.errors import UsageError

NEEDS = ("starlette", "uvicorn", "jinja2", "python_multipart")


@click.command("serve")
@click.argument("folder", default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option("--port", default=8765, show_default=True, type=click.IntRange(1, 65535),
              help="The port on 127.0.0.1 to answer at.")
@click.option("--open", "open_browser", is_flag=True, help="Open the page in the browser.")
def serve(folder: Path, port: int, open_browser: bool) -> None:
    """Run the local web page over round FOLDER (its master, returns/ and outputs/), on 127.0.0.1 only."""
    missing = [name for name in NEEDS if importlib.util.find_spec(name) is None]
    if missing:
        raise UsageError(None, f"govsheet serve needs the serve extra ({', '.join(missing)} missing); "
                               "install it with: pip install 'govsheet[serve]'")
    import uvicorn

    from govsheet.serve.app import create_app

    app = create_app(folder, port=port)
    address = f"http://127.0.0.1:{port}/"
    click.echo(f"govsheet serve: {Path(folder).resolve()} at {address} (Ctrl+C stops it)")
    if open_browser:
        threading.Timer(1.0, webbrowser.open, args=(address,)).start()
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")
