"""Edit cells of a workbook in LibreOffice itself (UNO, headless) and save it as xlsx, as a person would.

Run by a Python that has LibreOffice's ``uno`` module (usually /usr/bin/python3):
``uno_edit.py SOFFICE PROFILE_DIR IN.xlsx OUT.xlsx Sheet!A1=text ...``
"""

import contextlib
import subprocess
import sys
import time
import uuid

import uno
from com.sun.star.beans import PropertyValue


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def main():
    soffice, profile, src, dst, *edits = sys.argv[1:]
    pipe = f"govsheet{uuid.uuid4().hex}"
    proc = subprocess.Popen([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
                             "--nologo", "--nodefault", f"--accept=pipe,name={pipe};urp;"])
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        for _ in range(600):
            try:
                ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
                break
            except Exception:  # noqa: BLE001 - not listening yet
                time.sleep(0.2)
        else:
            raise SystemExit("LibreOffice did not start")
        desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(src), "_blank", 0, (prop("Hidden", True),))  # noqa: FBT003 - UNO's own signature
        for edit in edits:
            where, _, value = edit.partition("=")
            sheet, _, cell = where.partition("!")
            doc.Sheets.getByName(sheet).getCellRangeByName(cell).setString(value)
        doc.storeToURL(uno.systemPathToFileUrl(dst), (prop("FilterName", "Calc MS Excel 2007 XML"),))
        doc.close(True)  # noqa: FBT003 - UNO's own signature
        with contextlib.suppress(Exception):  # the bridge goes away as LibreOffice quits
            desktop.terminate()
        proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


main()
