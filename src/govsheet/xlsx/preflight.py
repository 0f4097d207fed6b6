"""The pre-flight check every package passes before a reader opens it.

Nothing is read until the package has been checked by the safe opener
(:class:`govsheet.xlsx.package.Package`): size on disk, part count, the inflated size and
compression ratio of every part (all from the zip's directory, so nothing is inflated to
find out), encrypted and legacy containers, lock files. On top of that this module

* names the empty file, the zip that is some other kind of document, and the package that has
  no workbook part, in words an officer can act on;
* refuses any XML part whose prolog declares a DTD or entities (billion laughs, external
  entities): no OOXML part needs one, and calamine would only fail later with a cryptic message;
* refuses a workbook whose relationships are not XML or point at parts that are missing;
* works out how far each sheet's cells reach, before a reader allocates that whole block
  (:class:`~govsheet.xlsx.limits.ReadLimits`: one cell at XFD1048576 would otherwise ask for
  hundreds of gigabytes).
"""

from __future__ import annotations

import contextlib
import re
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from govsheet.errors import WorkbookError
from govsheet.xlsx.limits import MAX_COLS, MAX_ROWS, Limits, ReadLimits
from govsheet.xlsx.refs import column_of

if TYPE_CHECKING:
    from govsheet.xlsx.package import Package

__all__ = ["ReadLimits", "error_detail", "preflight", "preflight_book", "preflight_sheets"]


def error_detail(exc: BaseException) -> str:
    """The first line of an exception's text (at most 120 characters), or its class name when it has none."""
    text = str(exc).strip()
    return text.splitlines()[0][:120] if text else exc.__class__.__name__


# How much of an XML part is read at a time while walking its prolog for a DTD. A DTD can only
# come before the root element; OOXML writers put the root within the first few hundred bytes.
PROLOG_BYTES = 64 * 1024
FIRST_BYTES = 1024  # the first read: a prolog is a few dozen bytes, and every byte read is inflated
_DTD = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_XML_SUFFIXES = (".xml", ".rels", ".vml")
# A cell at column AA or beyond, or at row 100,000 or beyond: only then is a sheet's extent worked out
# exactly (a tracker rarely has either, so the usual cost is one fast search of the sheet's XML).
_REF = re.compile(rb"\sr=[\"']([A-Za-z]+)([0-9]+)[\"']")
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="[A-Z]*[0-9]*:?([A-Z]+)[0-9]+"')
_ROW_NUMBER = re.compile(rb'<?:?row\s[^>]{0,200}?\br="([0-9]{1,9})"')
_CHUNK = 4 * 1024 * 1024
_OVERLAP = 64


def preflight(path: Path, limits: Limits | None = None, read_limits: ReadLimits | None = None, *,
              package: Package | None = None) -> None:
    """Refuse a file that govsheet must not read, with one message naming the file and what to do.

    ``package``, the same file already opened with :class:`~govsheet.xlsx.package.Package`, has
    the sheets inflated once for both this check and the caller (they stay in its cache).

    Raises:
        WorkbookError: the file is missing, empty, not an xlsx package, encrypted, legacy, over a
            size, row or cell limit, damaged (missing parts), or declares XML entities.
    """
    from govsheet.xlsx.package import Package

    path = Path(path)
    if package is not None:
        preflight_book(path, package)
        preflight_sheets(path, package, read_limits)
        return
    if not path.exists():
        raise WorkbookError(path, "file not found; check the path")
    if path.is_dir():
        raise WorkbookError(path, "is a folder, not a workbook; give the .xlsx file")
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise WorkbookError(path, f"cannot be read ({exc.strerror}); check the path and permissions") from None
    if size == 0:
        raise WorkbookError(path, "is empty (0 bytes); ask for the workbook to be sent again")
    package = Package(path, limits or Limits.from_env())
    names = list(package.names)
    package.close()
    _refuse_other_documents(path, names)
    _refuse_dtds(path, names)
    _refuse_missing_parts(path, names)
    _refuse_huge_sheets(path, names, read_limits or ReadLimits.from_env())


def preflight_book(path: Path, package: Package) -> None:
    """The part of :func:`preflight` that covers every part but the sheets: what a reader's opening
    of the workbook reads (its parts list, relationships, shared strings and styles).

    A reader may open the workbook once this has passed, while :func:`preflight_sheets` checks the
    sheets, so long as no sheet is read before that has passed too.

    Raises:
        WorkbookError: as :func:`preflight`, for the package and its parts other than the sheets.
    """
    names = list(package.names)
    _refuse_other_documents(path, names)
    _refuse_dtds(path, [n for n in names if not _is_sheet(n)], package)
    _refuse_missing_parts(path, names, package)


