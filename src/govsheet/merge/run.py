"""Merge returns into a master: check each return, plan every cell, then write once.

Order of work: take the master's lock; read the master once with calamine
(Actions, Audit, metadata); for each return check its metadata (altered, another
schema -> invalid; the same copy merged before -> already-merged, a corrected copy
is merged against what the first one asked for; another round or master -> stale unless
accepted), align and decide every cell against the master *as it is
now*, including returns merged earlier in the same run; then copy the master to
its backup and write everything in one atomic save.
"""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from govsheet.audit import last_hash
from govsheet.collector import collector_paused
from govsheet.errors import GovsheetError, ReturnError, WorkbookError
from govsheet.files import keep_backup, refuse_overwrite, sha256_of
from govsheet.merge.align import read_master
from govsheet.merge.plan import RowOwners, plan_return, row_owner_keys
from govsheet.merge.report import Change, MergeReport, ReturnResult, ReturnStatus
from govsheet.model.schema import Schema
from govsheet.returns.directory import Directory, read_directory
from govsheet.returns.meta import ReturnMeta, master_fingerprint, read_return_meta
from govsheet.schemas import schema_hash
from govsheet.tracked import TRACKED_AT, changed_outside, patched
from govsheet.workbook.layout import AUDIT_SHEET, MERGED_PREFIX, OWNERS_SHEET
from govsheet.workbook.lock import master_lock
from govsheet.workbook.meta import master_schema
from govsheet.workbook.open import OpenedWorkbook
from govsheet.workbook.read import ActionsTable, Row, read_actions
from govsheet.workbook.snapshot import snapshot_grid

if TYPE_CHECKING:
    from govsheet.validate.report import ValidationReport

Progress = Callable[[int], None]
_T = TypeVar("_T")


def merge_returns(
    master: Path,
    returns: Sequence[Path],
    *,
    out: Path | None = None,
    dry_run: bool = False,
    accept_stale: bool = False,
    progress: Progress | None = None,
    schema: str | Path | Schema | None = None,
) -> MergeReport:
    """Fold ``returns`` into ``master`` (or into a copy at ``out``); see the module docstring.

    Raises:
        WorkbookError: the master cannot be read or written.
        LockError: another govsheet command is changing the master.
    """
    master = Path(master)
    if out is not None:
        refuse_overwrite(Path(out), [Path(r) for r in returns],
                         "is one of the returns being merged; write the merged master to another file")
    if dry_run:
        with collector_paused():
            return _merge(master, returns, out=None, dry_run=True, accept_stale=accept_stale, progress=progress,
                          schema=schema)
    if not master.is_file():
        OpenedWorkbook.open(master).close()  # its one clear line for a missing master or a folder, before any lock file
    with master_lock(master, "merge"), collector_paused():
        return _merge(master, returns, out=out, dry_run=False, accept_stale=accept_stale, progress=progress,
                      schema=schema)


def _merge(master: Path, returns: Sequence[Path], *, out: Path | None, dry_run: bool, accept_stale: bool,
           progress: Progress | None, schema: str | Path | Schema | None) -> MergeReport:
    # The preflight inflates each sheet through the package, where the engine finds it again when
    # it writes the merge: the master's sheets are inflated once, not twice.
    with OpenedWorkbook.open(master) as opened:
        return _merge_open(master, opened, returns, out=out, dry_run=dry_run, accept_stale=accept_stale,
                           progress=progress, schema=schema)


