"""The demo: govsheet's whole round cycle on the two seed trackers that ship with it.

Both seeds are imported. The Annual Governance Statement master then goes round a
cycle: returns are issued to every officer; three officers' edits are simulated
with openpyxl, as Excel would save them (an ordinary update and a request for a new
target, an edit to a row the governance team also changed in the master meanwhile ->
a conflict, an edit to a locked field -> rejected); the returns are merged, the
conflict, the rejected edit and the extension request written into a decisions
workbook; one officer sends the same return again (-> already merged); the governance
team fills in the decisions workbook (openpyxl, as Excel saves it), approving the new
target, and it is resolved into the master, each decision audited; the audit chain is
verified; and the committee table is rendered, ungrouped and as the committee paper
grouped by what moved since the last report.
"""

from __future__ import annotations

import datetime as dt
import shutil
from importlib import resources
from pathlib import Path

from govsheet import api
from govsheet.errors import WorkbookError
from govsheet.merge.report import MergeReport
from govsheet.model.result import plural
from govsheet.returns.write import IssuedReturn

SEEDS = {
    "ags-action-plan": "ags-action-plan.txt",
    "governance-review": "governance-review.txt",
}
DEMO_ROUND = "2020/21 Q3"
DEMO_DUE = dt.date(2021, 1, 29)


def seed_path(schema_name: str) -> Path:
    """The packaged copy of a seed tracker extract."""
    return Path(str(resources.files("govsheet").joinpath("seeds", SEEDS[schema_name])))


def run(out: Path) -> list[str]:
    """Run the demo into folder ``out``; return the lines that say what happened and where."""
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WorkbookError(out, f"cannot create the demo folder ({exc.strerror})") from None
    lines = [f"govsheet demo: writing into {out}/"]
    masters: dict[str, Path] = {}
    for schema_name in SEEDS:
        master = out / f"{schema_name}-master.xlsx"
        report = out / f"{schema_name}-import-report.txt"
        result = api.import_tracker(seed_path(schema_name), schema_name, master, report=report,
                                    round_label=DEMO_ROUND, force=True)
        masters[schema_name] = master
        lines.append(f"  imported {plural(result.rows, 'row')} from the {schema_name} seed -> {master}")
        lines.append(f"  import report ({plural(len(result.notes), 'decision')} to check) -> {report}")
    lines += cycle(masters["ags-action-plan"], out)
    return lines


def cycle(master: Path, out: Path) -> list[str]:
    """Issue, simulate officers, merge, re-submit, verify and render; the lines saying what happened."""
    folder = out / "returns"
    if folder.exists():
        shutil.rmtree(folder)
    issued = api.issue(master, folder, due=DEMO_DUE, contact="the Assurance team (assurance@example.gov.uk)")
    lines = [(f"  issued {plural(len(issued.returns), 'return')} for round {issued.round}, "
              f"due {DEMO_DUE:%d %B %Y} -> {folder}/")]
    picked = sorted(issued.returns, key=lambda r: (-r.rows, r.owner))[:3]
    if len(picked) < 3:  # noqa: PLR2004 - the three simulated officers
        return [*lines, "  (too few owners in this tracker to simulate the officers)"]
    normal, conflicted, locked = picked
    lines += simulate(master, normal, conflicted, locked)
    decisions = out / "decisions.xlsx"
    decisions.unlink(missing_ok=True)
    report = api.merge(master, [normal.path, conflicted.path, locked.path], decisions=decisions)
    lines += describe("merge of the 3 returned workbooks", report)
    if report.backup:
        lines.append(f"  previous master kept as {report.backup}")
    lines.append(f"  decisions for the governance team -> {decisions}")
    again = api.merge(master, [normal.path])
    lines += describe(f"{normal.owner} sends the same return again", again)
    lines += decide(master, decisions)
    check = api.verify_audit(master)
    lines.append(f"  audit: {check.message} -> {master} (sheet Audit)")
    for fmt in ("html", "xlsx", "docx"):
        target = out / f"committee.{fmt}"
        written = api.render(master, fmt, target, force=True)
        lines.append(f"  {written.what} -> {target}")
    for fmt in ("html", "xlsx", "docx"):
        target = out / f"committee-paper.{fmt}"
        written = api.render(master, fmt, target, layout="since", force=True)
        lines.append(f"  {written.what.replace('committee table', 'committee paper', 1)} -> {target}")
    return lines


PROPOSED = "Proposed target"
REASON = "Reason for new target"
# What the governance team decides, by the field and the kind of question (the columns the team sees).
TEAM_DECISIONS = {
    ("Progress update", "conflict"): ("Take the officer's", "", "the officer's update is the later one"),
    ("Target date for completion", "rejected"): (
        "Keep the master", "", "a new target is asked for in the Proposed target column, not by editing the target"),
    ("Target date for completion", "extension request"): (
        "Approve the new target", "", "agreed: the feeds depend on the new finance system"),
}
DECIDED_BY = "Head of Assurance"