def preflight_sheets(path: Path, package: Package, read_limits: ReadLimits | None = None) -> None:
    """The part of :func:`preflight` that covers the sheets: each one's extent, then its prolog.

    Each sheet is inflated once (and kept in the package): the extent is found by byte scans, and
    then the prolog is read from memory.

    Raises:
        WorkbookError: as :func:`preflight`, for the sheets.
    """
    names = list(package.names)
    _refuse_huge_sheets(path, names, read_limits or ReadLimits.from_env(), package)
    _refuse_dtds(path, [n for n in names if _is_sheet(n)], package)


def _is_sheet(name: str) -> bool:
    lowered = name.lower()
    return lowered.startswith("xl/worksheets/") and lowered.endswith(".xml")


def refuse_entities(path: Path, limits: Limits | None = None) -> None:
    """Refuse a package any XML part of which declares a DTD or entities, with the preflight's line.

    For the lossless engine's own use of a file the preflight turned away for other reasons (a cell
    far off, a sheet's part missing): it reads only the parts an edit needs and copies the rest
    unread, so a part it would copy must be checked here.

    Raises:
        WorkbookError: the file is not a package govsheet can open safely, or a part declares entities.
    """
    from govsheet.xlsx.package import Package

    package = Package(Path(path), limits or Limits.from_env())
    names = list(package.names)
    package.close()
    _refuse_dtds(Path(path), names)


def _refuse_other_documents(path: Path, names: list[str]) -> None:
    lowered = {n.lower() for n in names}
    if any(n.endswith(("workbook.xml", "workbook.bin")) for n in lowered):
        if "xl/workbook.bin" in lowered and not any(n.endswith("workbook.xml") for n in lowered):
            raise WorkbookError(path, "is a binary .xlsb workbook; open it in Excel and save it as .xlsx")
        return
    if "word/document.xml" in lowered:
        kind = "a Word document"
    elif "ppt/presentation.xml" in lowered:
        kind = "a PowerPoint presentation"
    elif "content.xml" in lowered and "mimetype" in lowered:
        kind = "an OpenDocument file"
    else:
        kind = "a zip archive"
    raise WorkbookError(path, f"is {kind}, not an Excel workbook (it has no workbook part); "
                              "check you picked the right file, or save it from Excel as .xlsx")


def _refuse_dtds(path: Path, names: list[str], package: Package | None = None) -> None:
    try:
        found = _first_dtd(path, names, package)
    except _PartFailure as failure:
        raise _unreadable(path, failure.exc, f"part {failure.name}") from None
    except Exception as exc:  # noqa: BLE001 - zlib and zipfile raise many kinds on crafted input
        raise _unreadable(path, exc, "a part") from None
    if found is not None:
        raise WorkbookError(path, f"part {found} declares XML entities (a possible entity-expansion or "
                                  "external-entity attack), so govsheet will not read it; open the file in "
                                  "Excel and save it again")


def _unreadable(path: Path, exc: Exception, part: str) -> WorkbookError:
    """The one line for a package whose parts cannot be read (``part`` names the one, when known)."""
    from govsheet.xlsx.package import checksum_mismatch, is_checksum_mismatch

    if isinstance(exc, WorkbookError):
        return exc  # already one clear line (the package's caps and checks)
    if is_checksum_mismatch(exc):
        return checksum_mismatch(path, part, exc)
    if isinstance(exc, zipfile.BadZipFile | OSError | EOFError | ValueError | NotImplementedError):
        return WorkbookError(path, f"is damaged ({exc}); it may be truncated: fetch a fresh copy or open it "
                                   "in Excel and save it again")
    return WorkbookError(path, f"is damaged ({exc.__class__.__name__}); fetch a fresh copy or open it "
                               "in Excel and save it again")


def _first_dtd(path: Path, names: list[str], package: Package | None = None) -> str | None:
    """The first XML part whose prolog declares a DTD or an entity, if any.

    With ``package``, each part's start is read through its open zip (or its memory) rather than
    through a second opening of the zip.

    Raises:
        _PartFailure: a part cannot be read (what the zip or zlib raised, with the part's name).
    """
    with contextlib.ExitStack() as stack:
        opened = package.stream if package is not None else stack.enter_context(zipfile.ZipFile(path)).open
        for name in names:
            if not name.lower().endswith(_XML_SUFFIXES):
                continue
            try:
                with opened(name) as fh:
                    if _prolog_has_dtd(fh):
                        return name
            except Exception as exc:
                raise _PartFailure(name, exc) from exc
    return None


