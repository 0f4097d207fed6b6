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
from typing import Any

from govsheet.status import STATES
from tests.pictures.harness import Picture, read_pdf, to_pdfs, to_png

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
IMAGES = DOCS / "images" / "outputs"
TODAY = dt.date(2021, 1, 15)


AGS_ICONS = {"Yet to start": "○", "In progress": "◐", "Completed": "●"}
# The seed's 1a narrative (2,500 characters) is longer than a spreadsheet cell can print: Excel's
# tallest row (409 points) holds about half of it at the width an A4 page leaves the column. The
# committee papers split it over several rows; a master or return prints its start only, and its
# last printed line may run into the row below.


@dataclass(frozen=True)
class Output:
    """One output as a person gets it, and what its picture must show."""

    name: str  # what a person calls it
    path: Path
    sheet_text: str | None = None  # a text on the first page of the part to picture (None: page 1)
    header: str | None = None  # a header text printed on every page of the part
    until: str | None = None  # a text on the first page after the part (None: the part ends the file)
    icons: dict[str, str] | None = None  # status label -> icon, each printed beside the other
    italic: str | None = None  # text the master has in italics, printed in italics
    max_pages: int = 20  # the whole file prints on no more pages than this
    long_cells: tuple[str, ...] = ()  # cells of the file too long for any row (the 1a narrative), printed cut


def make_outputs(out: Path) -> list[Output]:
    """Run the demo into ``out``, make the outputs it does not write, and list them all.

    To check a new output, make it here and add it to the list: every test of
    ``test_outputs.py`` and the table of docs/outputs.md then cover it.
    """
    from govsheet import api, demo

    demo.run(out)
    master = out / "ags-action-plan-master.xlsx"
    returns = out / "returns"
    annotated = out / "annotated-master.xlsx"
    api.validate(master, annotate=annotated, today=TODAY)
    imported = out / "imported-master.xlsx"  # the master as import wrote it, before the round's changes
    api.import_tracker(demo.seed_path("ags-action-plan"), "ags-action-plan", imported, round_label=demo.DEMO_ROUND)
    diff = out / "diff.xlsx"
    api.write_diff(api.diff(imported, master), diff)
    rolled = out / "rolled-master.xlsx"
    api.roll(master, "2020/21 Q4", rolled, today=TODAY)
    decisions = _decisions(out / "decisions")
    status = api.status(master, returns, today=TODAY)
    for fmt in ("xlsx", "html"):
        api.write_status(status, out / f"status.{fmt}", fmt=fmt)
    states = {STATES[s][1]: STATES[s][0] for s in ("merged", "returned", "outstanding")}
    italic = "Recommendations 1 & 2"
    long_cells = (_narrative(master, "1a"),)
    tracker: dict[str, Any] = {"header": "Planned Action", "icons": AGS_ICONS}
    audit, owners, summary = "Return id", "Also written as", "Status summary"  # the next part's first page
    first_return = min(returns.glob("*.xlsx"))
    holder = returns / "group-manager-assurance.xlsx"  # the return holding 1a and its italics
    return [
        Output("Master (AGS action plan)", master, "Planned Action", italic=italic, max_pages=10,
               long_cells=long_cells, until=audit, **tracker),
        Output("Audit sheet of the master", master, "Source file", header="Source file", max_pages=10,
               long_cells=long_cells, until=owners),
        Output("Owners sheet of the master", master, owners, header=owners, max_pages=10, long_cells=long_cells),
        Output("Master (governance review)", out / "governance-review-master.xlsx",
               header="Governance Review Recommendation", max_pages=8, until=audit),
        Output("Return: Instructions sheet", first_return, "Please return by", max_pages=3),
        *(Output(f"Return: {p.stem}", p, "Planned Action", italic=italic if p == holder else None, max_pages=7,
                 long_cells=long_cells if p == holder else (), **tracker) for p in sorted(returns.glob("*.xlsx"))),
        Output("validate --annotate: Problems sheet", annotated, "Severity", header="Severity", max_pages=14,
               long_cells=long_cells),
        Output("Committee table (xlsx)", out / "committee.xlsx", header="Planned Action", icons=AGS_ICONS,
               italic="Recommendation 3", max_pages=9, until=summary),
        Output("Committee table (HTML, printed by Chromium)", out / "committee.html", header="Planned Action",
               icons=AGS_ICONS, italic="Recommendation 3", max_pages=9),
        Output("Committee table (Word)", out / "committee.docx", header="Planned Action", icons=AGS_ICONS,
               italic="Recommendation 3", max_pages=9),
        # statuses are words here ("~ Completed"), never colour alone; the diff draws no icons
        # the demo's round approves an extension request, so the diff shows the request and history columns too
        Output("Diff workbook", diff, header="Planned Action", italic=italic, max_pages=18, until="Old value"),
        Output("Diff workbook: Changed cells sheet", diff, "Old value", header="Old value", max_pages=18),
        # 1 was completed in the round, so 1a goes with it to the Archive sheet (as plain text: the
        # lossless engine writes the archived values without their runs)
        Output("Rolled master", rolled, "Planned Action", max_pages=16, until=audit, long_cells=long_cells,
               **tracker),
        Output("Rolled master: Archive sheet", rolled, "Archived in round", header="Archived in round",
               max_pages=16, long_cells=long_cells),
        Output("Decisions workbook", decisions, header="Master's value", max_pages=4, until="Decisions for the"),
        # govsheet status: one portrait page, each state as its icon beside its words
        Output("Round status (xlsx)", out / "status.xlsx", header="Waiting for a decision", icons=states,
               max_pages=1),
        Output("Round status (HTML, printed by Chromium)", out / "status.html", header="Waiting for a decision",
               icons=states, max_pages=1),
        # render --since: the committee paper grouped by what moved since the last report
        Output("Committee paper since the last report (xlsx)", out / "committee-paper.xlsx",
               header="Planned Action", icons=AGS_ICONS, italic="Recommendation 3", max_pages=9, until=summary),
        Output("Committee paper since the last report (HTML, printed by Chromium)", out / "committee-paper.html",
               header="Planned Action", icons=AGS_ICONS, italic="Recommendation 3", max_pages=9),
        Output("Committee paper since the last report (Word)", out / "committee-paper.docx",
               header="Planned Action", icons=AGS_ICONS, italic="Recommendation 3", max_pages=9),
    ]


