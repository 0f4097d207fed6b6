"""The Starlette application: each route reads the form, calls the round folder, renders a page.

Pages work as plain HTML forms; ``static/page.js`` only adds drag-and-drop and a
busy line. Every POST carries the app's CSRF token; every request must name this
server's own address in its Host header; an error is one line on the page.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from govsheet.errors import GovsheetError, LockError, UsageError
from govsheet.model.result import plural
from govsheet.serve.round import MEDIA, Checked, RoundFolder, safe_name
from govsheet.serve.security import HostCheck, UploadTooLargeError, csrf_ok, max_upload, read_upload

if TYPE_CHECKING:
    from govsheet.decisions.resolve import ResolveReport

HERE = Path(__file__).resolve().parent
DEFAULT_PORT = 8765
PAGES = (("round", "Round", "/"), ("returns", "Returns", "/returns"), ("decisions", "Decisions", "/decisions"),
         ("audit", "Audit", "/audit"), ("committee", "Committee", "/committee"))
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; frame-ancestors 'self'; form-action 'self'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "SAMEORIGIN",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}
FRAME_POLICY = "sandbox; default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'self'"


class Site:
    """The routes over one round folder: each reads its form, calls the folder, renders a page."""

    def __init__(self, folder: Path, cap: int) -> None:
        self.state = RoundFolder(folder)
        self.token = secrets.token_urlsafe(32)
        self.cap = cap
        self.templates = Jinja2Templates(directory=str(HERE / "templates"))
        self.templates.env.globals["plural"] = plural  # counts in words that agree, as the command line prints them

    @property
    def cap_mb(self) -> int:
        return max(self.cap // (1024 * 1024), 1)

    def page(self, request: Request, name: str, *, status: int = 200, **context: Any) -> HTMLResponse:
        context.setdefault("error", "")
        context.setdefault("message", request.query_params.get("done", ""))
        context.setdefault("cap_mb", self.cap_mb)
        response = self.templates.TemplateResponse(request, f"{name}.html", {
            "pages": PAGES, "current": name, "csrf": self.token, **context}, status_code=status)
        response.headers.update(SECURITY_HEADERS)
        return response

    def refuse(self, sent: object) -> Response | None:
        """A 403 when a form did not carry this app's token."""
        if not csrf_ok(self.token, None if sent is None else str(sent)):
            return PlainTextResponse("govsheet: the form's security token is missing or wrong; reload the page "
                                     "and try again", status_code=403)
        return None

    def failed(self, request: Request, name: str, exc: GovsheetError, **context: Any) -> HTMLResponse:
        return self.page(request, name, status=self._status(exc), error=str(exc), **context)

    async def round_page(self, request: Request) -> Response:
        try:
            info = await run_in_threadpool(self.state.info)
        except GovsheetError as exc:
            return self.failed(request, "round", exc, info=None)
        return self.page(request, "round", info=info)

    async def issue(self, request: Request) -> Response:
        form = await request.form()
        if (bad := self.refuse(form.get("csrf"))) is not None:
            return bad
        due_text = str(form.get("due") or "").strip()
        try:
            due = dt.date.fromisoformat(due_text) if due_text else None
        except ValueError:
            return self.failed(request, "round", UsageError(None, f'due date "{due_text}" is not YYYY-MM-DD'),
                               info=None)
        try:
            result = await run_in_threadpool(self.state.issue, due=due, mail=form.get("mail") == "1")
        except GovsheetError as exc:
            return self.failed(request, "round", exc, info=None)
        drafts = f", with {len(result.drafts)} e-mail drafts" if result.drafts else ""
        return RedirectResponse(f"/?done={len(result.returns)} returns issued into returns/{drafts}", status_code=303)

    async def returns_zip(self, request: Request) -> Response:
        return await self._zip_download(request, self.state.returns_zip)

    async def mail_zip(self, request: Request) -> Response:
        return await self._zip_download(request, self.state.mail_zip)

    async def reminders_zip(self, request: Request) -> Response:
        return await self._zip_download(request, self.state.reminders_zip)

    async def _zip_download(self, request: Request, make: Callable[[], str]) -> Response:
        form = await request.form()
        if (bad := self.refuse(form.get("csrf"))) is not None:
            return bad
        try:
            file_id = await run_in_threadpool(make)
        except GovsheetError as exc:
            return self.failed(request, "round", exc, info=None)
        return RedirectResponse(f"/download/{file_id}", status_code=303)

    async def returns_page(self, request: Request) -> Response:
        return self.page(request, "returns", batch=None)

    async def upload(self, request: Request) -> Response:
        batch = self.state.new_batch()
        try:
            form = await read_upload(request, batch.folder, self.cap)
        except GovsheetError as exc:
            self.state.drop_batch(batch)
            return self.failed(request, "returns", exc, batch=None)
        if (bad := self.refuse(form.first("csrf"))) is not None:
            self.state.drop_batch(batch)
            return bad
        if not form.files:
            self.state.drop_batch(batch)
            return self.failed(request, "returns", UsageError(None, "no file was chosen; pick one or more returns"),
                               batch=None)
        for number, (client_name, temp) in enumerate(form.files, start=1):
            name = safe_name(client_name)
            kept = temp.with_name(f"{number:03d}-{name}")
            temp.replace(kept)
            batch.files.append(Checked(id=f"{number:03d}", name=name, path=kept))
        self.state.start_check(batch)
        return RedirectResponse(f"/returns/{batch.id}", status_code=303)

    async def preview(self, request: Request) -> Response:
        try:
            batch = self.state.batch(request.path_params["batch"])
        except GovsheetError as exc:
            return self.failed(request, "returns", exc, batch=None)
        return self.page(request, "returns", batch=batch)

    async def merge(self, request: Request) -> Response:
        form = await request.form()
        if (bad := self.refuse(form.get("csrf"))) is not None:
            return bad
        try:
            batch = self.state.batch(request.path_params["batch"])
        except GovsheetError as exc:
            return self.failed(request, "returns", exc, batch=None)
        chosen = {str(v) for v in form.getlist("use")}
        try:
            self.state.start_merge(batch, chosen)
        except GovsheetError as exc:
            return self.failed(request, "returns", exc, batch=batch)
        return RedirectResponse(f"/returns/{batch.id}", status_code=303)

    async def decisions_page(self, request: Request, *, status: int = 200, error: str = "",
                             reports: list[ResolveReport] | None = None) -> Response:
        done = reports or []
        try:
            asked, titles = await run_in_threadpool(self.state.ask)
        except GovsheetError as exc:
            return self.failed(request, "decisions", exc, asked=None, file_id="", titles={}, reports=done)
        return self.page(request, "decisions", status=status, error=error, asked=asked,
                         file_id=self.state.register(asked.path), titles=titles, reports=done)

    async def decide(self, request: Request) -> Response:
        form = await request.form()
        if (bad := self.refuse(form.get("csrf"))) is not None:
            return bad
        fields = {k: str(v) for k, v in form.items() if isinstance(v, str)}
        try:
            report = await run_in_threadpool(self.state.decide, fields.get("asked", ""), fields,
                                             fields.get("who", "").strip())
        except GovsheetError as exc:
            return await self.decisions_page(request, status=self._status(exc), error=str(exc))
        return await self.decisions_page(request, reports=[report])

    async def decisions_upload(self, request: Request) -> Response:
        batch = self.state.new_batch()
        try:
            form = await read_upload(request, batch.folder, self.cap)
            if (bad := self.refuse(form.first("csrf"))) is not None:
                return bad
            if len(form.files) != 1:
                raise UsageError(None, "choose one filled decisions workbook to upload")
            client_name, temp = form.files[0]
            report = await run_in_threadpool(self.state.resolve_upload, temp, client_name)
        except GovsheetError as exc:
            return await self.decisions_page(request, status=self._status(exc), error=str(exc))
        finally:
            self.state.drop_batch(batch)
        return await self.decisions_page(request, reports=[report])

    @staticmethod
    def _status(exc: GovsheetError) -> int:
        return 409 if isinstance(exc, LockError) else 413 if isinstance(exc, UploadTooLargeError) else 400

    async def audit(self, request: Request) -> Response:
        query = request.query_params.get("q", "")
        try:
            check, columns, rows = await run_in_threadpool(self.state.audit, query)
        except GovsheetError as exc:
            return self.failed(request, "audit", exc, check=None, columns=[], rows=[], q=query)
        return self.page(request, "audit", check=check, columns=columns, rows=rows, q=query)

    async def committee_page(self, request: Request) -> Response:
        return self.page(request, "committee", written=None, where="")

    async def committee(self, request: Request) -> Response:
        form = await request.form()
        if (bad := self.refuse(form.get("csrf"))) is not None:
            return bad
        where = str(form.get("where") or "").strip()
        try:
            written = await run_in_threadpool(self.state.render, where or None)
        except GovsheetError as exc:
            return self.failed(request, "committee", exc, written=None, where=where)
        return self.page(request, "committee", written=written, where=where)

    async def download(self, request: Request) -> Response:
        try:
            path = self.state.download(request.path_params["file"])
        except GovsheetError as exc:
            return PlainTextResponse(f"govsheet: {exc}", status_code=404)
        inline = request.query_params.get("inline") == "1" and path.suffix == ".html"
        response = FileResponse(path, media_type=MEDIA.get(path.suffix, "application/octet-stream"),
                                filename=None if inline else path.name)
        response.headers.update(SECURITY_HEADERS)
        if inline:  # the committee paper, shown in the page's frame: no scripts, nothing fetched
            response.headers["Content-Security-Policy"] = FRAME_POLICY
        return response