def _merge_open(master: Path, opened: OpenedWorkbook, returns: Sequence[Path], *, out: Path | None,
                dry_run: bool, accept_stale: bool, progress: Progress | None,
                schema: str | Path | Schema | None) -> MergeReport:
    from govsheet.merge.apply import Tracked, apply_merge

    meta = opened.meta or {}
    schema = master_schema(master, meta, schema)
    # calamine parses the master's tracker sheet (then its Audit and Owners sheets) in the background,
    # its parse not holding the interpreter lock, while the first return is read and checked and the
    # engine indexes the sheet it will patch
    opened.prefetch(schema.sheet, AUDIT_SHEET, OWNERS_SHEET)
    state = _State(meta, schema, accept_stale)
    first = [state.read(Path(returns[0]))] if returns else []
    try:
        _index_ahead(opened, schema.sheet)
        table, rows = read_master(master, opened, schema)
    except BaseException:
        for read in first:
            if isinstance(read, _Return):
                read.opened.close()
        raise
    audit_rows = opened.audit_rows
    previous = last_hash(audit_rows)
    now = snapshot_grid(schema, rows.grid, table.header_row, table.columns)
    outside = changed_outside(schema, meta, now)
    state.table, state.rows = table, rows
    state.directory = read_directory(opened)  # the Owners sheet decides whose rows a return may change
    state.audit_rows = audit_rows
    results: list[ReturnResult] = []
    changes: list[Change] = []
    later = (state.read(Path(path)) for path in returns[1:])
    for done, read in enumerate(itertools.chain(first, later), start=1):
        result, found = state.merge_one(read)
        results.append(result)
        changes.extend(found)
        if progress:
            progress(done)
    report = MergeReport(master=str(master), returns=tuple(results), changes=tuple(changes), dry_run=dry_run)
    wanted = any(r.status in {"merged", "already-merged"} for r in results)
    if dry_run or not wanted:
        return report
    target = out or master
    backup = None
    if out is None or out.resolve() == master.resolve():
        backup = keep_backup(master)
    after = patched(now, schema, ((c.key, c.field, c.value) for c in changes
                                  if c.outcome == "applied" and c.field))
    apply_merge(master, target, schema, table, changes, results, round_label=meta.get("round", ""),
                previous_hash=previous, book=opened.book,
                tracked=Tracked(outside, meta.get(TRACKED_AT, ""), after, meta, opened.sha256, opened.meta_rows))
    # the file written as the caller named it, like the backup beside it
    return replace(report, written=target, backup=backup)


def _index_ahead(opened: OpenedWorkbook, sheet: str) -> None:
    """Have the engine index the tracker sheet it will patch (its XML is checked on the way).

    A sheet the engine cannot index is left for the write, which says why; a dry run or a
    merge with nothing to apply never needs it.
    """
    if sheet in opened.book.sheet_names:
        with contextlib.suppress(WorkbookError):
            opened.book.sheet(sheet).index  # noqa: B018 - indexed now, used by the write


class _Return:
    """One return opened and its metadata read; its rows and what the validator finds are worked out once."""

    def __init__(self, path: Path, sha256: str, opened: OpenedWorkbook, meta: ReturnMeta) -> None:
        self.path = path
        self.sha256 = sha256
        self.opened = opened
        self.meta = meta
        self._kept: dict[str, object] = {}  # each answer worked out, or the GovsheetError it raised

    def actions(self, schema: Schema) -> ActionsTable:
        """The return's tracker sheet read with ``schema``.

        Raises:
            WorkbookError: the sheet is missing or has no header row naming the fields.
        """
        return self._once("actions", ActionsTable, lambda: read_actions(self.path, schema, book=self.opened))

    def validate(self, schema: Schema) -> ValidationReport:
        """The return validated against ``schema`` (from what was read, not opened again).

        Raises:
            GovsheetError: the return cannot be validated.
        """
        from govsheet.validate.engine import validate_workbook
        from govsheet.validate.report import ValidationReport

        return self._once("validate", ValidationReport,
                          lambda: validate_workbook(self.path, schema, expect="return", opened=self.opened))

    def _once(self, name: str, kind: type[_T], work: Callable[[], _T]) -> _T:
        if name not in self._kept:
            try:
                self._kept[name] = work()
            except GovsheetError as exc:
                self._kept[name] = exc
        found = self._kept[name]
        if isinstance(found, GovsheetError):
            raise found
        assert isinstance(found, kind)  # noqa: S101 - kept by work() above
        return found


