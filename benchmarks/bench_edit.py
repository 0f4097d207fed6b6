"""How fast the lossless engine edits and appends, as ratios to a python-calamine read of the same file.

Builds a 50,000-row ags-action-plan master (XlsxWriter, through govsheet's own master writer,
with long action and progress texts), then times, each on a fresh copy:

1. reading the Actions sheet with python-calamine (the yardstick);
2. ``govsheet edit`` of 1,000 cells spread through the sheet (status, progress, target date,
   number), run in-process through the same library call the command makes;
3. appending 1,000 rows styled like the last row (``Sheet.append_rows``);
4. an openpyxl load-and-save (one run: it is slow).

Target: edit and append each at most 3x the calamine read. Run:
``python benchmarks/bench_edit.py [--rows 50000] [--cells 1000] [--repeat 3]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import tempfile
from pathlib import Path

from timing import best, calamine_read, openpyxl_load_save

from govsheet import api
from govsheet.importer.master import write_master
from govsheet.model.tracker import Action, Tracker
from govsheet.schemas import load_schema
from govsheet.xlsx import Book
from govsheet.xlsx.cells import CellValue

SCHEMA = load_schema("ags-action-plan")
STATUSES = ("Yet to start", "In progress", "Completed")
FILLER = ("The service will review its arrangements with the monitoring officer and report the outcome, "
          "with a revised timetable, risks and the resources needed, to the audit and governance committee. ")


def make_master(path: Path, rows: int) -> None:
    actions = []
    for i in range(1, rows + 1):
        month = dt.date(2021 + i % 3, 1 + i % 12, 1)
        actions.append(Action(values={
            "ref": str(i), "parent": None,
            "action": f"Action {i}: {FILLER}{FILLER[: i % 120]}",
            "officer": f"Group Manager {i % 40}", "target": f"{month:%B %Y}", "target_date": None,
            "status": STATUSES[i % len(STATUSES)],
            "progress": f"Update {i}: {FILLER}Next report due {month:%B %Y}.",
        }))
    write_master(Tracker(schema_name=SCHEMA.name, round="R1", actions=actions), SCHEMA, path)


def spread_assignments(header: dict[str, str], last: int, cells: int) -> list[str]:
    """``Actions!X9=value`` texts for ``cells`` cells spread evenly through the sheet, of four kinds."""
    status, progress = header["Progress status"], header["Progress update"]
    target = header.get("Target (as date)", status)
    step = max(1, (last - 1) // cells)
    values = ("{status}{row}=In progress", "{progress}{row}=Officer's update {n}: =risk noted",
              "{target}{row}=2025-03-31", "{progress}{row}={n}")
    out = []
    for n, row in enumerate(range(2, last + 1, step)):
        if len(out) >= cells:
            break
        out.append("Actions!" + values[n % 4].format(status=status, progress=progress, target=target, row=row, n=n))
    return out


def fresh(master: Path, folder: Path, name: str) -> Path:
    dst = folder / name
    shutil.copyfile(master, dst)
    return dst


def timings(master: Path, folder: Path, assignments: list[str], new_rows: list[list[CellValue]],
            repeat: int) -> dict[str, float]:
    """Best-of-``repeat`` seconds for each operation, each on a fresh copy of the master."""
    import subprocess
    import sys


    def read() -> None:
        calamine_read(master)

    def edit() -> None:
        api.edit(fresh(master, folder, "edit.xlsx"), assignments)

    def edit_command() -> None:
        argv = [sys.executable, "-c", "from govsheet.cli import main; main()", "edit",
                str(fresh(master, folder, "cli.xlsx"))]
        for item in assignments:
            argv += ["--set", item]
        subprocess.run(argv, check=True, capture_output=True)

    def append() -> None:
        with Book.open(fresh(master, folder, "append.xlsx")) as book:
            book.sheet("Actions").append_rows(new_rows)
            book.save()

    def openpyxl_round_trip() -> None:
        openpyxl_load_save(master, folder / "openpyxl.xlsx")

    return {"read": best(read, repeat), "edit": best(edit, repeat), "command": best(edit_command, 1),
            "append": best(append, repeat), "openpyxl": best(openpyxl_round_trip, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--cells", type=int, default=1_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        master = folder / "master.xlsx"
        make_master(master, args.rows)
        with Book.open(master) as book:
            sheet = book.sheet("Actions")
            last = sheet.max_row
            header = {str(sheet.cell(f"{col}1").value): col for col in "ABCDEFGHIJ"}
        print(f"master: {args.rows} rows, {master.stat().st_size / 1e6:.1f} MB")
        assignments = spread_assignments(header, last, args.cells)
        new_rows: list[list[CellValue]] = [
            [f"N{i}", None, f"New action {i}: {FILLER}", "Group Manager 1", "March 2026", None, "Yet to start", ""]
            for i in range(args.cells)]
        t = timings(master, folder, assignments, new_rows, args.repeat)
    lines = [("calamine read", "read", ""), (f"edit {len(assignments)} cells", "edit", "  (target <= 3x)"),
             ("  as a command", "command", "  (a new process: Python start-up and imports included)"),
             (f"append {len(new_rows)} rows", "append", "  (target <= 3x)"),
             ("openpyxl load+save", "openpyxl", "")]
    for label, key, note in lines:
        print(f"{label:<20} {t[key]:7.2f} s  {t[key] / t['read']:4.1f}x{note}")


if __name__ == "__main__":
    main()
