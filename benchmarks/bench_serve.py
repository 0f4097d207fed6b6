"""What the Returns page costs over the same dry-run merge the command line runs.

Builds an ags-action-plan master with 40 owners (5 rows each), issues their 40 returns and
edits one progress cell in each (openpyxl, as an officer's Excel would save it), then times:

1. ``govsheet merge MASTER RETURN... --dry-run`` run in-process (the yardstick);
2. the page: POST the 40 files to ``/returns/upload`` (streamed to the round folder, then one
   dry-run merge in the background) and GET the preview page until it is ready, through
   Starlette's test client.

Target: the page at most 1.5x the command. Run: ``python benchmarks/bench_serve.py [--repeat 3]``.
"""

from __future__ import annotations

import argparse
import re
import tempfile
import time
from pathlib import Path

from timing import best

from govsheet import api
from govsheet.importer.master import write_master
from govsheet.model.tracker import Action, Tracker
from govsheet.schemas import load_schema

OWNERS = 40
ROWS_EACH = 5
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def build(folder: Path) -> tuple[Path, list[Path]]:
    import openpyxl

    schema = load_schema("ags-action-plan")
    actions = [Action(values={"ref": str(n + 1), "parent": None, "action": f"Action {n + 1} " * 8,
                              "officer": f"Officer {n // ROWS_EACH + 1:02d}", "target": "March 2027",
                              "target_date": None, "status": "In progress", "progress": "Reported " * 20})
               for n in range(OWNERS * ROWS_EACH)]
    master = write_master(Tracker(schema_name=schema.name, round="2026/27 Q3", actions=actions), schema,
                          folder / "master.xlsx", round_label="2026/27 Q3")
    sent = folder.parent / "sent"
    returns = [r.path for r in api.issue(master, sent).returns]
    for path in returns:
        wb = openpyxl.load_workbook(path)
        ws = wb["Actions"]
        progress = next(c.column for c in ws[1] if c.value == "Progress update")
        ws.cell(2, progress).value = f"Updated by {path.stem}"
        wb.save(path)
    return master, returns


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    from starlette.testclient import TestClient

    from govsheet.serve.app import create_app

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "round"
        folder.mkdir()
        master, returns = build(folder)
        client = TestClient(create_app(folder, port=8765), base_url="http://127.0.0.1:8765")
        token = re.search(r'name="csrf" value="([^"]+)"', client.get("/returns").text).group(1)  # type: ignore[union-attr]
        files = [("files", (p.name, p.read_bytes(), XLSX)) for p in returns]

        def command() -> None:
            report = api.merge(master, returns, dry_run=True)
            if report.summary["applied"] != OWNERS:
                raise SystemExit(f"the dry run applied {report.summary['applied']}, not {OWNERS}")

        def page() -> None:
            got = client.post("/returns/upload", data={"csrf": token}, files=files)
            while 'http-equiv="refresh"' in got.text:  # the check runs in the background; the page polls
                time.sleep(0.05)
                got = client.get(str(got.url))
            if f"Preview: {OWNERS} applied, 0 conflicts" not in got.text:
                raise SystemExit(f"the page did not preview {OWNERS} applied changes: {got.text[:300]}")

        cli = best(command, args.repeat)
        web = best(page, args.repeat)
    print(f"{OWNERS} returns, {OWNERS * ROWS_EACH} rows")
    print(f"command line merge --dry-run: {cli:.3f} s")
    print(f"page upload + check + preview: {web:.3f} s")
    print(f"ratio: {web / cli:.2f}x (target <= 1.5x)")


if __name__ == "__main__":
    main()
