"""Draw the pictures of the docs: python docs/make_pictures.py.

Builds a master from the ags-action-plan seed with govsheet, issues the returns, prints one
return to PDF with LibreOffice headless and turns its two pages (the Instructions sheet, the
Actions sheet) into small PNGs with pdftoppm, into docs/images/, for the officers' page. Then
prints every output of the demo and writes docs/outputs.md with a picture of each
(``python -m tests.pictures.outputs``). Needs soffice, chromium and poppler on PATH.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
IMAGES = HERE / "images"
SEED = REPO / "src" / "govsheet" / "seeds" / "ags-action-plan.txt"
OWNER = "Group Manager Assurance"
# (PDF page, picture name, dots per inch, height in pixels kept from the top)
PAGES = (("1", "return-instructions", "70", "420"), ("2", "return-actions", "110", "360"))


def run(args: list[str], timeout: int = 300) -> None:
    subprocess.run(args, check=True, timeout=timeout, capture_output=True)


def main() -> int:
    for tool in ("soffice", "pdftoppm"):
        if shutil.which(tool) is None:
            print(f"make_pictures: {tool} is not installed (apt-get install libreoffice-calc-nogui poppler-utils)")
            return 2
    IMAGES.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        master = work / "master.xlsx"
        gs = [sys.executable, "-c", "from govsheet.cli import main; main()"]
        run([*gs, "import", str(SEED), "--schema", "ags-action-plan", "-o", str(master)])
        run([*gs, "issue", str(master), "-o", str(work / "returns"), "--owner", OWNER,
             "--round", "2020/21 Q3", "--due", "2021-01-29"])
        (ret,) = sorted((work / "returns").glob("*.xlsx"))
        profile = (work / "lo-profile").as_uri()
        run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
             "--outdir", str(work), str(ret)])
        pdf = work / f"{ret.stem}.pdf"
        for old in IMAGES.glob("return-*.png"):
            old.unlink()
        # page 1: the Instructions sheet; page 2: the Actions sheet
        for page, name, dpi, height in PAGES:
            run(["pdftoppm", "-png", "-singlefile", "-r", dpi, "-f", page, "-l", page, "-x", "0", "-y", "0",
                 "-W", "2000", "-H", height, str(pdf), str(IMAGES / name)])
    for png in sorted(IMAGES.glob("return-*.png")):
        print(f"{png.relative_to(REPO)}: {png.stat().st_size // 1024} KB")
    # every output of the demo, printed and measured, into docs/outputs.md and docs/images/outputs/
    subprocess.run([sys.executable, "-m", "tests.pictures.outputs"], check=True, timeout=900, cwd=REPO)
    return 0


if __name__ == "__main__":
    sys.exit(main())
