"""What keeps the page safe on an officer's PC: the Host check, CSRF tokens, capped streamed uploads."""

from __future__ import annotations

import hmac
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from govsheet.errors import UsageError

DEFAULT_MAX_UPLOAD = 50 * 1024 * 1024
MAX_FILES = 200
CSRF_FIELD = "csrf"


def max_upload() -> int:
    """The upload cap in bytes: GOVSHEET_MAX_UPLOAD, else 50 MB."""
    raw = os.environ.get("GOVSHEET_MAX_UPLOAD", "")
    return int(raw) if raw.isdigit() and int(raw) > 0 else DEFAULT_MAX_UPLOAD


class HostCheck:
    """Refuse any request whose Host is not this server's own address (against DNS rebinding)."""

    def __init__(self, app: ASGIApp, allowed: set[str]) -> None:
        self.app = app
        self.allowed = allowed

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            host = dict(scope["headers"]).get(b"host", b"").decode("latin-1").lower()
            if host not in self.allowed:
                response = PlainTextResponse("govsheet: this page answers only at its own address "
                                             f"({min(self.allowed)})", status_code=421)
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


def csrf_ok(token: str, sent: str | None) -> bool:
    """True when the form carried this app's token."""
    return bool(sent) and hmac.compare_digest(token.encode(), str(sent).encode())


class UploadTooLargeError(UsageError):
    """An upload above the cap."""


@dataclass
class Uploaded:
    """A multipart form read to disk: its text fields and its files as (client name, path on disk)."""

    fields: dict[str, list[str]] = field(default_factory=dict)
    files: list[tuple[str, Path]] = field(default_factory=list)

    def first(self, name: str) -> str | None:
        values = self.fields.get(name)
        return values[0] if values else None


async def read_upload(request: Request, folder: Path, cap: int) -> Uploaded:
    """Stream a multipart upload into ``folder`` under temporary names, stopping at ``cap`` bytes.

    Raises:
        UploadTooLarge: the body is larger than ``cap``.
        UsageError: the body is not a multipart form.
    """
    from python_multipart.multipart import create_form_parser

    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > cap:
        raise _too_large(cap)
    content_type = request.headers.get("content-type", "")
    if not content_type.startswith("multipart/form-data"):
        raise UsageError(None, "the form was not sent as a file upload; use the page's Upload button")
    result = Uploaded()
    opened: list[Any] = []

    def on_field(f: Any) -> None:
        name = (f.field_name or b"").decode("utf-8", "replace")
        result.fields.setdefault(name, []).append((f.value or b"").decode("utf-8", "replace"))

    def on_file(f: Any) -> None:
        opened.append(f)

    config = {"UPLOAD_DIR": str(folder), "UPLOAD_DELETE_TMP": False, "MAX_MEMORY_FILE_SIZE": 0,
              "UPLOAD_KEEP_FILENAME": False}
    parser = create_form_parser({"Content-Type": content_type.encode("latin-1")}, on_field, on_file,
                                config=config)
    try:
        await _feed(request, parser, cap)
    finally:
        for f in opened:
            f.file_object.close()
    if len(opened) > MAX_FILES:
        raise UsageError(None, f"more than {MAX_FILES} files in one upload; send them in smaller groups")
    for f in opened:
        if f.actual_file_name is None or not f.size:
            continue
        name = (f.file_name or b"").decode("utf-8", "replace")
        result.files.append((name, Path(os.fsdecode(f.actual_file_name))))
    return result


def _too_large(cap: int) -> UploadTooLargeError:
    return UploadTooLargeError(None, f"the upload is larger than {max(cap // (1024 * 1024), 1)} MB; send fewer or "
                                     "smaller files (GOVSHEET_MAX_UPLOAD sets the limit)")


async def _feed(request: Request, parser: Any, cap: int) -> None:
    """Stream the body into the parser, stopping once it passes ``cap`` bytes."""
    total = 0
    async for chunk in request.stream():
        total += len(chunk)
        if total > cap:
            raise _too_large(cap)
        _parse(parser, chunk)
    _parse(parser, None)


def _parse(parser: Any, chunk: bytes | None) -> None:
    try:
        if chunk is None:
            parser.finalize()
        else:
            parser.write(chunk)
    except Exception as exc:  # noqa: BLE001 - a malformed body from the client, said in one line
        raise UsageError(None, f"the upload could not be read ({type(exc).__name__}); try again") from None
