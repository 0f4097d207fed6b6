"""Round-trip helper for the fidelity tool: `govsheet edit` a cell below the used range, then clear it.

Usage: python edit_twice.py SRC DST   (runs the real command line twice, in this one process)
"""

from __future__ import annotations

import sys
from pathlib import Path

from govsheet.cli import main
from govsheet.xlsx import Book

PROBE = "govsheet fidelity probe"


def probe_cell(src: Path) -> tuple[str, str]:
    """The first worksheet and the cell two rows below its used range."""
    with Book.open(src) as book:
        sheet = book.sheet(book.sheet_names[0])
        return sheet.name, f"A{sheet.max_row + 2}"


def run(argv: list[str]) -> int:
    try:
        main(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    return 0


def edit_twice(src: Path, dst: Path) -> int:
    sheet, ref = probe_cell(src)
    code = run(["edit", str(src), "--set", f"{sheet}!{ref}:={PROBE}", "--force", "-o", str(dst)])
    return code or run(["edit", str(dst), "--set", f"{sheet}!{ref}=", "--force"])


if __name__ == "__main__":
    sys.exit(edit_twice(Path(sys.argv[1]), Path(sys.argv[2])))