class _State:
    """The master as it is during one merge run, returns applied so far included."""

    def __init__(self, meta: dict[str, str], schema: Schema, accept_stale: bool) -> None:
        self.meta = meta
        self.schema = schema
        self.table: ActionsTable | None = None  # the master's, once read
        self.rows: Mapping[str, Row] = {}
        # return id -> "when sha256" of the copy merged (or "" for one merged earlier in this run)
        self.merged = {k[len(MERGED_PREFIX):]: v for k, v in meta.items() if k.startswith(MERGED_PREFIX)}
        self.fingerprint = master_fingerprint(meta)
        self.accept_stale = accept_stale
        self.directory: Directory | None = None
        self.audit_rows: Sequence[Sequence[Any]] = []
        self._first_copies: dict[str, dict[tuple[str, str], str]] | None = None  # read when a copy is resubmitted
        self.owners: RowOwners | None = None  # each master row's owners, shared by the returns

    def read(self, path: Path) -> _Return | ReturnResult:
        """Open one return and read its metadata (the result saying why it cannot be merged, if not).

        The first return is read while the master's sheet is still being parsed, so what it needs
        checked (its rows, the validator's findings) is checked here as well.
        """
        invalid = ReturnResult(file=str(path), return_id="", owner="", status="invalid")
        try:
            sha256 = sha256_of(path)
            opened = OpenedWorkbook.open(path)
        except WorkbookError as exc:
            return replace(invalid, reason=exc.message)
        except OSError as exc:
            return replace(invalid, reason=f"cannot be read ({exc.strerror})")
        try:
            ret = read_return_meta(path, opened)
        except (WorkbookError, ReturnError) as exc:
            opened.close()
            return replace(invalid, reason=exc.message)
        read = _Return(path, sha256, opened, ret)
        if self.table is None:
            with contextlib.suppress(GovsheetError):  # each kept, with its error, for when the return is merged
                read.actions(self.schema)
                read.validate(self.schema)
        return read

    def merge_one(self, read: _Return | ReturnResult) -> tuple[ReturnResult, list[Change]]:
        """Check one return read and plan its changes against the master as it is now."""
        if isinstance(read, ReturnResult):
            return read, []
        with read.opened:
            ret = read.meta
            result = ReturnResult(file=str(read.path), return_id=ret.return_id, owner=ret.owner, status="invalid",
                                  sha256=read.sha256)
            result, changes = self._merge_open(read, result)
            if result.status != "invalid":
                result = replace(result, notes=tuple(line for _, line in read.opened.active_findings))
            return result, changes

    def _merge_open(self, read: _Return, result: ReturnResult) -> tuple[ReturnResult, list[Change]]:
        path, ret, sha256 = read.path, read.meta, read.sha256
        assert self.table is not None  # noqa: S101 - returns are merged once the master is read
        refusal = self.refusal(ret, sha256)
        if refusal:
            return replace(result, status=refusal[0], reason=refusal[1]), []
        try:
            theirs = read.actions(self.schema)
        except WorkbookError as exc:
            return replace(result, reason=exc.message), []
        resubmitted = ret.return_id in self.merged
        if resubmitted:
            # Merged against what the first copy asked for, so only what the officer changed again is decided.
            ret = replace(ret, baseline=self.first_copy(ret))
        if self.owners is None:
            self.owners = row_owner_keys(self.schema, self.rows, self.directory)
        planned = plan_return(self.schema, ret, theirs, self.table, self.rows, source=str(path),
                              directory=self.directory, owners=self.owners)
        if resubmitted:
            planned = [replace(c, reason=f"resubmitted; {c.reason}" if c.reason else "resubmitted") for c in planned]
        changes = reject_invalid(planned, lambda: read.validate(self.schema))
        for change in changes:
            if change.outcome == "applied" and change.field and change.key in self.rows:
                self.rows[change.key].values[change.field] = change.value
                if change.field in {self.schema.owner, self.schema.parent}:
                    self.owners = None  # whose rows are whose is worked out again for the next return
        self.merged[ret.return_id] = f"this run {sha256}"
        return replace(result, status="merged"), changes

    def first_copy(self, ret: ReturnMeta) -> dict[str, dict[str, str]]:
        """The return as its copy merged before asked: the baseline with each cell that copy changed."""
        baseline = {key: dict(values) for key, values in ret.baseline.items()}
        if self._first_copies is None:
            self._first_copies = first_copies(self.audit_rows)
        for (key, field), value in self._first_copies.get(ret.return_id, {}).items():
            if key in baseline:
                baseline[key][field] = value
        return baseline

    def refusal(self, ret: ReturnMeta, sha256: str) -> tuple[ReturnStatus, str] | None:  # noqa: PLR0911
        if ret.schema != self.schema.name:
            return "invalid", f"a return for schema {ret.schema!r}; the master uses {self.schema.name!r}"
        if ret.return_id in self.merged:
            when, _, merged_sha = self.merged[ret.return_id].rpartition(" ")
            if merged_sha == sha256:
                return "already-merged", f"this return was merged before ({when or 'earlier'}); nothing to do"
            return None  # a corrected copy: merged against what the first copy asked for
        if self.accept_stale:
            return None
        if ret.master_fingerprint != self.fingerprint:
            return "stale", "issued from another master (or before it was rebuilt); use --accept-stale to merge it"
        if ret.master_round != self.meta.get("round", ""):
            return "stale", (f"issued in round {ret.master_round!r}; the master is now in round "
                             f"{self.meta.get('round', '')!r}; use --accept-stale to merge it")
        if ret.schema_hash != schema_hash(self.schema):
            return "stale", "issued with an older version of the schema; use --accept-stale to merge it"
        return None