def decide(master: Path, decisions: Path) -> list[str]:
    """The team fills in the decisions workbook in Excel (here openpyxl) and resolves it into the master."""
    import openpyxl

    from govsheet.decisions.workbook import COLUMNS, DECISIONS_SHEET, FIRST_EDITABLE

    wb = openpyxl.load_workbook(decisions)
    ws = wb[DECISIONS_SHEET]
    titles = [title for title, _ in COLUMNS]
    field, kind = titles.index("Field") + 1, titles.index("Outcome") + 1
    lines = []
    for r in range(2, ws.max_row + 1):
        choice = TEAM_DECISIONS.get((str(ws.cell(r, field).value), str(ws.cell(r, kind).value)))
        if choice is None:
            continue
        for offset, value in enumerate((*choice, DECIDED_BY)):
            ws.cell(r, FIRST_EDITABLE + 1 + offset).value = value or None
        lines.append(f"    {ws.cell(r, 1).value} {ws.cell(r, 2).value} {ws.cell(r, field).value}: {choice[0]} "
                     f"({choice[2]})")
    wb.save(decisions)
    wb.close()
    resolved = api.resolve(master, decisions)
    summary = resolved.to_text().splitlines()[-1]
    return [f"  the governance team decides in {decisions.name} ({DECIDED_BY}):", *lines,
            f"  resolve: {summary}"]


def simulate(master: Path, normal: IssuedReturn, conflicted: IssuedReturn, locked: IssuedReturn) -> list[str]:
    """Officers fill in three returns; the governance team edits the master meanwhile."""
    first = first_key(normal.path, open_only=True)
    edit_return(normal.path, first, {"Progress status": "Completed",
                                     "Progress update": "Completed in December; report to committee in January."})
    later = first_key(normal.path, open_only=True, after=first)
    edit_return(normal.path, later, {PROPOSED: "December 2021",
                                     REASON: "the new assurance feeds go live in the autumn"})
    shared = first_key(conflicted.path)
    team_edit(master, shared, "Governance team: awaiting the officer's update.")
    edit_return(conflicted.path, shared, {"Progress update": "On track; the review is drafted."})
    target = first_key(locked.path)
    edit_return(locked.path, target, {"Target date for completion": "December 2022",
                                      "Progress update": "Needs more time; new target proposed."})
    return [
        f"  {normal.owner} ({normal.path.name}): marks action {first} Completed with a note",
        (f"  {normal.owner} ({normal.path.name}): asks for a new target for action {later} (December 2021), "
         "with a reason"),
        (f"  the governance team edits action {shared}'s progress in the master; {conflicted.owner} "
        f"({conflicted.path.name}) edits it too"),
        f"  {locked.owner} ({locked.path.name}): edits action {target}'s progress and its locked target date",
    ]


def describe(what: str, report: MergeReport) -> list[str]:
    s = report.summary
    lines = [(f"  {what}: {s['applied']} applied, {plural(s['conflicts'], 'conflict')}, {s['rejected']} rejected "
             f"(exit code {report.exit_code})")]
    lines += [f"    {r.file}: {r.status}" for r in report.returns if r.status != "merged"]
    lines += [f"    {c.outcome} {c.key} {c.title or c.field}: {c.reason}" for c in report.changes
              if c.outcome != "applied"]
    return lines


def first_key(path: Path, *, open_only: bool = False, after: str | None = None) -> str:
    """The reference of the first action in a return (the first not yet completed, if asked; the first with a
    status of its own after action ``after``, if given)."""
    import openpyxl

    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        rows = list(wb["Actions"].iter_rows(values_only=True))
    finally:
        wb.close()
    status = list(rows[0]).index("Progress status")
    keep = [r for r in rows[1:] if not open_only or r[status] != "Completed"] or rows[1:]
    if after is not None:  # an action with a status of its own (not a sub-item)
        keys = [str(r[0]) for r in keep]
        keep = [r for r in (keep[keys.index(after) + 1:] if after in keys else keep) if r[status]] or keep
    return str(keep[0][0])


def edit_return(path: Path, key: str, values: dict[str, str]) -> None:
    """Change one row of a return as an officer would in Excel (openpyxl saves it like Excel)."""
    import openpyxl

    wb = openpyxl.load_workbook(path, rich_text=True)  # Excel keeps rich text; so must the officer
    ws = wb["Actions"]
    cols = {str(c.value): c.column for c in ws[1] if c.value is not None}
    row = next(r for r in range(2, ws.max_row + 1) if str(ws.cell(r, 1).value) == key)
    for title, value in values.items():
        ws.cell(row, cols[title]).value = value
    wb.save(path)


def team_edit(master: Path, key: str, progress: str) -> None:
    """The governance team changes a row's progress in the master with ``govsheet edit`` (audited)."""
    from govsheet.schemas import load_schema
    from govsheet.workbook.read import read_actions

    schema = load_schema("ags-action-plan")
    table = read_actions(master, schema)
    row = next(r for r in table.rows if str(r.values.get(schema.primary_key)) == key)
    api.edit(master, [f"{table.sheet}!{table.cell('progress', row.number)}:={progress}"],
             reason="the team's note while the returns are out", by="Governance team")