class _PartFailure(Exception):  # noqa: N818 - carries the failure of one part, not an error of its own
    def __init__(self, name: str, exc: Exception) -> None:
        super().__init__(name)
        self.name, self.exc = name, exc


def _prolog_has_dtd(fh: Any) -> bool:
    """Whether the XML before the root element declares a DTD, reading only as far as the root.

    The prolog (declaration, comments, processing instructions) is walked rather than searched
    within a fixed window, so padding it with comments does not hide a DTD. A prolog longer than
    16 x :data:`PROLOG_BYTES` is itself treated as a declaration: no application writes one.
    """
    data = fh.read(FIRST_BYTES)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        data += fh.read(PROLOG_BYTES)
        return bool(_DTD.search(data.decode("utf-16", "replace").encode("utf-8")))
    at = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    while True:
        verdict, at = _prolog_step(data, at)
        if verdict is not None:
            return verdict
        more = fh.read(PROLOG_BYTES)
        if not more:
            return False
        if len(data) > 16 * PROLOG_BYTES:
            return True
        data += more


def _prolog_step(data: bytes, at: int) -> tuple[bool | None, int]:
    """Walk the prolog from ``at``: (True: a DTD, False: the root or junk, None: need more bytes), where."""
    while True:
        while at < len(data) and data[at] in b" \t\r\n":
            at += 1
        if at >= len(data):
            return None, at
        for opener, closer in ((b"<?", b"?>"), (b"<!--", b"-->")):
            if data.startswith(opener, at):
                end = data.find(closer, at + len(opener))
                if end == -1:
                    return None, at
                at = end + len(closer)
                break
        else:
            if len(data) - at < len(b"<!--"):
                return None, at  # an opener may be cut at the end of this chunk
            return data.startswith(b"<!", at), at  # a declaration (DOCTYPE) before the root, or the root


def _refuse_missing_parts(path: Path, names: list[str], package: Package | None = None) -> None:
    """Refuse a package whose workbook points at parts or relationships that are not there."""
    lowered = {n.lower() for n in names}
    book = next((n for n in names if n.lower() == "xl/workbook.xml"), None)
    rels = next((n for n in names if n.lower() == "xl/_rels/workbook.xml.rels"), None)
    if book is None or rels is None:
        return  # an unusual layout: calamine follows _rels/.rels and explains what it cannot find
    rel_root, book_root = _parse_book_parts(path, names, rels, book, package)
    from govsheet.xlsx.package import resolve_target

    ids: set[str] = set()
    for rel in rel_root:
        ids.add(rel.get("Id", ""))
        target = rel.get("Target", "")
        if rel.get("TargetMode") == "External" or not target:
            continue
        part = resolve_target(book, target)
        if part.lower() not in lowered:
            raise WorkbookError(path, f"is damaged: the workbook lists the part {part}, which is missing; open it "
                                      "in Excel (it may offer to repair it) and save it again")
    for element in book_root.iter():
        if element.tag.rsplit("}", 1)[-1] != "sheet":
            continue
        rid = next((v for k, v in element.attrib.items() if k.endswith("}id")), None)
        if rid is not None and rid not in ids:
            raise WorkbookError(path, f"is damaged: sheet {element.get('name', '?')!r} points to a part that is "
                                      "not in the file; open it in Excel (it may offer to repair it) and save it "
                                      "again")


def _parse_book_parts(path: Path, names: list[str], rels: str, book: str,
                      package: Package | None) -> tuple[Any, Any]:
    """The workbook's relationships and workbook part, parsed (the package's own relationships checked too)."""
    from defusedxml.ElementTree import fromstring

    current = "_rels/.rels"
    try:
        with contextlib.ExitStack() as stack:
            read = package.read if package is not None else stack.enter_context(zipfile.ZipFile(path)).read
            if "_rels/.rels" in names:
                fromstring(read("_rels/.rels"))
            current = rels
            rel_root = fromstring(read(rels))
            current = book
            return rel_root, fromstring(read(book))
    except WorkbookError:
        raise
    except Exception as exc:  # noqa: BLE001 - a damaged part: parse errors of many kinds
        raise WorkbookError(path, f"is damaged: part {current} is not valid XML ({error_detail(exc)}); open it in "
                                  "Excel and save it again") from None


