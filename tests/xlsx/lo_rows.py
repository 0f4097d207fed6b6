"""LibreOffice's side of the row comparison: run with the system python that has ``uno``.

``lo_rows.py JOBS.json OUT.json PROFILE_DIR``: starts one headless LibreOffice, then for each job
``{"src", "ours", "op", "first", "last"}`` deletes or inserts rows ``first..last`` of the first
sheet of ``src`` with LibreOffice, recalculates, and describes the result; it also opens ``ours``
(the same edit made by govsheet), recalculates and describes it. A description holds every cell's
value and formula text, the merged ranges, conditional-format and validation ranges and the
comment positions, so both are read by the same program.
"""

from __future__ import annotations

# ruff: noqa: FBT003 - UNO's methods take their flags as positional booleans
import contextlib
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import uno  # type: ignore[import-not-found]
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]

MAX_ROWS, MAX_COLS = 200, 30


def prop(name: str, value: object) -> PropertyValue:
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def connect(profile: Path) -> tuple[subprocess.Popen[bytes], object]:
    pipe = f"govsheet_rows_{profile.name}"
    soffice = shutil.which("soffice") or "soffice"
    proc = subprocess.Popen([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
                             "--nolockcheck", "--nodefault", f"--accept=pipe,name={pipe};urp;"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    for _ in range(240):
        try:
            ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            break
        except Exception:  # noqa: BLE001 - NoConnectException until soffice listens
            time.sleep(0.25)
    else:
        proc.kill()
        raise SystemExit("LibreOffice did not start within 60 s")
    desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
    return proc, desktop


def a1(col: int, row: int) -> str:
    letters = ""
    col += 1
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{letters}{row + 1}"


def describe(doc: object) -> dict[str, object]:
    doc.calculateAll()
    sheet = doc.Sheets.getByIndex(0)
    cursor = sheet.createCursor()
    cursor.gotoEndOfUsedArea(False)
    end = cursor.getRangeAddress()
    rows, cols = min(end.EndRow, MAX_ROWS - 1), min(end.EndColumn, MAX_COLS - 1)
    area = sheet.getCellRangeByPosition(0, 0, cols, rows)
    values = [[round(v, 9) if isinstance(v, float) else v for v in row] for row in area.getDataArray()]
    formulas = [list(row) for row in area.getFormulaArray()]
    merged, validated = [], []
    for r in range(rows + 1):
        for c in range(cols + 1):
            cell = sheet.getCellByPosition(c, r)
            one = sheet.getCellRangeByPosition(c, r, c, r)
            if one.getIsMerged():
                mc = sheet.createCursorByRange(one)
                mc.collapseToMergedArea()
                ad = mc.getRangeAddress()
                merged.append(f"{a1(ad.StartColumn, ad.StartRow)}:{a1(ad.EndColumn, ad.EndRow)}")
            if cell.getPropertyValue("Validation").getPropertyValue("Type").value != "ANY":
                validated.append(a1(c, r))
    formats = sheet.getPropertyValue("ConditionalFormats").getConditionalFormats()
    cf = sorted(f.getPropertyValue("Range").getRangeAddressesAsString() for f in formats)
    notes = sheet.getAnnotations()
    comments = sorted(a1(n.getPosition().Column, n.getPosition().Row) + "=" + n.getString()
                      for n in (notes.getByIndex(i) for i in range(notes.getCount())))
    return {"values": values, "formulas": formulas, "merged": sorted(merged), "validated": validated,
            "conditional": cf, "comments": comments}


def load(desktop: object, path: str) -> object:
    url = uno.systemPathToFileUrl(str(Path(path).resolve()))
    return desktop.loadComponentFromURL(url, "_blank", 0, (prop("Hidden", True),))


def main() -> None:
    jobs = json.loads(Path(sys.argv[1]).read_text())
    proc, desktop = connect(Path(sys.argv[3]))
    out = []
    try:
        for job in jobs:
            entry: dict[str, object] = {"src": job["src"], "op": job["op"]}
            try:
                doc = load(desktop, job["src"])
                rows = doc.Sheets.getByIndex(0).getRows()
                count = job["last"] - job["first"] + 1
                if job["op"] == "delete":
                    rows.removeByIndex(job["first"] - 1, count)
                else:
                    rows.insertByIndex(job["first"] - 1, count)
                entry["libreoffice"] = describe(doc)
                doc.close(True)
                doc = load(desktop, job["ours"])
                entry["govsheet"] = describe(doc)
                doc.close(True)
            except Exception as exc:  # noqa: BLE001 - one file LibreOffice cannot handle is reported, not fatal
                entry["error"] = f"{type(exc).__name__}: {exc}"
            out.append(entry)
    finally:
        with contextlib.suppress(Exception):  # the bridge closes as soffice exits
            desktop.terminate()
        proc.wait(timeout=30)
    Path(sys.argv[2]).write_text(json.dumps(out))


if __name__ == "__main__":
    main()
