"""The library's verbs: open files, run the stages, return a result. No printing, no exits."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from govsheet.files import guard_replace, guard_replace_all, refuse_overwrite
from govsheet.model.importing import ImportReport
from govsheet.model.result import Written
from govsheet.model.schema import Schema
from govsheet.model.tracker import Tracker
from govsheet.schemas import load_schema

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from govsheet.audit import AuditCheck
    from govsheet.diff import DiffReport
    from govsheet.merge.report import MergeReport
    from govsheet.returns.write import IssueResult
    from govsheet.roll import RollReport
    from govsheet.tracked import OutsideChange
    from govsheet.validate.report import ValidationReport
    from govsheet.xlsx.edit import EditReport


def resolve_schema(schema: str | Path | Schema) -> Schema:
    """A schema given by shipped name, file path or model."""
    return schema if isinstance(schema, Schema) else load_schema(schema)


def read_source(source: Path, schema: str | Path | Schema, *, sheet: str | None = None) -> tuple[Tracker, ImportReport]:
    """Read a seed extract, CSV or xlsx into a tracker, with the report of every guess made.

    Raises:
        SourceError: the source cannot be read or its headers match no schema field.
        SchemaError: the schema does not exist or is malformed.
    """
    from govsheet.importer import read_any

    return read_any(Path(source), resolve_schema(schema), sheet=sheet)


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
    from govsheet.workbook.write import write_master

    refuse_overwrite(Path(out), [Path(source)], "is the file being imported; write the master to another file")
    model = resolve_schema(schema)
    tracker, result = read_source(source, model, sheet=sheet)
    guard_replace(Path(out), force=force)
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

    Returns:
        What was written.

    Raises:
        UsageError: a bad format, ``where`` expression or template.
        WorkbookError, SchemaError: the workbook or schema cannot be read, or ``out`` cannot be written.
    """
    from govsheet.errors import UsageError
    from govsheet.render.table import build_table, open_tracker

    if fmt not in {"xlsx", "html", "docx"}:
        raise UsageError(out, f"unknown format {fmt!r}; use xlsx, html or docx")
    if template is not None and fmt != "docx":
        raise UsageError(template, "a template applies only to --format docx")
    refuse_overwrite(Path(out), [Path(master)], "is the workbook being rendered; choose another output file")
    table = build_table(open_tracker(Path(master), schema), where=where, today=today, title=title)
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
    return Written(path=str(out), what=f"committee table ({fmt}), {len(table.rows)} of {table.total_rows} rows")


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


def issue(
    master: Path,
    out: Path,
    *,
    owners: Sequence[str] = (),
    round_label: str | None = None,
    due: dt.date | None = None,
    contact: str = "the governance team",
    schema: str | Path | Schema | None = None,
    force: bool = False,
) -> IssueResult:
    """Write one return workbook per owner of the master's rows into folder ``out``.

    Args:
        master: a master built by ``import``.
        out: the folder for the returns (created if missing).
        owners: only these owners (matched ignoring case, spaces and dashes); default all.
        round_label: the round the returns are for (default: the master's round).
        due: the date the returns are due, shown on the Instructions sheet.
        contact: whom officers should ask and send the return to.
        schema: the master's schema when it is not a shipped one (default: the one its metadata names).
        force: replace returns already in ``out`` (each old one is kept as ``NAME.bak.xlsx``).

    Returns:
        Each return written, with its owner, return id and number of rows.

    Raises:
        WorkbookError: the master cannot be read or is not a govsheet master; the folder cannot be written.
        UsageError: no row belongs to any owner asked for.
    """
    from govsheet.returns.write import issue_returns, read_master_tracker

    tracker, model, meta = read_master_tracker(Path(master), schema)
    guard_replace_all(Path(out), _return_names(tracker, model, owners), force=force)
    return issue_returns(Path(master), tracker, model, meta, Path(out), owners=owners, round_label=round_label,
                         due=due, contact=contact)


