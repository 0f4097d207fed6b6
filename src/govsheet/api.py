"""The library's verbs: open files, run the stages, return a result. No printing, no exits."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from govsheet.files import guard_replace, refuse_overwrite
from govsheet.model.importing import ImportReport
from govsheet.model.result import AuditLog, Written, plural
from govsheet.model.schema import Schema
from govsheet.model.tracker import Tracker
from govsheet.schemas import resolve_schema

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from govsheet.audit import AuditCheck
    from govsheet.decisions.pending import OpenDecisions
    from govsheet.decisions.resolve import ResolveReport
    from govsheet.merge.report import MergeReport
    from govsheet.model.diff import DiffReport
    from govsheet.remind import RemindReport
    from govsheet.returns.directory import OwnersReport
    from govsheet.returns.write import IssueResult
    from govsheet.roll import RollReport
    from govsheet.status import StatusReport
    from govsheet.tracked import OutsideChange
    from govsheet.validate.report import ValidationReport
    from govsheet.xlsx.edit import EditReport

__all__ = [
    "diff",
    "edit",
    "import_tracker",
    "issue",
    "merge",
    "open_decisions",
    "outside_changes",
    "owners",
    "read_audit",
    "read_source",
    "read_tracker",
    "remind",
    "render",
    "resolve",
    "resolve_schema",
    "roll",
    "status",
    "validate",
    "verify_audit",
    "write_diff",
    "write_report",
    "write_status",
]


def read_source(source: Path, schema: str | Path | Schema, *, sheet: str | None = None) -> tuple[Tracker, ImportReport]:
    """Read a seed extract, CSV or xlsx into a tracker, with the report of every guess made.

    Raises:
        SourceError: the source cannot be read or its headers match no schema field.
        SchemaError: the schema does not exist or is malformed.
    """
    from govsheet.importer import read_any

    return read_any(Path(source), resolve_schema(schema), sheet=sheet)


def read_tracker(path: Path, schema: str | Path | Schema | None = None) -> Tracker:
    """Read the Actions sheet of a master or return into a tracker (rich text as plain text).

    Args:
        path: a master built by ``import``, or a return written by ``issue``.
        schema: the schema, when the workbook's metadata names none (or to use another file of it).

    Returns:
        The tracker: one action per data row, in sheet order, with the workbook's round.

    Raises:
        UsageError: the workbook names no schema and none was given.
        WorkbookError, SchemaError: the workbook or the schema cannot be read.
    """
    from govsheet.errors import UsageError
    from govsheet.workbook.open import OpenedWorkbook

    with OpenedWorkbook.open(Path(path)) as opened:  # once: the metadata and the Actions sheet from one read
        meta = opened.meta or {}
        name = schema if schema is not None else meta.get("schema", "")
        if not name:
            raise UsageError(path, "has no govsheet metadata naming its schema; give the schema")
        model = resolve_schema(name)
        return opened.actions(model).to_tracker(model, meta.get("round") or None)


def import_tracker(
    source: Path,
    schema: str | Path | Schema,
    out: Path,
    *,
    report: Path | None = None,
    round_label: str | None = None,
    sheet: str | None = None,
    force: bool = False,
) -> ImportReport:
    """Build a master workbook at ``out`` from ``source``; write the import report if asked.

    Args:
        source: a seed-style TSV extract, a CSV file or an xlsx workbook.
        schema: a shipped schema name, a schema file, or a loaded schema.
        out: where the master goes (replaced atomically).
        report: where to write the import report as text (``.json`` for JSON).
        round_label: the round the master starts in.
        sheet: for an xlsx source, the sheet to read (default: the schema's, else the first).
        force: replace ``out`` if it exists (the old file is kept as ``NAME.bak.xlsx``).

    Returns:
        The import report.

    Raises:
        SourceError, SchemaError, WorkbookError: the import could not run.
    """
    from govsheet.importer.master import write_master

    refuse_overwrite(Path(out), [Path(source)], "is the file being imported; write the master to another file")
    model = resolve_schema(schema)
    from govsheet.returns.directory import owner_notes

    tracker, result = read_source(source, model, sheet=sheet)
    guard_replace(Path(out), force=force)
    result = result.model_copy(update={"notes": (*result.notes,
                                                 *owner_notes((a.text(model.owner) for a in tracker.actions), model))})
    write_master(tracker, model, Path(out), round_label=round_label)
    if report is not None:
        write_report(result, Path(report))
    return result


def write_report(report: ImportReport, path: Path) -> None:
    """Write an import report as text, or as JSON when the file name ends in .json."""
    from govsheet.errors import WorkbookError

    text = report.model_dump_json(indent=2) if path.suffix.lower() == ".json" else report.to_text()
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise WorkbookError(path, f"cannot write the report ({exc.strerror}); check the folder") from None


def render(  # noqa: PLR0913 - every option of the committee table, each needed
    master: Path,
    fmt: str,
    out: Path,
    *,
    where: str | None = None,
    template: Path | None = None,
    today: dt.date | None = None,
    title: str | None = None,
    schema: str | Path | Schema | None = None,
    force: bool = False,
    since: str | None = None,
    layout: Literal["table", "since"] | None = None,
) -> Written:
    """Draw the committee table of a master (or return) as xlsx, HTML or Word.

    Args:
        master: the tracker workbook.
        fmt: "xlsx", "html" or "docx".
        out: the file to write (replaced atomically).
        where: a filter such as ``status != completed`` or ``overdue`` (see render/where.py).
        template: for docx, a .docx whose styles, header and footer are used.
        today: the date printed in the title and used by ``overdue`` (default: today, UTC).
        title: a title instead of the schema's title and round.
        schema: the schema, when the workbook has no govsheet metadata.
        force: replace ``out`` if it exists (the old file is kept as ``NAME.bak.<ext>``).
        since: the round of the last report: each row shows what changed in the rounds after it, from
            the master's Audit sheet (default with ``layout="since"``: the round before the current one).
        layout: "since" groups the rows as committee reports do (completed since the last report, revised
            targets and extensions requested, overdue, open and on track); "table" is one ungrouped table.
            Default: "since" when ``since`` is given, else "table".

    Returns:
        What was written.

    Raises:
        UsageError: a bad format, ``where`` expression, template or layout, or ``since`` is not an earlier
            round of the master.
        WorkbookError, SchemaError: the workbook or schema cannot be read, or ``out`` cannot be written.
    """
    from govsheet.errors import UsageError
    from govsheet.render.table import build_table, open_tracker

    if fmt not in {"xlsx", "html", "docx"}:
        raise UsageError(out, f"unknown format {fmt!r}; use xlsx, html or docx")
    if template is not None and fmt != "docx":
        raise UsageError(template, "a template applies only to --format docx")
    if layout not in {None, "table", "since"}:
        raise UsageError(out, f"unknown layout {layout!r}; use table or since")
    refuse_overwrite(Path(out), [Path(master)], "is the workbook being rendered; choose another output file")
    tracker = open_tracker(Path(master), schema)
    table = build_table(tracker, where=where, today=today, title=title)
    grouped = layout == "since" or (layout is None and since is not None)
    if grouped or since is not None:
        from govsheet.audit import read_audit as audit_rows
        from govsheet.render.since import group_since

        table = group_since(table, tracker, audit_rows(Path(master)), since=since, grouped=grouped,
                            master=Path(master))
    guard_replace(Path(out), force=force)
    if fmt == "xlsx":
        from govsheet.render.xlsx import write_xlsx

        write_xlsx(table, Path(out))
    elif fmt == "html":
        from govsheet.render.html import write_html

        write_html(table, Path(out))
    else:
        from govsheet.render.docx import write_docx

        write_docx(table, Path(out), template=template)
    what = f"committee table ({fmt}), {len(table.rows)} of {plural(table.total_rows, 'row')}"
    if table.sections:
        what += "; " + ", ".join(f"{s.title.lower()} {s.count}" for s in table.sections)
    return Written(path=str(out), what=what)


def validate(
    path: Path,
    schema: str | Path | Schema | None = None,
    *,
    today: dt.date | None = None,
    expect: Literal["any", "return"] = "any",
    annotate: Path | None = None,
) -> ValidationReport:
    """Check a tracker or a return against its schema; every problem says which cell to fix.

    Args:
        path: the workbook to check.
        schema: a shipped schema name, a schema file or a loaded schema; by default the
            schema named in the workbook's govsheet metadata.
        today: the day "overdue" is judged against (default: today).
        expect: "return" when the caller needs a govsheet return (merge, issue): a missing
            or altered metadata sheet is then an error.
        annotate: write a copy here with every problem cell highlighted and a Problems sheet.

    Returns:
        The report; ``report.valid`` is False when any problem is an error.

    Raises:
        WorkbookError: the workbook cannot be opened safely, or the copy cannot be written.
        SchemaError: the schema does not exist or is malformed.
        UsageError: no schema was given and the workbook does not name one, or ``annotate``
            would replace the workbook itself.
    """
    from govsheet.validate.engine import validate_workbook

    if annotate is not None:
        from govsheet.validate.annotate import check_target

        check_target(Path(path), Path(annotate))
    report = validate_workbook(Path(path), schema, today=today, expect=expect)
    if annotate is not None:
        from govsheet.validate.annotate import annotate_copy

        annotate_copy(Path(path), report, Path(annotate))
    return report


def issue(  # noqa: PLR0913 - the options of govsheet issue, keyword-only
    master: Path,
    out: Path,
    *,
    owners: Sequence[str] = (),
    round_label: str | None = None,
    due: dt.date | None = None,
    contact: str = "the governance team",
    schema: str | Path | Schema | None = None,
    force: bool = False,
    mail: bool = False,
    sender: str | None = None,
    template: Path | None = None,
) -> IssueResult:
    """Write one return workbook per owner of the master's rows into folder ``out``, and record them.

    The master's metadata records each return issued (return id, owner, file, due date, when);
    issuing again for an owner replaces that owner's record. Nothing else in the master changes.

    Args:
        master: a master built by ``import``.
        out: the folder for the returns (created if missing).
        owners: only these owners (matched ignoring case, spaces and dashes); default all.
        round_label: the round the returns are for (default: the master's round).
        due: the date the returns are due, shown on the Instructions sheet.
        contact: whom officers should ask and send the return to.
        schema: the master's schema when it is not a shipped one (default: the one its metadata names).
        force: replace returns already in ``out`` (each old one is kept as ``NAME.bak.xlsx``).
        mail: also write an e-mail draft (``.eml``) beside each return, To from the Owners sheet.
        sender: the drafts' From (default: none, the mail client fills it in).
        template: a text file replacing the drafts' body (placeholders such as ``$owner``, ``$due``).

    Returns:
        Each return written, with its owner, return id and number of rows; texts mapping to no owner.

    Raises:
        WorkbookError: the master cannot be read or is not a govsheet master; the folder cannot be written.
        UsageError: no row belongs to any owner asked for; a bad template; the master is open in Excel.
        LockError: another govsheet command is changing the master.
    """
    from govsheet.returns.issue import issue_round

    drafting = None
    if not mail and (sender is not None or template is not None):
        from govsheet.errors import UsageError

        raise UsageError(template or master, "a sender or template applies only with --mail")
    if mail:
        from govsheet.returns.mail import Drafting

        drafting = Drafting.load(sender=sender, template=None if template is None else Path(template),
                                 contact=contact)
    return issue_round(Path(master), Path(out), owners=owners, round_label=round_label, due=due, contact=contact,
                       schema=schema, force=force, mail=drafting)


def merge(
    master: Path,
    returns: Sequence[Path],
    *,
    out: Path | None = None,
    dry_run: bool = False,
    accept_stale: bool = False,
    progress: Callable[[int], None] | None = None,
    schema: str | Path | Schema | None = None,
    decisions: Path | None = None,
) -> MergeReport:
    """Fold returned workbooks into the master, three ways, and log every change on its Audit sheet.

    Args:
        master: the master workbook; changed in place (its previous version kept as
            ``NAME.bak.xlsx``) unless ``out`` is given.
        returns: the returned workbooks, merged in this order.
        out: write the merged master here instead.
        dry_run: decide everything, write nothing.
        accept_stale: merge returns from another round or master too.
        progress: called with the number of returns done after each one.
        schema: the master's schema (default: the one the master carries).
        decisions: write every conflict, rejected edit and extension request into this decisions
            workbook for the team to settle with :func:`resolve`, with the questions earlier merges
            left open.

    Returns:
        The report: each return's status and each change with its outcome.

    Raises:
        WorkbookError: the master cannot be read or written.
        LockError: another govsheet command is changing the master.
    """
    from govsheet.merge.run import merge_returns

    if decisions is not None:
        refuse_overwrite(Path(decisions), [Path(master), *map(Path, returns)],
                         "is the master or a return; write the decisions workbook to another file")
    report = merge_returns(Path(master), [Path(p) for p in returns], out=None if out is None else Path(out),
                           dry_run=dry_run, accept_stale=accept_stale, progress=progress, schema=schema)
    if decisions is not None:
        from govsheet.decisions.workbook import write_questions

        write_questions(Path(decisions), report, Path(master), schema)  # with the questions left open before
    return report


def resolve(master: Path, decisions: Path, *, dry_run: bool = False) -> ResolveReport:
    """Apply the decisions the team made in a decisions workbook to the master, each one audited.

    Args:
        master: the master the merge changed.
        decisions: the decisions workbook ``merge --decisions`` wrote, filled in.
        dry_run: say what would be applied; write nothing.

    Returns:
        Each row: applied, kept, still open, refused (with why) or decided before.

    Raises:
        WorkbookError: either workbook cannot be read, or the decisions belong to another master.
        LockError: another command is changing the master.
    """
    from govsheet.decisions.resolve import resolve as resolve_decisions

    return resolve_decisions(Path(master), Path(decisions), dry_run=dry_run)


def verify_audit(master: Path) -> AuditCheck:
    """Check the hash chain of a master's Audit sheet; the result names the first tampered row.

    Raises:
        WorkbookError: the workbook cannot be read or has no Audit sheet.
    """
    from dataclasses import replace

    from govsheet.audit import verify_workbook

    return replace(verify_workbook(Path(master)), master=str(master))


def read_audit(master: Path) -> AuditLog:
    """Read the Audit sheet of a master: every logged change, oldest first.

    Raises:
        WorkbookError: the workbook cannot be read or has no Audit sheet.
    """
    from govsheet.audit import AUDIT_COLUMNS
    from govsheet.audit import read_audit as audit_rows
    from govsheet.workbook.meta import cell_text

    rows = [[cell_text(c) for c in row] for row in audit_rows(Path(master))]
    return AuditLog.from_rows(str(master), [title for title, _ in AUDIT_COLUMNS], rows)


def outside_changes(master: Path) -> tuple[str, list[OutsideChange]]:
    """When govsheet last wrote a master, and every cell changed, row added or removed outside it since.

    Raises:
        WorkbookError: the workbook cannot be read or is not a govsheet master.
    """
    from govsheet.tracked import outside_changes as find

    return find(Path(master))


def edit(  # noqa: PLR0913 - the options of govsheet edit, keyword-only
    workbook: Path,
    assignments: Sequence[str],
    *,
    formulas: Sequence[str] = (),
    out: Path | None = None,
    force: bool = False,
    delete_rows: Sequence[str] = (),
    insert_rows: Sequence[str] = (),
    steps: Sequence[tuple[str, str]] = (),
    reason: str | None = None,
    by: str | None = None,
) -> EditReport:
    """Set cells of any workbook in place, keeping everything else byte for byte.

    On a govsheet master each cell changed on the Actions sheet gets a chained Audit row
    (outcome ``edited``), each action deleted one (``row-removed``) and each blank row inserted
    one (``row-added``), written in the same save; rows of its Audit and hidden sheets, and the
    Actions header row, cannot be deleted or inserted.

    Args:
        workbook: the .xlsx/.xlsm file.
        assignments: ``"Sheet!A1=value"`` texts, typed as documented in ``govsheet.xlsx.edit``.
        formulas: ``"Sheet!A1=SUM(B1:B9)"`` texts to put in as formulas.
        out: write here instead of replacing the file (atomically) in place.
        force: edit locked cells of protected sheets too (and delete or insert their rows).
        delete_rows: ``"Sheet!5:7"`` texts: rows deleted as Excel does, everything on them going too.
        insert_rows: ``"Sheet!5:7"`` texts: blank rows inserted so these rows are new (old row 5 becomes 8).
        steps: ``(kind, text)`` pairs, kind "set", "formula", "delete-rows", "insert-rows" or "move-rows"
            (``"Sheet!5:7>12"``: rows 5..7 cut and inserted before row 12), applied in this order before
            the other arguments (which follow in the order above).
        reason: on a master, why the cells were changed (the Audit rows' reason).
        by: on a master, who changed them (default: the operating system's user name).

    Returns:
        The report: each cell's old and new value, the file written and the parts rewritten.

    Raises:
        WorkbookError: the file cannot be opened safely or written.
        UsageError: a missing sheet, a bad reference or value, a locked cell on a protected sheet.
        LockError: another govsheet command is changing the workbook.
    """
    from govsheet.errors import UsageError
    from govsheet.xlsx.edit import Assignment, RowOperation, apply_steps, parse_assignment, parse_row_range

    ordered = [*steps, *(("set", t) for t in assignments), *(("formula", t) for t in formulas),
               *(("delete-rows", t) for t in delete_rows), *(("insert-rows", t) for t in insert_rows)]
    parsed: list[Assignment | RowOperation] = []
    for kind, text in ordered:
        if kind in ("delete-rows", "insert-rows", "move-rows"):
            parsed.append(parse_row_range(text, kind))  # type: ignore[arg-type]
        elif kind in ("set", "formula"):
            parsed.append(parse_assignment(text, formula=kind == "formula"))
        else:
            raise UsageError(None, f'"{kind}" is not an edit step; use set, formula, delete-rows, insert-rows or '
                                   "move-rows")
    path = Path(workbook)
    target = None if out is None else Path(out)
    if not path.is_file() or not parsed:  # the engine's own line for a missing file, or nothing to do
        return apply_steps(path, parsed, out=target, force=force)
    from contextlib import nullcontext

    from govsheet.audited_edit import audit_hook, with_derived
    from govsheet.collector import collector_paused
    from govsheet.errors import WorkbookError
    from govsheet.workbook.lock import master_lock
    from govsheet.workbook.open import OpenedWorkbook

    # in place: one writer at a time, as merge and roll; the master is read for its Audit rows
    # under the lock, so no other write lands in between
    with master_lock(path, "edit") if target is None else nullcontext():
        try:
            opened = OpenedWorkbook.open(path)
        except WorkbookError:
            # not a workbook calamine reads, so no master: the engine edits it, unless a part it would
            # copy unread declares entities
            from govsheet.xlsx.preflight import refuse_entities

            refuse_entities(path)
            return apply_steps(path, parsed, out=target, force=force)
        with opened, collector_paused():  # once: the pre-flight, the metadata, the Audit rows, the package
            parsed, table = with_derived(opened, parsed)  # a target set by hand moves its date too
            hook = audit_hook(opened, parsed, reason=reason, by=by, table=table)
            return apply_steps(path, parsed, out=target, force=force, before_save=hook, opened=opened.book)


def diff(old: Path, new: Path, *, schema: str | Path | Schema | None = None) -> DiffReport:
    """Compare two versions of a tracker row by row, keyed by the primary key.

    Args:
        old: the earlier master (or the master a return came from).
        new: the later master, or a return.
        schema: the schema, when neither workbook names one in its metadata.

    Returns:
        Changed cells (old -> new), added, removed and moved rows.

    Raises:
        UsageError: the workbooks use different schemas, or no schema is known.
        WorkbookError, SchemaError: a workbook or the schema cannot be read.
    """
    from govsheet.diff import diff as diff_workbooks

    return diff_workbooks(Path(old), Path(new), schema=schema)


def write_diff(report: DiffReport, out: Path, *, force: bool = False) -> Written:
    """Write a diff as a workbook whose table marks each change in words, symbols and colour.

    Raises:
        WorkbookError, SchemaError: ``out`` cannot be written or the schema cannot be loaded.
    """
    from govsheet.render.diff_xlsx import write_diff_xlsx

    refuse_overwrite(Path(out), [Path(report.old), Path(report.new)],
                     "is one of the workbooks being compared; write the diff to another file")
    guard_replace(Path(out), force=force)
    write_diff_xlsx(report, resolve_schema(report.schema_name), Path(out))
    return Written(path=str(out), what="diff workbook")


def roll(master: Path, round_label: str, out: Path, *, clear_updates: bool = False,
         today: dt.date | None = None, force: bool = False) -> RollReport:
    """Start the next round: open actions carried forward, closed ones archived, a roll entry audited.

    Args:
        master: the current master.
        round_label: the new round's label.
        out: where the new master goes (never the master itself).
        clear_updates: blank last round's progress updates instead of marking them.
        today: the date recorded on archived rows (default: today, UTC).
        force: replace ``out`` if it exists (the old file is kept as ``NAME.bak.xlsx``).

    Returns:
        What was carried, archived and marked.

    Raises:
        UsageError: a blank or unchanged round label, a return given as master, or ``out`` is the master.
        WorkbookError: the master cannot be read or ``out`` cannot be written.
    """
    from govsheet.roll import roll as roll_master

    return roll_master(Path(master), round_label, Path(out), clear_updates=clear_updates, today=today,
                       force=force)


def owners(master: Path, *, schema: str | Path | Schema | None = None) -> OwnersReport:
    """The owners directory of a master and, for each officer text, the owners it maps to.

    Args:
        master: a master built by ``import``.
        schema: the master's schema (default: the one the master carries).

    Returns:
        The directory (the master's Owners sheet, else the reading import would make) and every text's owners;
        ``report.unmapped`` lists the texts that map to none.

    Raises:
        WorkbookError: the master cannot be read or is not a govsheet master.
    """
    from govsheet.returns.directory import owners_report, unique_keys
    from govsheet.returns.write import read_master_round

    tracker, model, _, directory = read_master_round(Path(master), schema)
    keys = unique_keys(a.text(model.primary_key) for a in tracker.actions)
    rows = {k: a.values for k, a in zip(keys, tracker.actions, strict=True)}
    return owners_report(str(master), rows, model, directory)


def open_decisions(master: Path) -> OpenDecisions:
    """The conflicts, rejected edits and extension requests a master still waits for the team to decide.

    Read from the master's Audit sheet alone: a question is open from its merge's row until a
    ``decided`` row (``govsheet resolve``) or an ``applied`` row (a corrected return) for the same
    return, action and field settles it.

    Args:
        master: a master that merges have written to.

    Returns:
        The open questions, in the order they were asked.

    Raises:
        WorkbookError: the workbook cannot be read or has no Audit sheet.
    """
    from govsheet.decisions.pending import OpenDecisions, open_decisions_of

    return OpenDecisions(master=str(master), items=tuple(open_decisions_of(Path(master))))


def status(master: Path, returns_dir: Path | None = None, *, today: dt.date | None = None) -> StatusReport:
    """The round at a glance: per owner, issued, returned, merged, outstanding, late, and what waits for a decision.

    Args:
        master: the master the returns were issued from.
        returns_dir: the folder the returned workbooks are saved in; a workbook counts as returned when its
            metadata carries the return id (whatever its name). Without it only merged returns count.
        today: the day "late" is judged against (default: today, UTC).

    Returns:
        One row per owner (rows, return issued, returned, merged, changes applied, conflicts, rejected
        edits and requests waiting for a decision) and the totals; ``ok`` is False when a return is
        late or something waits for a decision.

    Raises:
        WorkbookError: the master cannot be read or is not a govsheet master.
        UsageError: ``returns_dir`` is not a folder.
    """
    from govsheet.status import round_status

    return round_status(Path(master), None if returns_dir is None else Path(returns_dir), today=today)


def remind(report: StatusReport, out: Path, *, sender: str | None = None, template: Path | None = None,
           force: bool = False) -> RemindReport:
    """Write a reminder e-mail draft (``.eml``) into folder ``out`` for each owner late or outstanding in ``report``.

    Each draft goes To the owner's e-mail on the Owners sheet (empty, and the owner listed, when there is
    none), says when the return was due, and carries the return as issued. Nothing is sent.

    Args:
        report: what :func:`status` found.
        out: the folder for the drafts (created if missing).
        sender: the drafts' From (default: none, the mail client fills it in).
        template: a text file replacing the body (placeholders such as ``$owner``, ``$when``).
        force: replace drafts already there (each old one kept as ``NAME.bak.eml``).

    Returns:
        Each draft written, its To and what was attached.

    Raises:
        UsageError: a bad sender or template; a draft would be replaced without ``force``.
        WorkbookError: the master cannot be read or the folder cannot be written.
    """
    from govsheet.remind import draft_reminders
    from govsheet.returns.mail import Drafting
    from govsheet.workbook.open import OpenedWorkbook

    drafting = Drafting.load(sender=sender, template=None if template is None else Path(template))
    with OpenedWorkbook.open(Path(report.master)) as opened:
        model = opened.master_schema()
    return draft_reminders(report, Path(out), drafting, schema=model, force=force)


def write_status(report: StatusReport, out: Path, *, fmt: str = "xlsx", force: bool = False) -> Written:
    """Write what :func:`status` found as a one-page A4 table: a workbook (``xlsx``) or a web page (``html``).

    Raises:
        UsageError: another format; ``out`` exists and ``force`` is False, or is the master.
        WorkbookError: ``out`` cannot be written.
    """
    from govsheet.errors import UsageError

    if fmt not in {"xlsx", "html"}:
        raise UsageError(out, f"unknown format {fmt!r}; use xlsx or html")
    refuse_overwrite(Path(out), [Path(report.master)], "is the master; write the status table to another file")
    guard_replace(Path(out), force=force)
    if fmt == "xlsx":
        from govsheet.render.status import write_status_xlsx

        write_status_xlsx(report, Path(out))
    else:
        from govsheet.render.status import write_status_html

        write_status_html(report, Path(out))
    return Written(path=str(out), what=f"round status ({fmt}), {plural(len(report.owners), 'owner')}")
