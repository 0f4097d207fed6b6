"""The pre-flight check every workbook passes before a reader opens it, and a guarded calamine book.

Returns arrive by e-mail from many hands, so nothing is read until the package has been
checked by the lossless engine's safe opener (:class:`govsheet.xlsx.package.Package`): size on
disk, part count, the inflated size and compression ratio of every part (all from the zip's
directory, so nothing is inflated to find out), encrypted and legacy containers, lock files.
On top of that this module

* names the empty file, the zip that is some other kind of document, and the package that has
  no workbook part, in words an officer can act on;
* refuses any XML part whose prolog declares a DTD or entities (billion laughs, external
  entities): no OOXML part needs one, and calamine would only fail later with a cryptic message;
* refuses a workbook whose relationships are not XML or point at parts that are missing;
* works out how far each sheet's cells reach, before calamine allocates that whole block
  (:class:`ReadLimits`: one cell at XFD1048576 would otherwise ask for hundreds of gigabytes);
* wraps the calamine workbook so that every sheet read turns calamine's errors into one
  :class:`~govsheet.errors.WorkbookError` and refuses a cell longer than Excel's 32,767
  characters, naming the cell.

calamine itself never expands entities and stops a part that inflates past its declared size,
so the checks here are what makes the refusal early and the message clear; they are not the
only line of defence.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

from govsheet.errors import WorkbookError
from govsheet.xlsx.limits import MAX_CELL_CHARS, MAX_COLS, MAX_ROWS, Limits
from govsheet.xlsx.refs import col_letters

if TYPE_CHECKING:
    from govsheet.xlsx.package import Package

# How much of an XML part is read at a time while walking its prolog for a DTD. A DTD can only
# come before the root element; OOXML writers put the root within the first few hundred bytes.
PROLOG_BYTES = 64 * 1024
_DTD = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_XML_SUFFIXES = (".xml", ".rels", ".vml")
# A cell at column AA or beyond, or at row 100,000 or beyond: only then is a sheet's extent worked out
# exactly (a tracker rarely has either, so the usual cost is one fast search of the sheet's XML).
_REF = re.compile(rb"\sr=[\"']([A-Za-z]+)([0-9]+)[\"']")
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="[A-Z]*[0-9]*:?([A-Z]+)[0-9]+"')
_ROW_NUMBER = re.compile(rb'<?:?row\s[^>]{0,200}?\br="([0-9]{1,9})"')
_CHUNK = 4 * 1024 * 1024
_OVERLAP = 64


@dataclass(frozen=True)
class ReadLimits:
    """How large a sheet govsheet agrees to read (the package limits are :class:`Limits`).

    calamine holds a sheet as one block from its first to its last used cell, so a file of a few
    kilobytes with one cell at ``XFD1048576`` would ask for hundreds of gigabytes; the extent is
    checked from the sheet's XML before calamine reads it.

    Attributes:
        max_rows: rows from the first to the last used row of a sheet (``GOVSHEET_MAX_ROWS``, default 250,000).
        max_cells: rows x columns of that block (``GOVSHEET_MAX_CELLS``, default 5,000,000).
    """

    max_rows: int = 250_000
    max_cells: int = 5_000_000

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> ReadLimits:
        """The defaults, overridden by ``GOVSHEET_MAX_ROWS`` / ``GOVSHEET_MAX_CELLS`` holding an integer."""
        env = os.environ if environ is None else environ
        values: dict[str, int] = {}
        for item in fields(cls):
            raw = env.get(f"GOVSHEET_{item.name.upper()}")
            if raw is not None and raw.strip().isdigit():
                values[item.name] = int(raw.strip())
        return cls(**values)


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
        names = list(package.names)
        _refuse_other_documents(path, names)
        _refuse_dtds(path, names)
        _refuse_missing_parts(path, names)
        _refuse_huge_sheets(path, names, read_limits or ReadLimits.from_env(), package)
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


def _refuse_dtds(path: Path, names: list[str]) -> None:
    try:
        found = _first_dtd(path, names)
    except zipfile.BadZipFile as exc:
        if "CRC" not in str(exc):
            raise WorkbookError(path, f"is damaged ({exc}); it may be truncated: fetch a fresh copy or open it "
                                      "in Excel and save it again") from None
        raise WorkbookError(path, f"is damaged or crafted: a part does not match its checksum or inflates past "
                                  f"its declared size ({exc}); fetch a fresh copy or open it in Excel and save it "
                                  "again") from None
    except (OSError, EOFError, ValueError, NotImplementedError) as exc:
        raise WorkbookError(path, f"is damaged ({exc}); it may be truncated: fetch a fresh copy or open it "
                                  "in Excel and save it again") from None
    except Exception as exc:  # noqa: BLE001 - zlib and zipfile raise more kinds on crafted input
        raise WorkbookError(path, f"is damaged ({exc.__class__.__name__}); fetch a fresh copy or open it "
                                  "in Excel and save it again") from None
    if found is not None:
        raise WorkbookError(path, f"part {found} declares XML entities (a possible entity-expansion or "
                                  "external-entity attack), so govsheet will not read it; open the file in "
                                  "Excel and save it again")


def _first_dtd(path: Path, names: list[str]) -> str | None:
    """The first XML part whose prolog declares a DTD or an entity, if any."""
    with zipfile.ZipFile(path) as zf:
        for name in names:
            if not name.lower().endswith(_XML_SUFFIXES):
                continue
            with zf.open(name) as fh:
                if _prolog_has_dtd(fh):
                    return name
    return None


def _prolog_has_dtd(fh: Any) -> bool:
    """Whether the XML before the root element declares a DTD, reading only as far as the root.

    The prolog (declaration, comments, processing instructions) is walked rather than searched
    within a fixed window, so padding it with comments does not hide a DTD. A prolog longer than
    16 x :data:`PROLOG_BYTES` is itself treated as a declaration: no application writes one.
    """
    data = fh.read(PROLOG_BYTES)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
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


def _refuse_missing_parts(path: Path, names: list[str]) -> None:
    """Refuse a package whose workbook points at parts or relationships that are not there."""
    from defusedxml.ElementTree import fromstring

    lowered = {n.lower() for n in names}
    book = next((n for n in names if n.lower() == "xl/workbook.xml"), None)
    rels = next((n for n in names if n.lower() == "xl/_rels/workbook.xml.rels"), None)
    if book is None or rels is None:
        return  # an unusual layout: calamine follows _rels/.rels and explains what it cannot find
    current = "_rels/.rels"
    try:
        with zipfile.ZipFile(path) as zf:
            if "_rels/.rels" in names:
                fromstring(zf.read("_rels/.rels"))
            current = rels
            rel_root = fromstring(zf.read(rels))
            current = book
            book_root = fromstring(zf.read(book))
    except Exception as exc:  # noqa: BLE001 - a damaged part: parse errors of many kinds
        raise WorkbookError(path, f"is damaged: part {current} is not valid XML ({_detail(exc)}); open it in "
                                  "Excel and save it again") from None
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


def _refuse_huge_sheets(path: Path, names: list[str], limits: ReadLimits, package: Package | None = None) -> None:
    sheets = [n for n in names if n.lower().startswith("xl/worksheets/") and n.lower().endswith(".xml")]
    try:
        if package is not None:
            extents = [(name, *_extent_of([package.read(name)])) for name in sheets]
        else:
            with zipfile.ZipFile(path) as zf:
                extents = [(name, *_extent(zf, name)) for name in sheets]
    except WorkbookError:
        raise
    except Exception as exc:  # noqa: BLE001 - zlib and zipfile raise many kinds on crafted input
        raise WorkbookError(path, f"is damaged ({_detail(exc)}); fetch a fresh copy or open it in Excel and save "
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
            dimension_cols = _column_number(dim.group(1))
        if _reaches_far(data):
            far = True
            for match in _REF.finditer(data):
                letters, digits = match.group(1).upper(), match.group(2)
                if len(letters) > 3 or len(digits) > 7:  # noqa: PLR2004 - beyond XFD / row 9,999,999
                    return MAX_ROWS + 1, MAX_COLS + 1
                rows = max(rows, int(digits))
                cols = max(cols, _column_number(letters))
        last = max(data.rfind(b"<row"), data.rfind(b":row "))
        if last != -1 and (row := _ROW_NUMBER.match(data, last)):
            rows = max(rows, int(row.group(1)))
        tail = data[-_OVERLAP:]
    if not far:
        cols = max(cols, min(dimension_cols or 26, 26))
    return rows, cols


_FAR_CANDIDATE = re.compile(rb"r=[\"'][A-Z](?:[A-Z]|[0-9]{6})")


def _reaches_far(data: bytes) -> bool:
    """Whether a cell reference in ``data`` reaches column AA or row 100,000 (white space, r=, quote first).

    One pattern search with a literal start (fast); its rare hits (``header="AB..."`` ends in r= too)
    are then checked for the white space before them.
    """
    return any(m.start() > 0 and data[m.start() - 1] in b" \t\n\r" for m in _FAR_CANDIDATE.finditer(data))


def _column_number(letters: bytes) -> int:
    number = 0
    for ch in letters:
        number = number * 26 + ch - 64
    return number


def active_content(path: Path) -> list[str]:
    """What in a workbook could act by itself if opened in Excel, one plain-English line per finding.

    Raises:
        WorkbookError: the file is not a package govsheet can open safely.
    """
    return [line for _, line in active_findings(path)]


def active_findings(path: Path) -> list[tuple[str, str]]:
    """Macros and links to other files in a workbook, each as (problem code, plain-English line).

    govsheet keeps such parts byte for byte and never runs or follows them; callers show these
    lines so a person knows the file carries them. The code comes with the finding, so no caller
    has to tell the kinds apart from the English text.

    Raises:
        WorkbookError: the file is not a package govsheet can open safely.
    """
    from govsheet.xlsx.package import Package

    path = Path(path)
    package = Package(path)
    try:
        names = package.names
        found: list[tuple[str, str]] = []
        if any(n.lower().endswith("vbaproject.bin") for n in names):
            found.append(("macros-present", "contains macros (VBA); govsheet keeps them unchanged and never runs them"))
        targets: list[str] = []
        for name in names:
            if name.lower().startswith("xl/externallinks/_rels/") and name.lower().endswith(".rels"):
                root = package.xml(name)
                targets += [rel.get("Target", "") for rel in root if rel.get("TargetMode") == "External"]
        if targets:
            shown = ", ".join(sorted(set(targets))[:3])
            found.append(("external-links",
                          f"links to other workbooks ({shown}); govsheet does not open or update them"))
    finally:
        package.close()
    return found


def _detail(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0][:120] if text else exc.__class__.__name__


@contextlib.contextmanager
def calamine_guard(path: Path, what: str) -> Iterator[None]:
    """Run a calamine call with its failures, Rust panics included, turned into one WorkbookError.

    A panic inside calamine (for instance a date-formatted cell holding 1E+300) arrives as pyo3's
    ``PanicException``, which is not an ``Exception``, and Rust prints its own report on stderr
    first; that report is silenced here, so the officer sees govsheet's one line only.
    """
    sys.stderr.flush()
    try:
        saved = os.dup(2)
    except OSError:
        saved = -1
    if saved != -1:
        quiet = os.open(os.devnull, os.O_WRONLY)
        os.dup2(quiet, 2)
        os.close(quiet)
    try:
        yield
    except WorkbookError:
        raise
    except (KeyboardInterrupt, SystemExit, GeneratorExit):
        raise
    except BaseException as exc:  # noqa: BLE001 - calamine's errors, and its panics, all mean "unreadable"
        detail = _detail(exc)
        if "TimeDelta" in detail or "out of range" in detail or "out of bounds" in detail:
            raise WorkbookError(path, f"{what} cannot be read: a cell formatted as a date or time holds a number "
                                      f"no date can be ({detail}); find the cell (a huge or negative number in a "
                                      "date column), correct it in Excel and save again") from None
        raise WorkbookError(path, f"{what} cannot be read ({detail}); open the file in Excel and save it "
                                  "again") from None
    finally:
        if saved != -1:
            os.dup2(saved, 2)
            os.close(saved)


class GuardedBook:
    """A calamine workbook whose sheet reads raise :class:`WorkbookError` and refuse over-long cells."""

    def __init__(self, path: Path, book: Any) -> None:
        self.path = path
        self._book = book

    @property
    def sheet_names(self) -> list[str]:
        """The names of the workbook's sheets, in order."""
        names: list[str] = list(self._book.sheet_names)
        return names

    def get_sheet_by_name(self, name: str) -> GuardedSheet:
        """The sheet called ``name``."""
        with calamine_guard(self.path, f"sheet {name!r}"):
            sheet = self._book.get_sheet_by_name(name)
        return GuardedSheet(self.path, name, sheet)

    def get_sheet_by_index(self, index: int) -> GuardedSheet:
        """The sheet at ``index`` (0-based)."""
        names = self.sheet_names
        if not 0 <= index < len(names):
            raise WorkbookError(self.path, f"has no sheet number {index + 1}; it has {len(names)}")
        return self.get_sheet_by_name(names[index])

    def __getattr__(self, name: str) -> Any:
        return getattr(self._book, name)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_exc: object) -> None:
        close = getattr(self._book, "close", None)
        if close is not None:
            close()


