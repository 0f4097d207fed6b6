"""Seed 000 taken through two scripted rounds, for the "since the last report" committee paper.

Round 2020/21 Q3: returns issued, one officer marks action 8 completed (openpyxl, as Excel saves),
merged; rolled into 2020/21 Q4 (8, 1 with its sub-items, 3 and 15b archived). Round 2020/21 Q4:
returns issued again; action 2 is marked completed and action 11 started; merged. Then the team's
decisions on targets are recorded as the decisions step leaves them: Audit rows written through the
audit module's own writer (``requested`` rows with the officer's proposal and reason, ``decided``
rows on the target field) and, for an approved one, the new target in the Actions sheet.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from govsheet import api
from govsheet.audit import AuditEntry, append_audit, chain, last_hash, read_audit
from govsheet.demo import seed_path
from govsheet.model.target import parse_target
from govsheet.render.table import open_tracker

FIRST = "2020/21 Q3"
SECOND = "2020/21 Q4"
TODAY = dt.date(2021, 2, 1)
REQUESTED_WHEN = "2021-01-25T10:00:00+00:00"
DECIDED_WHEN = "2021-02-03T09:30:00+00:00"

# What the paper of round 2020/21 Q4 must show: its sections in order, and each change in words.
HEADINGS = ["Completed since the last report", "Revised targets (approved) and extensions requested", "Overdue",
            "Open and on track"]
CHANGES = {
    "2": "In progress → Completed",
    "5": "extension requested 25 Jan 2021: target March 2021 → December 2021 "
         "(reason: the peer review report is delayed)",
    "6": "target March 2021 → September 2021, approved 3 Feb 2021",
    "9": "extension to June 2021 requested, not approved 3 Feb 2021; the current target has passed",
    "11": "Yet to start → In progress",
}


def officer_edits(folder: Path, issued: list, edits: dict[str, dict[str, str]]) -> list[Path]:
    """Officers fill in their returns: each key's fields set by column title, saved by openpyxl."""
    import openpyxl

    changed = []
    for ret in issued:
        wb = openpyxl.load_workbook(ret.path)
        ws = wb["Actions"]
        cols = {str(c.value): c.column for c in ws[1] if c.value is not None}
        touched = False
        for r in range(2, ws.max_row + 1):
            values = edits.get(str(ws.cell(r, 1).value))
            for title, value in (values or {}).items():
                ws.cell(r, cols[title]).value = value
                touched = True
        if touched:
            wb.save(ret.path)
            changed.append(ret.path)
        wb.close()
    assert changed, f"no return in {folder} holds {sorted(edits)}"
    return changed


def run_round(master: Path, folder: Path, edits: dict[str, dict[str, str]]) -> None:
    issued = api.issue(master, folder, due=TODAY, force=True)
    returns = officer_edits(folder, list(issued.returns), edits)
    report = api.merge(master, returns)
    assert report.summary["applied"] >= len(edits), report.to_text()


def record_target_decisions(master: Path) -> None:
    """Action 5: an extension requested, not yet decided. Action 6: requested and approved (the target
    changes in the master). Action 9: requested and not approved (the target stays)."""
    from govsheet.xlsx import Book

    source = open_tracker(master)
    rows = {str(r.values.get("ref")): r for r in source.table.rows}
    round_label = source.meta["round"]

    def entry(when: str, key: str, old: str, new: str, outcome: str, reason: str, who: str) -> AuditEntry:
        return AuditEntry(when, round_label, f"{round_label}-{key}", who, key, "target", old, new, outcome, reason,
                          "decisions.xlsx", "0" * 64)

    entries = [
        entry(REQUESTED_WHEN, "5", "March 2021", "December 2021", "requested",
              "the peer review report is delayed", "Group Manager – Legal, Democratic & Complaints"),
        entry(REQUESTED_WHEN, "6", "March 2021", "September 2021", "requested",
              "waiting for the new constitution", "Group Manager – Legal, Democratic & Complaints"),
        entry(REQUESTED_WHEN, "9", "October 2020", "June 2021", "requested", "staff vacancies",
              "Group Manager – Assurance"),
        entry(DECIDED_WHEN, "6", "March 2021", "September 2021", "decided",
              "extension request: approve the new target (D2)",
              "Head of Assurance"),
        entry(DECIDED_WHEN, "9", "October 2020", "October 2020", "decided",
              "extension request: keep the current target (D3)",
              "Head of Assurance"),
    ]
    previous = last_hash(read_audit(master))
    book = Book.open(master)
    sheet = book.sheet(source.table.sheet)
    sheet.set(source.table.cell("target", rows["6"].number), "September 2021")
    sheet.set(source.table.cell("target_date", rows["6"].number), parse_target("September 2021"))
    append_audit(book, chain(entries, previous))
    book.save()


def two_rounds(folder: Path) -> Path:
    """The master of round 2020/21 Q4 after its merge and the team's target decisions."""
    first = folder / "q3.xlsx"
    api.import_tracker(seed_path("ags-action-plan"), "ags-action-plan", first, round_label=FIRST)
    run_round(first, folder / "q3-returns", {"8": {"Progress status": "Completed",
                                                    "Progress update": "Dashboards launched in December."}})
    master = folder / "q4.xlsx"
    api.roll(first, SECOND, master, today=TODAY)
    run_round(master, folder / "q4-returns", {
        "2": {"Progress status": "Completed", "Progress update": "Agreed by Cabinet in January."},
        "11": {"Progress status": "In progress", "Progress update": "Work began in January."},
    })
    record_target_decisions(master)
    return master


def one_round(folder: Path) -> Path:
    """A master of one round only: imported, one return merged (action 4 completed)."""
    master = folder / "q3-only.xlsx"
    api.import_tracker(seed_path("ags-action-plan"), "ags-action-plan", master, round_label=FIRST)
    run_round(master, folder / "returns", {"4": {"Progress status": "Completed",
                                                  "Progress update": "The new code was adopted."}})
    return master


def main() -> int:
    """Draw the picture of the grouped Word paper for the committee clerks' page:
    python -m tests.render.since_round docs/images/committee-since.png (needs soffice and pdftoppm)."""
    import shutil
    import sys
    import tempfile

    from tests.pictures.harness import to_pdf, to_png

    target = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/images/committee-since.png")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        master = two_rounds(work)
        paper = work / "committee-paper.docx"
        api.render(master, "docx", paper, layout="since", today=TODAY)
        (page,) = to_png(to_pdf(paper, work / "pdf"), work / "png", "paper", dpi=80)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(page, target)
    sys.stdout.write(f"{target}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
