"""Fill in a decisions workbook in LibreOffice through UNO, as a person would, and save it as xlsx.

Run with the Python that has LibreOffice's ``uno`` module (``/usr/bin/python3`` on Debian):

    python3 uno_fill.py SOFFICE PROFILE_DIR IN.xlsx OUT.xlsx 'ROW|CHOICE|VALUE|NOTE|WHO' ...

For each row (a sheet row number) the Decision is picked from the cell's own dropdown: CHOICE is the
position (0, 1, 2) of the entry in the list the workbook gives that cell, which must be a list
validation; the Value, Note and Decided by cells are typed. It prints, one per line, the dropdown
entries it saw for each row, so the test can check what a person would have been offered.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import uno  # type: ignore[import-not-found]
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]

DECISION_COLUMN = 10  # K: Decision, then Value, Note, Decided by


def _prop(name: str, *, value: object) -> PropertyValue:
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


def _connect(pipe: str) -> object:
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + 120
    while True:
        try:
            return resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        except Exception:  # NoConnectException until soffice listens
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def main(argv: list[str]) -> int:
    soffice, profile, src, out, *rows = argv
    pipe = f"govsheet-{Path(profile).name}"
    proc = subprocess.Popen([soffice, f"-env:UserInstallation={Path(profile).resolve().as_uri()}", "--headless",
                             "--invisible", "--norestore", "--nolockcheck", "--nodefault",
                             f"--accept=pipe,name={pipe};urp;"])
    try:
        ctx = _connect(pipe)
        desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        doc = desktop.loadComponentFromURL(Path(src).resolve().as_uri(), "_blank", 0, (_prop("Hidden", value=True),))
        sheet = doc.Sheets.getByName("Decisions")
        for spec in rows:
            number, choice, value, note, who = spec.split("|")
            r = int(number) - 1
            cell = sheet.getCellByPosition(DECISION_COLUMN, r)
            validation = cell.Validation
            entries = [e.strip('"') for e in validation.Formula1.split(";")]
            sys.stdout.write("|".join(entries) + "\n")
            cell.setString(entries[int(choice)])
            for offset, text in enumerate((value, note, who), start=1):
                if text:
                    sheet.getCellByPosition(DECISION_COLUMN + offset, r).setString(text)
        doc.storeToURL(Path(out).resolve().as_uri(), (_prop("FilterName", value="Calc MS Excel 2007 XML"),))
        doc.close(True)  # noqa: FBT003 - UNO's XCloseable.close(DeliverOwnership)
        desktop.terminate()
    finally:
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
