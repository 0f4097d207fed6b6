"""Draw the pictures of a return for the officers' page: python docs/make_pictures.py.

Builds a master from the ags-action-plan seed with govsheet, issues the returns,
prints one return to PDF with LibreOffice headless and turns its pages into small
PNGs with pdftoppm (and Pillow, to join the two pages of the Instructions sheet), into
docs/images/. Needs soffice and pdftoppm on PATH.
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
INK = 200  # a grey level (0-255) darker than this is ink, not paper
# (PDF page, picture name, dots per inch, height in pixels kept from the top). LibreOffice prints
# the Instructions sheet on two pages (its labels, then their text); they are joined into one picture.
PAGES = (("1", "instructions-labels", "70", "270"), ("2", "instructions-text", "70", "270"),
         ("3", "return-actions", "110", "360"))


def run(args: list[str], timeout: int = 300) -> None:
    subprocess.run(args, check=True, timeout=timeout, capture_output=True)


def inked_columns(path: Path) -> list[int]:
    """The x of every pixel column of a picture that holds something darker than light grey."""
    from PIL import Image

    with Image.open(path) as img:
        grey = img.convert("L")
        width, height = grey.size
        pixels = grey.load()
        if pixels is None:
            raise RuntimeError(f"{path}: no pixels")
        return [x for x in range(width) if any(int(pixels[x, y]) < INK for y in range(height))]  # type: ignore[arg-type]


def join_pages(labels: Path, text: Path, out: Path) -> None:
    """Put the page with the labels column and the page with the rest of the sheet side by side."""
    from PIL import Image

    cut, start = inked_columns(labels)[-1] + 1, inked_columns(text)[0]
    with Image.open(labels) as left, Image.open(text) as right:
        joined = Image.new("RGB", (cut + right.width - start, left.height), "white")
        joined.paste(left.crop((0, 0, cut, left.height)), (0, 0))
        joined.paste(right.crop((start, 0, right.width, right.height)), (cut, 0))
        joined.save(out, optimize=True)


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
        # page 1-2: the Instructions sheet (labels, then their text); page 3: the Actions sheet
        for page, name, dpi, height in PAGES:
            folder = IMAGES if name.startswith("return-") else work
            run(["pdftoppm", "-png", "-singlefile", "-r", dpi, "-f", page, "-l", page, "-x", "0", "-y", "0",
                 "-W", "2000", "-H", height, str(pdf), str(folder / name)])
        join_pages(work / "instructions-labels.png", work / "instructions-text.png",
                   IMAGES / "return-instructions.png")
    for png in sorted(IMAGES.glob("return-*.png")):
        print(f"{png.relative_to(REPO)}: {png.stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