_MERGE_OUTCOMES = {"applied", "conflict", "rejected"}


def first_copies(audit_rows: Sequence[Sequence[Any]]) -> dict[str, dict[tuple[str, str], str]]:
    """Return id -> (key, field) -> the value each copy merged before asked for, from the Audit sheet."""
    from govsheet.audit import text

    found: dict[str, dict[tuple[str, str], str]] = {}
    for row in audit_rows:
        if len(row) < 9 or text(row[8]) not in _MERGE_OUTCOMES:  # noqa: PLR2004 - the outcome is column 9
            continue
        return_id, key, field = text(row[2]), text(row[4]), text(row[5])
        if return_id and key and field:
            found.setdefault(return_id, {})[(key, field)] = text(row[7])
    return found


def reject_invalid(changes: list[Change], validate: Callable[[], ValidationReport]) -> list[Change]:
    """The changes, each one the validator finds an error in (same row and field) rejected with its message.

    ``validate`` gives the return's validation report (raising GovsheetError when it cannot be
    validated); it is asked for only when some change could still be applied.
    """
    if not any(c.outcome != "rejected" and c.field for c in changes):
        return changes
    try:
        report = validate()
    except GovsheetError as exc:
        reason = f"the return could not be validated: {exc.message}"
        return [replace(c, outcome="rejected", reason=reason) if c.outcome != "rejected" and c.field else c
                for c in changes]
    errors: dict[tuple[str, str], str] = {}
    for p in report.errors:
        if p.severity == "error" and p.key is not None and p.field is not None:
            errors.setdefault((p.key, p.field), f"{p.message} [{p.code}]")
    kept: list[Change] = []
    for change in changes:
        # an extension request reads the proposal, not the return's target cell (whose edit is rejected on its own)
        found = errors.get((change.key, change.field or "")) if change.outcome in {"applied", "conflict"} else None
        kept.append(replace(change, outcome="rejected", reason=found) if found else change)
    return kept