def _refuse_huge_sheets(path: Path, names: list[str], limits: ReadLimits, package: Package | None = None) -> None:
    sheets = [n for n in names if _is_sheet(n)]
    try:
        if package is not None:
            extents = [(name, *_extent_of([package.read(name)])) for name in sheets]
        else:
            with zipfile.ZipFile(path) as zf:
                extents = [(name, *_extent(zf, name)) for name in sheets]
    except WorkbookError:
        raise
    except Exception as exc:  # noqa: BLE001 - zlib and zipfile raise many kinds on crafted input
        raise WorkbookError(path, f"is damaged ({error_detail(exc)}); fetch a fresh copy or open it in Excel and save "
                                  "it again") from None
    for name, rows, cols in extents:
        if rows > MAX_ROWS or cols > MAX_COLS:
            raise WorkbookError(path, f"part {name} has a cell beyond Excel's last row or column; the file is "
                                      "damaged or crafted, open it in Excel and save it again")
        if rows > limits.max_rows or rows * cols > limits.max_cells:
            raise WorkbookError(path, f"part {name} spans {rows:,} rows x {cols:,} columns, over the limits of "
                                      f"{limits.max_rows:,} rows (GOVSHEET_MAX_ROWS) and {limits.max_cells:,} "
                                      "cells (GOVSHEET_MAX_CELLS); no tracker is that large, raise the limits "
                                      "only if you trust the file")


def _extent(zf: zipfile.ZipFile, name: str) -> tuple[int, int]:
    """The last row and column a sheet's cells reach.

    Exact when a cell sits at column AA+ or row 100,000+ (every reference is then read); otherwise the
    last ``<row>`` element gives the rows and the ``<dimension>`` (capped at Z) the columns. Such a
    cell is looked for with :func:`_reaches_far`.
    """
    with zf.open(name) as fh:
        return _extent_of(iter(lambda: fh.read(_CHUNK), b""))


def _extent_of(chunks: Iterable[bytes]) -> tuple[int, int]:
    """:func:`_extent` of a sheet's XML given in consecutive chunks (or in one)."""
    rows = cols = 0
    far = False
    dimension_cols = 0
    tail = b""
    for chunk in chunks:
        data = tail + chunk if tail else chunk
        if not dimension_cols and (dim := _DIMENSION.search(data)):
            dimension_cols = column_of(dim.group(1))
        if _reaches_far(data):
            far = True
            for match in _REF.finditer(data):
                letters, digits = match.group(1).upper(), match.group(2)
                if len(letters) > 3 or len(digits) > 7:  # noqa: PLR2004 - beyond XFD / row 9,999,999
                    return MAX_ROWS + 1, MAX_COLS + 1
                rows = max(rows, int(digits))
                cols = max(cols, column_of(letters))
        last = _last_row_tag(data)
        if last != -1 and (row := _ROW_NUMBER.match(data, last)):
            rows = max(rows, int(row.group(1)))
        tail = data[-_OVERLAP:]
    if not far:
        cols = max(cols, min(dimension_cols or 26, 26))
    return rows, cols


_SPACE = (b" ", b"\t", b"\n", b"\r")  # after a row's tag name when it has attributes (its r= among them)


def _last_row_tag(data: bytes) -> int:
    """Where the last ``<row`` start tag with attributes begins (``:row`` when prefixed), or -1.

    Not a ``<rowBreaks``, nor a closing tag. The prefixed form is looked for only after the last
    plain one, so a sheet without prefixes is not searched to its start for one.
    """
    plain, end = -1, len(data)
    while (at := data.rfind(b"<row", 0, end)) != -1:
        if data[at + 4 : at + 5] in _SPACE:
            plain = at
            break
        end = at
    end = len(data)
    while (at := data.rfind(b":row", max(plain, 0), end)) != -1:
        if data[at + 4 : at + 5] in _SPACE:
            return at
        end = at
    return plain


_FAR_CANDIDATE = re.compile(rb"r=[\"'][A-Z](?:[A-Z]|[0-9]{6})")


def _reaches_far(data: bytes) -> bool:
    """Whether a cell reference in ``data`` reaches column AA or row 100,000 (white space, r=, quote first).

    One pattern search with a literal start (fast); its rare hits (``header="AB..."`` ends in r= too)
    are then checked for the white space before them.
    """
    return any(m.start() > 0 and data[m.start() - 1] in b" \t\n\r" for m in _FAR_CANDIDATE.finditer(data))
