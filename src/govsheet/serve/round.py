"""The round folder the page works on, and the library calls each page makes.

A round folder holds one master (``*.xlsx`` at the top), ``returns/`` (what
``issue`` wrote) and ``outputs/`` (what the page produced: committee papers, the
returns zip). Uploads go to ``.govsheet-serve/uploads/`` inside the folder, under
names the page chooses; a client's file name is only ever shown, never used as a
path. Every file handed back is one this module produced (or the master), found by
an id, never by a path from the request.

The routes in ``app.py`` call these methods and nothing else; when ``status`` and
``resolve`` land in ``govsheet.api``, their pages are one method here each.
"""

from __future__ import annotations

import re
import secrets
import shutil
import threading
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from govsheet import api
from govsheet.errors import GovsheetError, LockError, UsageError
from govsheet.serve import decisions
from govsheet.serve.decisions import keep_if_asked, new_workbook_path

if TYPE_CHECKING:
    import datetime as dt

    from govsheet.audit import AuditCheck
    from govsheet.decisions.resolve import ResolveReport
    from govsheet.merge.report import MergeReport, ReturnResult
    from govsheet.model.result import Written
    from govsheet.returns.write import IssueResult
    from govsheet.status import StatusReport
    from govsheet.validate.report import ValidationReport

WORK_DIR = ".govsheet-serve"
UPLOADS = "uploads"
OUTPUTS = "outputs"
RETURNS = "returns"
MASTER_ID = "master"
FORMATS = ("html", "xlsx", "docx")
MEDIA = {
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".html": "text/html; charset=utf-8",
    ".zip": "application/zip",
}
_UNSAFE = re.compile(r"[^A-Za-z0-9._ -]+")
MAX_NAME = 80


def safe_name(client_name: str) -> str:
    """A file name safe to show and to end a path with: the last part of the client's name, tamed."""
    last = re.split(r"[\\/]", client_name or "")[-1]
    cleaned = _UNSAFE.sub("_", last).strip(" .")
    cleaned = re.sub(r"\.{2,}", ".", cleaned)[-MAX_NAME:].lstrip(" .")
    return cleaned or "return.xlsx"


@dataclass
class Checked:
    """One uploaded return: the name it was sent under, where it is kept, what the dry run and validate found."""

    id: str
    name: str
    path: Path
    result: ReturnResult | None = None
    rejected: int = 0
    requests: int = 0  # extension requests: merged as questions for the team, not as edits
    report: ValidationReport | None = None
    error: str = ""

    @property
    def usable(self) -> bool:
        """True when the dry run would merge it (its rejected edits, if any, are left out as the CLI does)."""
        return self.result is not None and self.result.status == "merged"


@dataclass
class Batch:
    """Returns uploaded together, checked, and previewed as a dry-run merge, then merged.

    The check and the merge run in a thread of their own, so the page stays responsive, shows
    how far they are, and a closed browser loses nothing: the work finishes and its result waits.
    """

    id: str
    folder: Path
    files: list[Checked] = field(default_factory=list)
    preview: MergeReport | None = None
    preview_error: str = ""
    merged: MergeReport | None = None
    merge_error: str = ""
    decisions: Path | None = None  # the merge's decisions workbook, when it asked the team anything
    busy: str = ""  # "checking" or "merging" while a thread works on the batch
    done: int = 0
    total: int = 0


@dataclass
class RoundInfo:
    """What the Round page shows about the master."""

    master: str
    round: str
    schema: str
    rows: int
    status: StatusReport  # who has returned, who is late, what waits for a decision