def _narrative(master: Path, key: str) -> str:
    from govsheet.returns.write import read_master_tracker

    tracker, schema, _ = read_master_tracker(master)
    return next(a.text("progress") for a in tracker.actions if a.text(schema.primary_key) == key)


def part_pages(pic: Picture, output: Output) -> list[int]:
    """The pages of the output's own part: from its first page to the page before ``until``'s."""
    first = first_page(pic, output)
    after = next((n for n in range(first + 1, pic.page_count + 1)
                  if output.until is not None and output.until in pic.page_text(n)), pic.page_count + 1)
    return list(range(first, after))


def _decisions(out: Path) -> Path:
    """A round with a conflict and a rejected edit, merged with ``--decisions``: the decisions workbook."""
    from govsheet import api, demo

    out.mkdir(parents=True, exist_ok=True)
    master = out / "master.xlsx"
    api.import_tracker(demo.seed_path("ags-action-plan"), "ags-action-plan", master, round_label=demo.DEMO_ROUND)
    issued = api.issue(master, out / "returns", due=demo.DEMO_DUE)
    normal, conflicted, locked = sorted(issued.returns, key=lambda r: (-r.rows, r.owner))[:3]
    demo.simulate(master, normal, conflicted, locked)
    decisions = out / "decisions.xlsx"
    api.merge(master, [normal.path, conflicted.path, locked.path], decisions=decisions)
    return decisions


def first_page(pic: Picture, output: Output) -> int:
    """The page the output's own part starts on."""
    if output.sheet_text is None:
        return 1
    return next((p.number for p in pic.pages if output.sheet_text in pic.page_text(p.number)), 1)


def slug(name: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in name.lower()).strip("-").replace("--", "-")[:60]


def print_all(outputs: list[Output], work: Path) -> dict[Path, Picture]:
    """Every output printed once (workbooks and documents in one LibreOffice call) and read back."""
    pdfs = to_pdfs([o.path for o in outputs], work)
    return {path: read_pdf(pdf) for path, pdf in pdfs.items()}


def main() -> int:
    IMAGES.mkdir(parents=True, exist_ok=True)
    rows = ["| Output | Pages | Smallest text | Picture (first page) |", "| --- | --- | --- | --- |"]
    with tempfile.TemporaryDirectory() as tmp:
        outputs = make_outputs(Path(tmp) / "demo")
        printed = print_all(outputs, Path(tmp) / "pdf")
        seen_returns = 0
        for output in outputs:
            pic = printed[output.path]
            if output.name.startswith("Return: ") and "Instructions" not in output.name:
                seen_returns += 1
                if seen_returns > 2:  # two returns pictured; the table lists all of them
                    rows.append(f"| {output.name} | {pic.page_count} | {pic.smallest_size():.0f} pt | |")
                    continue
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
    (DOCS / "outputs.md").write_text(HEADER + table + "\n" + FOOTER, encoding="utf-8")
    sys.stdout.write(table + "\n")
    return 0


HEADER = """# What govsheet's outputs look like printed

Each output of `govsheet demo` (and the annotated copy, diff, rolled master, decisions workbook and
round status table the demo does not write) printed to A4 as a person would: workbooks and Word
documents by LibreOffice, the HTML by Chromium. *Pages* counts the whole file (a master's pages include its Audit
and Owners sheets, a return's its Instructions); *smallest text* is the smallest letter on any page,
measured by poppler. Made by `python docs/make_pictures.py` (or `python -m tests.pictures.outputs`);
`tests/pictures/test_outputs.py` checks in CI that every output

- prints its text at 8 pt or more, inside the page;
- has no clipped text: no line of one cell drawn over another's, no cell whose end is missing;
- repeats its header row on every page of its table;
- prints each status word with its icon beside it, and the master's italics in italics.

"""
FOOTER = """
One cell is longer than a spreadsheet can print: the seed's 1a progress narrative (about 2,500
characters, with four italic subheadings) needs more than Excel's tallest row (409 points) at the
width an A4 page leaves its column, so a master, a return and an annotated copy print its start
only; the whole text is in the cell, and the committee papers print all of it over several rows.
The diff workbook cuts such a cell itself and says so: "… (cut here: the whole text is in the tracker)".
"""


if __name__ == "__main__":
    raise SystemExit(main())
