"""How fast validation is, as ratios measured side by side in one run.

1. Validating a 50,000-row tracker against reading it with python-calamine (target: at most 1.5x).
2. The same tracker with a finding on every row (its references checked against the shipped
   schema's three-digit pattern), against the same read (target: at most 3x).
3. ``govsheet validate`` on a 200-row tracker, start-up included, against
   ``python -c "import openpyxl"`` (target: at most 2x).

Run: ``python benchmarks/bench_validate.py [--rows 50000] [--repeat 3]``. The reads and the validations
are timed in turn, round after round, each figure the best of ``--repeat`` rounds after a warm-up
round, so both sides of a ratio see the same load on a busy machine.
"""

from __future__ import annotations

import argparse
import calendar
import datetime as dt
import subprocess
import sys
import tempfile
from pathlib import Path

from timing import best, best_interleaved, calamine_read

from govsheet import api
from govsheet.importer.master import write_master
from govsheet.model.schema import Schema
from govsheet.model.tracker import Action, Tracker
from govsheet.safety import preflight
from govsheet.schemas import load_schema

TODAY = dt.date(2020, 6, 1)
STATUSES = ("Yet to start", "In progress", "Completed")


def make_tracker(rows: int) -> Tracker:
    """A tracker shaped like the seed: actions with officers, dated targets, statuses and notes."""
    actions = []
    for i in range(1, rows + 1):
        month = dt.date(2021 + i % 3, 1 + i % 12, 1)
        actions.append(Action(values={
            "ref": str(i),
            "parent": None,
            "action": f"Action {i}: review the governance arrangements for service area {i % 97} and report "
                      "progress to the Governance and Ethics Committee.",
            "officer": f"Group Manager {i % 40}",
            "target": f"{month:%B %Y}",
            "target_date": month.replace(day=calendar.monthrange(month.year, month.month)[1]),
            # one row in a hundred has a status typed by hand, as real returns do
            "status": "Ongoing" if i % 100 == 0 else STATUSES[i % len(STATUSES)],
            "progress": f"Update {i}: work is under way; a report will go to committee in {month:%B %Y}. " * 2,
        }))
    return Tracker(schema_name="ags-action-plan", actions=actions)


def bench_schema() -> Schema:
    """The action-plan schema, its references widened from 3 to 5 digits so 50,000 rows can have one each."""
    data = load_schema("ags-action-plan").model_dump(by_alias=True)
    data["fields"][0]["constraints"]["pattern"] = "^[0-9]{1,5}[a-z]?$"
    return Schema.model_validate(data)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--small", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    schema = bench_schema()
    with tempfile.TemporaryDirectory() as folder:
        big = Path(folder) / "big.xlsx"
        small = Path(folder) / "small.xlsx"
        write_master(make_tracker(args.rows), schema, big)
        write_master(make_tracker(args.small), schema, small)

        shipped = load_schema("ags-action-plan")
        t = best_interleaved({
            "read": lambda: calamine_read(big),
            "check": lambda: api.validate(big, schema, today=TODAY),
            "safety": lambda: preflight(big),
            "many": lambda: api.validate(big, shipped, today=TODAY),
        }, args.repeat)
        read, check, safety, many = t["read"], t["check"], t["safety"], t["many"]
        report = api.validate(big, schema, today=TODAY)
        flagged = api.validate(big, shipped, today=TODAY)
        print(f"{args.rows:,} rows ({big.stat().st_size / 1e6:.1f} MB), {len(report.errors):,} findings")
        print(f"  calamine read              {read:7.3f} s")
        print(f"  govsheet validate          {check:7.3f} s   ratio {check / read:.2f}x  (target <= 1.5x)")
        print(f"  with {len(flagged.errors):,} findings      {many:7.3f} s   ratio {many / read:.2f}x  (target <= 3x)")
        print(f"    of which safety preflight {safety:6.3f} s   (zip limits, entity and extent checks, shared by "
              "every command)")
        print(f"    validate less preflight  {check - safety:7.3f} s   ratio {(check - safety) / read:.2f}x")

        # the interpreter running this benchmark, so the code timed is the code on its path
        start = [sys.executable, "-c", "from govsheet.cli import main; main()"]
        cli = [*start, "validate", str(small), "--today", "2020-06-01"]
        baseline = [sys.executable, "-c", "import openpyxl"]
        run_cli = best(lambda: subprocess.run(cli, check=False, capture_output=True), args.repeat + 2)
        run_openpyxl = best(lambda: subprocess.run(baseline, check=True, capture_output=True), args.repeat + 2)
        print(f"{args.small} rows, command line with start-up")
        print(f"  python -c 'import openpyxl'  {run_openpyxl:7.3f} s")
        print(f"  govsheet validate            {run_cli:7.3f} s   ratio {run_cli / run_openpyxl:.2f}x  (target <= 2x)")


if __name__ == "__main__":
    main()
