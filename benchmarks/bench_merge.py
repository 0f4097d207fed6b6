"""How fast merging is, as ratios measured side by side in one run.

1. 40 returns, 5% of their editable cells changed, merged into a 2,000-row master.
2. 1 return (5% of its editable cells changed) merged into a 50,000-row master.

Each merge is compared with reading the master and every return with python-calamine (the
yardstick: a merge must read them all; target at most 2x in both cases) and with an openpyxl
load-and-save of the master. Run: ``python benchmarks/bench_merge.py [--repeat 5]
[--big 50000] [--small 2000] [--only small|big] [--no-openpyxl]``. The merge and the
calamine read are timed in turn, round after round, and each figure is the best of
``--repeat`` rounds, so both sides see the same load on a shared machine (the openpyxl
figure at 50,000 rows is a single run: it takes tens of seconds).
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sys
import tempfile
from pathlib import Path

from timing import best, best_interleaved, calamine_read, openpyxl_load_save

from govsheet import api
from govsheet.importer.master import write_master
from govsheet.model.tracker import Action, Tracker
from govsheet.schemas import load_schema

SCHEMA = load_schema("ags-action-plan")
STATUSES = ("Yet to start", "In progress", "Completed")
OWNERS = 40
CHANGED = 0.05


def make_tracker(rows: int) -> Tracker:
    actions = []
    for i in range(1, rows + 1):
        month = dt.date(2021 + i % 3, 1 + i % 12, 1)
        actions.append(Action(values={
            "ref": str(i), "parent": None,
            "action": f"Action {i}: review the governance arrangements for service area {i % 97}.",
            "officer": f"Group Manager {i % OWNERS}", "target": f"{month:%B %Y}", "target_date": None,
            "status": STATUSES[i % len(STATUSES)],
            "progress": f"Update {i}: work is under way; a report will go to committee in {month:%B %Y}.",
        }))
    return Tracker(schema_name=SCHEMA.name, round="R1", actions=actions)


def officer_edits(path: Path) -> int:
    """Change 5% of a return's editable cells, as an officer would in Excel; return how many."""
    import openpyxl

    wb = openpyxl.load_workbook(path)
    ws = wb["Actions"]
    cols = {str(c.value): c.column for c in ws[1]}
    editable = [(r, cols[f.title]) for r in range(2, ws.max_row + 1) for f in SCHEMA.editable]
    step = max(1, round(1 / CHANGED))
    chosen = editable[::step]
    for r, c in chosen:
        if c == cols["Progress status"]:
            ws.cell(r, c).value = "In progress" if ws.cell(r, c).value != "In progress" else "Completed"
        else:
            ws.cell(r, c).value = f"{ws.cell(r, c).value} Officer's update."
    wb.save(path)
    return len(chosen)


def scenario(folder: Path, rows: int, owners: int, repeat: int, openpyxl_repeat: int) -> dict[str, float]:
    master = write_master(make_tracker(rows), SCHEMA, folder / f"master-{rows}.xlsx", round_label="R1")
    wanted = [f"Group Manager {i}" for i in range(owners)]
    issued = api.issue(master, folder / f"returns-{rows}", owners=wanted)
    cells = sum(officer_edits(r.path) for r in issued.returns)
    paths = [r.path for r in issued.returns]
    work = folder / f"work-{rows}.xlsx"

    def merge() -> None:
        shutil.copyfile(master, work)
        report = api.merge(work, paths)
        if report.summary["applied"] != cells:
            sys.exit(f"expected {cells} applied changes, got {report.summary}")

    def copy_only() -> None:
        shutil.copyfile(master, work)

    def read_all() -> None:
        for path in [master, *paths]:
            calamine_read(path)

    t = best_interleaved({"merge": merge, "copy": copy_only, "calamine": read_all}, repeat)
    t_merge, t_cal = t["merge"] - t["copy"], t["calamine"]
    t_opx = (best(lambda: openpyxl_load_save(master, folder / "openpyxl.xlsx"), openpyxl_repeat)
             if openpyxl_repeat else float("nan"))
    return {"rows": rows, "returns": len(paths), "cells": cells, "merge": t_merge, "calamine": t_cal,
            "openpyxl": t_opx}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--small", type=int, default=2000)
    parser.add_argument("--big", type=int, default=50000)
    parser.add_argument("--only", choices=("small", "big"), help="run one scenario only")
    parser.add_argument("--no-openpyxl", action="store_true", help="skip the (slow) openpyxl comparison")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        results = []
        if args.only != "big":
            results.append(scenario(folder, args.small, OWNERS, args.repeat, 0 if args.no_openpyxl else args.repeat))
        if args.only != "small":
            results.append(scenario(folder, args.big, 1, args.repeat, 0 if args.no_openpyxl else 1))
    # "calamine s" reads the master and every return; openpyxl loads and saves the master only
    print(f"{'master rows':>11} {'returns':>7} {'cells':>6} {'merge s':>8} {'calamine s':>10} {'openpyxl s':>10} "
          f"{'merge/calamine':>14} {'openpyxl/calamine':>17}")
    for r in results:
        print(f"{r['rows']:>11,} {r['returns']:>7} {r['cells']:>6} {r['merge']:>8.3f} {r['calamine']:>10.3f} "
              f"{r['openpyxl']:>10.3f} {r['merge'] / r['calamine']:>13.2f}x {r['openpyxl'] / r['calamine']:>16.2f}x")
    for r in results:
        verdict = "met" if r["merge"] / r["calamine"] <= 2 else "NOT met"
        print(f"target merge <= 2x calamine at {r['rows']:,} rows, {r['returns']} returns: {verdict}")


if __name__ == "__main__":
    main()