async def not_found(_request: Request, exc: Exception) -> Response:
    code = exc.status_code if isinstance(exc, HTTPException) else 404
    return PlainTextResponse(f"govsheet: nothing here ({code}); go back to the Round page", status_code=code)


async def crashed(_request: Request, exc: Exception) -> Response:
    return PlainTextResponse(f"govsheet: the page failed ({type(exc).__name__}); see the terminal that runs "
                             "govsheet serve", status_code=500)


def create_app(folder: Path, *, port: int = DEFAULT_PORT, max_upload_bytes: int | None = None) -> Starlette:
    """The page over round ``folder``, answering only at 127.0.0.1:``port`` and localhost:``port``."""
    site = Site(folder, max_upload_bytes or max_upload())
    routes = [
        Route("/", site.round_page),
        Route("/issue", site.issue, methods=["POST"]),
        Route("/returns.zip", site.returns_zip, methods=["POST"]),
        Route("/invitations.zip", site.mail_zip, methods=["POST"]),
        Route("/reminders.zip", site.reminders_zip, methods=["POST"]),
        Route("/returns", site.returns_page),
        Route("/returns/upload", site.upload, methods=["POST"]),
        Route("/returns/{batch:str}", site.preview),
        Route("/returns/{batch:str}/merge", site.merge, methods=["POST"]),
        Route("/decisions", site.decisions_page),
        Route("/decisions/apply", site.decide, methods=["POST"]),
        Route("/decisions/upload", site.decisions_upload, methods=["POST"]),
        Route("/audit", site.audit),
        Route("/committee", site.committee_page),
        Route("/committee/render", site.committee, methods=["POST"]),
        Route("/download/{file:str}", site.download),
        Mount("/static", app=StaticFiles(directory=str(HERE / "static")), name="static"),
    ]
    app = Starlette(routes=routes, exception_handlers={HTTPException: not_found, Exception: crashed})
    app.state.site = site
    app.add_middleware(HostCheck, allowed={f"127.0.0.1:{port}", f"localhost:{port}"})
    return app