def _return_names(tracker: Tracker, schema: Schema, owners: Sequence[str]) -> list[str]:
    """The file names ``issue`` gives the returns it writes (as returns.write names them)."""
    from govsheet.returns.owners import owner_key, slug
    from govsheet.returns.write import group_by_owner

    groups = group_by_owner(tracker, schema)
    keys = [k for k in (owner_key(o) for o in owners) if k in groups] if owners else list(groups)
    names: list[str] = []
    for key in keys:
        stem = slug(groups[key][0])
        candidate, n = stem, 2
        while f"{candidate}.xlsx" in names:
            candidate, n = f"{stem}-{n}", n + 1
        names.append(f"{candidate}.xlsx")
    return names


def merge(
    master: Path,
    returns: Sequence[Path],
    *,
    out: Path | None = None,
    dry_run: bool = False,
    accept_stale: bool = False,
    progress: Callable[[int], None] | None = None,
    schema: str | Path | Schema | None = None,
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
        schema: the master's schema when it is not a shipped one (default: the one its metadata names).

    Returns:
        The report: each return's status and each change with its outcome.

    Raises:
        WorkbookError: the master cannot be read or written.
        LockError: another govsheet command is changing the master.
    """
    from govsheet.merge.run import merge_returns

    return merge_returns(Path(master), [Path(p) for p in returns], out=None if out is None else Path(out),
                         dry_run=dry_run, accept_stale=accept_stale, progress=progress, schema=schema)


def verify_audit(master: Path) -> AuditCheck:
    """Check the hash chain of a master's Audit sheet; the result names the first tampered row.

    Raises:
        WorkbookError: the workbook cannot be read or has no Audit sheet.
    """
    from govsheet.audit import verify_workbook

    return verify_workbook(Path(master))


def outside_changes(master: Path) -> tuple[str, list[OutsideChange]]:
    """When govsheet last wrote a master, and every cell changed, row added or removed outside it since.

    Raises:
        WorkbookError: the workbook cannot be read or is not a govsheet master.
    """
    from govsheet.tracked import outside_changes as find

    return find(Path(master))


def edit(
    workbook: Path,
    assignments: Sequence[str],
    *,
    formulas: Sequence[str] = (),
    out: Path | None = None,
    force: bool = False,
    reason: str | None = None,
    by: str | None = None,
) -> EditReport:
    """Set cells of any workbook in place, keeping everything else byte for byte.

    On a govsheet master each cell changed on the Actions sheet gets a chained Audit row
    (outcome ``edited``), written in the same save.

    Args:
        workbook: the .xlsx/.xlsm file.
        assignments: ``"Sheet!A1=value"`` texts, typed as documented in ``govsheet.xlsx.edit``.
        formulas: ``"Sheet!A1=SUM(B1:B9)"`` texts to put in as formulas.
        out: write here instead of replacing the file (atomically) in place.
        force: edit locked cells of protected sheets too.
        reason: on a master, why the cells were changed (the Audit rows' reason).
        by: on a master, who changed them (default: the operating system's user name).

    Returns:
        The report: each cell's old and new value, the file written and the parts rewritten.

    Raises:
        WorkbookError: the file cannot be opened safely or written.
        UsageError: a missing sheet, a bad reference or value, a locked cell on a protected sheet.
        LockError: another govsheet command is changing the workbook.
    """
    from govsheet.xlsx.edit import apply_edits, parse_assignment

    parsed = [parse_assignment(text) for text in assignments]
    parsed += [parse_assignment(text, formula=True) for text in formulas]
    path = Path(workbook)
    if not path.is_file():
        return apply_edits(path, parsed, out=None if out is None else Path(out), force=force)
    from govsheet.audited_edit import audit_hook
    from govsheet.workbook.lock import master_lock

    if out is not None:
        return apply_edits(path, parsed, out=Path(out), force=force,
                           before_save=audit_hook(path, reason=reason, by=by) if parsed else None)
    with master_lock(path, "edit"):  # in place: one writer at a time, as merge and roll
        return apply_edits(path, parsed, force=force,
                           before_save=audit_hook(path, reason=reason, by=by) if parsed else None)


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