class GuardedSheet:
    """One calamine sheet; ``to_python`` checks every text cell against Excel's length limit."""

    def __init__(self, path: Path, name: str, sheet: Any) -> None:
        self.path = path
        self.name = name
        self._sheet = sheet

    def to_python(self, *args: Any, **kwargs: Any) -> list[list[Any]]:
        """The sheet's cells as rows of Python values (as calamine's ``to_python``)."""
        with calamine_guard(self.path, f"sheet {self.name!r}"):
            grid: list[list[Any]] = self._sheet.to_python(*args, **kwargs)
        skip_empty = kwargs.get("skip_empty_area", args[0] if args else True)
        first_row, first_col = self._sheet.start if skip_empty and self._sheet.start else (0, 0)
        check_cells(self.path, self.name, grid, first_row, first_col)
        return grid

    def iter_rows(self) -> Any:
        """The rows one by one (unchecked for length: use ``to_python`` for trackers)."""
        with calamine_guard(self.path, f"sheet {self.name!r}"):
            return list(self._sheet.iter_rows())

    def __getattr__(self, name: str) -> Any:
        return getattr(self._sheet, name)


def check_cells(path: Path, sheet: str, grid: list[list[Any]], first_row: int = 0, first_col: int = 0) -> None:
    """Refuse a grid holding a text cell longer than Excel allows, naming the first such cell.

    Raises:
        WorkbookError: a cell holds more than 32,767 characters.
    """
    limit = MAX_CELL_CHARS
    for r, row in enumerate(grid):
        for c, value in enumerate(row):
            if value.__class__ is str and len(value) > limit:
                ref = f"{col_letters(first_col + c + 1)}{first_row + r + 1}"
                raise WorkbookError(path, f"{sheet}!{ref} holds {len(value):,} characters, more than Excel's "
                                          f"limit of {limit:,}; shorten it in Excel and send the file again")
