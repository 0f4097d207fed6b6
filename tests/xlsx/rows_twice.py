"""Insert then delete rows 2-4 of a workbook's first sheet: ``python rows_twice.py SRC DST``.

A workbook whose rows cannot move (a pivot table, an array formula across the rows) is copied
unchanged and the refusal printed, so the fidelity tool still compares it.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from govsheet.errors import UsageError
from govsheet.xlsx import Book


def main(src: Path, dst: Path) -> None:
    with tempfile.TemporaryDirectory() as folder:
        middle = Path(folder) / src.name
        try:
            with Book.open(src) as book:
                if not book.sheet_names:
                    shutil.copyfile(src, dst)
                    return
                book.sheet(book.sheet_names[0]).insert_rows(2, 4)
                book.save(middle)
            with Book.open(middle) as book:
                book.sheet(book.sheet_names[0]).delete_rows(2, 4)
                book.save(dst)
        except UsageError as exc:
            print(f"refused: {exc}")  # noqa: T201 - a helper script run by the fidelity tool
            shutil.copyfile(src, dst)


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