class RoundFolder:
    """The round folder the page serves: its master, its returns, what the page produced."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder).resolve()
        self.work = self.folder / WORK_DIR
        self.outputs = self.folder / OUTPUTS
        self.returns = self.folder / RETURNS
        self.batches: dict[str, Batch] = {}
        self.produced: dict[str, Path] = {}
        self._write = threading.Lock()

    # -- the master ------------------------------------------------------------------------

    @property
    def master(self) -> Path:
        """The one master workbook at the top of the folder.

        Raises:
            UsageError: the folder holds no master, or more than one.
        """
        if not self.folder.is_dir():
            raise UsageError(self.folder, "is not a folder; start govsheet serve on a round folder")
        found = sorted(p for p in self.folder.glob("*.xlsx")
                       if p.is_file() and not p.name.endswith(".bak.xlsx") and not p.name.startswith("~$"))
        if not found:
            raise UsageError(self.folder, "holds no master workbook (*.xlsx); put the round's master in it")
        if len(found) > 1:
            names = ", ".join(p.name for p in found)
            raise UsageError(self.folder, f"holds more than one workbook ({names}); keep only the master at the top")
        return found[0]

    @contextmanager
    def writing(self) -> Iterator[None]:
        """Hold the page's write lock: one request at a time changes the master or the folder.

        Raises:
            LockError: another request is writing.
        """
        if not self._write.acquire(blocking=False):
            raise LockError(self.folder, "another change is running; wait for it to finish and try again")
        try:
            yield
        finally:
            self._write.release()

    def info(self) -> RoundInfo:
        """The master's round and rows, and ``govsheet status`` over it and ``returns/``."""
        from govsheet.returns.write import read_master_tracker

        master = self.master
        tracker, schema, meta = read_master_tracker(master)
        status = api.status(master, self.returns if self.returns.is_dir() else None)
        return RoundInfo(master=master.name, round=meta.get("round", tracker.round or ""), schema=schema.name,
                         rows=len(tracker.actions), status=status)

    def issue(self, *, due: dt.date | None = None, mail: bool = False) -> IssueResult:
        """Write one return per owner into ``returns/`` (the folder is replaced), with an e-mail draft beside
        each when ``mail``."""
        with self.writing():
            master = self.master
            if self.returns.is_dir():
                shutil.rmtree(self.returns)
            return api.issue(master, self.returns, due=due, mail=mail)

    def returns_zip(self) -> str:
        """Zip the issued returns into ``outputs/`` and give the download id.

        Raises:
            UsageError: no return has been issued yet.
        """
        files = sorted(self.returns.glob("*.xlsx")) if self.returns.is_dir() else []
        if not files:
            raise UsageError(self.returns, "holds no returns yet; press Issue returns first")
        return self.register(self._zip(files, "returns.zip"))

    def mail_zip(self) -> str:
        """Zip the invitation drafts ``issue --mail`` wrote beside the returns; give the download id.

        Raises:
            UsageError: no draft has been written.
        """
        files = sorted(self.returns.glob("*.eml")) if self.returns.is_dir() else []
        if not files:
            raise UsageError(self.returns, "holds no e-mail drafts; issue the returns with the e-mail drafts ticked")
        return self.register(self._zip(files, "invitations.zip"))

    def reminders_zip(self) -> str:
        """Write a reminder draft for each owner whose return is late or outstanding, zip them; give the id.

        Raises:
            UsageError: nobody is late or outstanding.
        """
        master = self.master
        report = api.status(master, self.returns if self.returns.is_dir() else None)
        out = self.outputs / "reminders"
        shutil.rmtree(out, ignore_errors=True)
        drafts = api.remind(report, out).drafts
        if not drafts:
            raise UsageError(None, "no return is late or outstanding; nobody needs a reminder")
        return self.register(self._zip([Path(d.path) for d in drafts], "reminders.zip"))

    def _zip(self, files: list[Path], name: str) -> Path:
        self.outputs.mkdir(exist_ok=True)
        out = self.outputs / name
        tmp = out.with_suffix(".zip.tmp")
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf:
            for path in files:
                zf.write(path, path.name)
        tmp.replace(out)
        return out

    # -- returns ---------------------------------------------------------------------------

    def new_batch(self) -> Batch:
        """A fresh upload folder inside the round folder."""
        batch_id = secrets.token_hex(8)
        folder = self.work / UPLOADS / batch_id
        folder.mkdir(parents=True)
        batch = Batch(batch_id, folder)
        self.batches[batch_id] = batch
        return batch

    def batch(self, batch_id: str) -> Batch:
        """An upload batch by id.

        Raises:
            UsageError: no such batch (the page was restarted, or the link is wrong).
        """
        batch = self.batches.get(batch_id)
        if batch is None:
            raise UsageError(None, "these uploads are no longer known; upload the returns again")
        return batch

    def drop_batch(self, batch: Batch) -> None:
        """Forget a batch and delete its files."""
        self.batches.pop(batch.id, None)
        shutil.rmtree(batch.folder, ignore_errors=True)

    def check(self, batch: Batch, progress: Callable[[int], None] | None = None) -> None:
        """Preview the uploads as one dry-run merge (the command line's), then validate those it refused or
        rejected edits from, so their problems can be shown at their cells."""
        try:
            batch.preview = api.merge(self.master, [item.path for item in batch.files], dry_run=True,
                                      progress=progress)
        except GovsheetError as exc:
            batch.preview_error = str(exc)
            return
        results = {result.file: result for result in batch.preview.returns}
        for item in batch.files:
            item.result = results.get(str(item.path))
            item.rejected = sum(1 for c in batch.preview.changes
                                if c.source == str(item.path) and c.outcome == "rejected")
            item.requests = sum(1 for c in batch.preview.changes
                                if c.source == str(item.path) and c.outcome == "requested")
            if item.usable and not item.rejected:
                continue
            try:
                item.report = api.validate(item.path, expect="return")
            except GovsheetError as exc:
                item.error = exc.message

    def start_check(self, batch: Batch) -> None:
        """Check a batch in the background; ``batch.busy`` is "checking" until it is done."""
        self._background(batch, "checking", len(batch.files), lambda: self.check(batch, progress=self._count(batch)))

    def start_merge(self, batch: Batch, chosen: set[str]) -> None:
        """Merge the chosen usable returns of a batch into the master in the background (merge keeps a backup).

        Raises:
            UsageError: none of the chosen returns can be merged, or the batch is busy or merged already.
            LockError: another request is writing.
        """
        paths = [item.path for item in batch.files if item.usable and item.id in chosen]
        if batch.busy or batch.merged is not None:
            raise UsageError(None, "these returns are being merged or were merged already; upload them again")
        if not paths:
            raise UsageError(None, "no return chosen can be merged; tick at least one return that can be merged")
        if not self._write.acquire(blocking=False):
            raise LockError(self.folder, "another change is running; wait for it to finish and try again")

        def work() -> None:
            try:
                asked = new_workbook_path(self.folder)
                batch.merged = api.merge(self.master, paths, progress=self._count(batch), decisions=asked)
                batch.decisions = keep_if_asked(asked)
            except GovsheetError as exc:
                batch.merge_error = str(exc)
            finally:
                self._write.release()

        self._background(batch, "merging", len(paths), work)

    @staticmethod
    def _count(batch: Batch) -> Callable[[int], None]:
        def progress(done: int) -> None:
            batch.done = done

        return progress

    @staticmethod
    def _background(batch: Batch, busy: str, total: int, work: Callable[[], None]) -> None:
        batch.busy, batch.done, batch.total = busy, 0, total

        def run() -> None:
            try:
                work()
            except Exception as exc:  # noqa: BLE001 - shown on the page as one line, never a traceback
                message = f"the {busy} stopped ({type(exc).__name__}); see the terminal that runs govsheet serve"
                if busy == "merging":
                    batch.merge_error = message
                else:
                    batch.preview_error = message
            finally:
                batch.busy = ""

        threading.Thread(target=run, name=f"govsheet-{busy}-{batch.id}", daemon=False).start()

    # -- decisions -------------------------------------------------------------------------

    def ask(self) -> tuple[decisions.Asked, dict[str, str]]:
        """The questions the master holds open, in a decisions workbook the page wrote, and the titles of the
        master's fields."""
        master = self.master
        return decisions.ask(self.work, master), decisions.field_titles(master)

    def decide(self, asked_id: str, form: dict[str, str], who: str) -> ResolveReport:
        """Apply the answers given on the Decisions page, through the decisions workbook it showed and ``resolve``.

        Raises:
            UsageError: nothing decided, an answer the page does not offer, or the page is too old.
            LockError: another request or command is writing the master.
        """
        with self.writing():
            return decisions.decide(self.folder, self.work, self.master, asked_id, form, who)

    def resolve_upload(self, upload: Path, client_name: str) -> ResolveReport:
        """Resolve a filled decisions workbook uploaded from the page (kept in ``decisions/answered/``)."""
        with self.writing():
            return decisions.resolve_upload(self.folder, self.master, upload, safe_name(client_name))

    # -- audit and committee ---------------------------------------------------------------

    def audit(self, query: str = "") -> tuple[AuditCheck, list[str], list[list[str]]]:
        """The Audit sheet's chain check, its column titles and the rows matching ``query``."""
        from dataclasses import replace

        from govsheet.audit import AUDIT_COLUMNS, read_audit, text, verify

        master = self.master
        found = read_audit(master)  # once, for the chain's check and the rows shown
        check = replace(verify(found), master=str(master))
        rows = [[text(v) for v in row] for row in found]
        needle = query.strip().casefold()
        if needle:
            rows = [row for row in rows if any(needle in cell.casefold() for cell in row)]
        return check, [title for title, _ in AUDIT_COLUMNS], rows

    def render(self, where: str | None) -> dict[str, Written]:
        """The committee table as HTML, xlsx and Word in ``outputs/``; download ids to what was written."""
        master = self.master
        self.outputs.mkdir(exist_ok=True)
        written: dict[str, Written] = {}
        for fmt in FORMATS:
            result = api.render(master, fmt, self.outputs / f"committee.{fmt}", where=where or None)
            written[self.register(Path(result.path))] = result
        return written

    # -- downloads -------------------------------------------------------------------------

    def register(self, path: Path) -> str:
        """Give a produced file a download id."""
        for known, existing in self.produced.items():
            if existing == path:
                return known
        file_id = secrets.token_urlsafe(12)
        self.produced[file_id] = path
        return file_id

    def download(self, file_id: str) -> Path:
        """The file behind a download id: the master or a file the page produced.

        Raises:
            UsageError: no such file.
        """
        path = self.master if file_id == MASTER_ID else self.produced.get(file_id)
        if path is None or not path.is_file():
            raise UsageError(None, "no such file to download; produce it again from its page")
        return path
