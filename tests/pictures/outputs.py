"""Every output of ``govsheet demo``, plus what the demo leaves out (Problems, diff, rolled master),
printed and measured; ``python -m tests.pictures.outputs`` also writes the pictures and table of
docs/outputs.md.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from tests.pictures.harness import Picture, picture, to_png

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
IMAGES = DOCS / "images" / "outputs"
TODAY = dt.date(2021, 1, 15)


@dataclass(frozen=True)
class Output:
    name: str  # what a person calls it
    path: Path
    sheet_text: str | None = None  # a text on the first page of the part to picture (None: page 1)


def make_outputs(out: Path) -> list[Output]:
    """Run the demo into ``out`` and make the outputs it does not write."""
    from govsheet import api, demo

    demo.run(out)
    master = out / "ags-action-plan-master.xlsx"
    returns = out / "returns"
    annotated = out / "annotated-master.xlsx"
    api.validate(master, annotate=annotated, today=TODAY)
    diff = out / "diff.xlsx"
    api.write_diff(api.diff(out / "ags-action-plan-master.bak.xlsx", master), diff)
    rolled = out / "rolled-master.xlsx"
    api.roll(master, "2020/21 Q4", rolled, today=TODAY)
    first_return = min(returns.glob("*.xlsx"))
    return [
        Output("Master (AGS action plan)", master, "Planned Action"),
        Output("Audit sheet of the master", master, "Source file"),
        Output("Master (governance review)", out / "governance-review-master.xlsx"),
        Output("Return: Instructions sheet", first_return, "Please return by"),
        *(Output(f"Return: {p.stem}", p, "Planned Action") for p in sorted(returns.glob("*.xlsx"))),
        Output("validate --annotate: Problems sheet", annotated, "Severity"),
        Output("Committee table (xlsx)", out / "committee.xlsx"),
        Output("Committee table (HTML, printed by Chromium)", out / "committee.html"),
        Output("Committee table (Word)", out / "committee.docx"),
        Output("Diff workbook", diff),
        Output("Rolled master", rolled, "Planned Action"),
    ]


def first_page(pic: Picture, output: Output) -> int:
    """The page the output's own part starts on."""
    if output.sheet_text is None:
        return 1
    return next((p.number for p in pic.pages if output.sheet_text in pic.page_text(p.number)), 1)


def slug(name: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in name.lower()).strip("-").replace("--", "-")[:60]


def main() -> int:
    IMAGES.mkdir(parents=True, exist_ok=True)
    rows = ["| Output | Pages | Smallest text | Picture (first page) |", "| --- | --- | --- | --- |"]
    with tempfile.TemporaryDirectory() as tmp:
        outputs = make_outputs(Path(tmp) / "demo")
        seen_returns = 0
        for output in outputs:
            if output.name.startswith("Return: ") and "Instructions" not in output.name:
                seen_returns += 1
                if seen_returns > 2:  # two returns pictured; the table lists all of them
                    pic = picture(output.path, Path(tmp) / "pdf" / slug(output.name))
                    rows.append(f"| {output.name} | {pic.page_count} | {pic.smallest_size():.0f} pt | |")
                    continue
            pic = picture(output.path, Path(tmp) / "pdf" / slug(output.name))
            page = first_page(pic, output)
            stem = slug(output.name)
            for old in IMAGES.glob(f"{stem}-*.png"):
                old.unlink()
            made = to_png(pic.pdf, Path(tmp) / "png", stem, dpi=50, first=page, last=page)
            target = IMAGES / f"{stem}.png"
            shutil.copyfile(made[-1], target)
            rows.append(f"| {output.name} | {pic.page_count} | {pic.smallest_size():.0f} pt | "
                        f"![{output.name}](images/outputs/{target.name}) |")
    table = "\n".join(rows)
    (DOCS / "outputs.md").write_text(HEADER + table + "\n", encoding="utf-8")
    sys.stdout.write(table + "\n")
    return 0


HEADER = """# What govsheet's outputs look like printed

Each output of `govsheet demo` (and the annotated copy, diff and rolled master the demo does not
write) printed to A4 as a person would: workbooks and Word documents by LibreOffice, the HTML by
Chromium. *Pages* counts the whole file (a master's pages include its Audit sheet, a return's its
Instructions); *smallest text* is the smallest letter on any page, measured by poppler. Made by
`python -m tests.pictures.outputs`; `tests/pictures/test_outputs.py` checks the same in CI.

"""


if __name__ == "__main__":
    raise SystemExit(main())
