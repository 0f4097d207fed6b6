"""Open an OOXML package safely, read its parts with size caps, and save it atomically.

Parts that were not changed are copied into the saved file with their original compressed
bytes, in their original order; only changed or new parts are deflated again.
"""

from __future__ import annotations

import io
import os
import re
import struct
import zipfile
import zlib
from pathlib import Path, PurePosixPath
from typing import IO, TYPE_CHECKING

from govsheet.errors import WorkbookError
from govsheet.xlsx.atomic import atomic_file
from govsheet.xlsx.limits import Limits

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTION_INFO = "EncryptionInfo".encode("utf-16-le")
_CHUNK = 1024 * 1024
_ZIP32_MAX = 0xFFFFFFFF
_DTD = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
DEFLATE_LEVEL = 6  # zlib's default, as Excel and zipfile use
BIG_PART = 4 * 1024 * 1024
BIG_PART_LEVEL = 1  # for parts of 4 MB and more, speed over the last few per cent of size
_SLICE_MIN = 2 * 1024 * 1024  # a big part is deflated in slices of at least this size, side by side
_WINDOW = 32 * 1024  # deflate's window: each slice is primed with the bytes just before it


def deflate(data: bytes, level: int) -> tuple[bytes, int]:
    """Raw deflate of ``data`` (as a zip member holds it) and its CRC-32.

    A part of 4 MB and more is cut into slices deflated on several threads at once (zlib
    releases the GIL), as pigz does: every slice but the last ends on a byte boundary with a
    sync flush, and each is primed with the 32 KB before it, so the slices joined are one
    ordinary deflate stream that any unzip reads, compressed almost as tightly as in one go.
    """
    workers = min(4, os.cpu_count() or 1, len(data) // _SLICE_MIN)
    if len(data) < BIG_PART or workers < 2:  # noqa: PLR2004 - two slices at least
        comp = zlib.compressobj(level, zlib.DEFLATED, -15)
        return comp.compress(data) + comp.flush(), zlib.crc32(data)
    from concurrent.futures import ThreadPoolExecutor

    view = memoryview(data)
    size = -(-len(data) // workers)
    starts = range(0, len(data), size)

    def piece(start: int) -> bytes:
        end = min(start + size, len(data))
        if start:
            comp = zlib.compressobj(level, zlib.DEFLATED, -15, zdict=view[max(0, start - _WINDOW):start])
        else:
            comp = zlib.compressobj(level, zlib.DEFLATED, -15)
        return comp.compress(view[start:end]) + comp.flush(zlib.Z_FINISH if end == len(data) else zlib.Z_SYNC_FLUSH)

    with ThreadPoolExecutor(max_workers=workers) as pool:
        crc = pool.submit(zlib.crc32, data)
        raw = b"".join(pool.map(piece, starts))
        return raw, crc.result()


def _level(size: int) -> int:
    return DEFLATE_LEVEL if size < BIG_PART else BIG_PART_LEVEL


class _Deflating:
    """A part being deflated on a thread of its own, started when it was written, taken up by the save."""

    def __init__(self, data: bytes) -> None:
        import threading

        self.data = data
        self._done: tuple[bytes, int] | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="govsheet: deflate", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            self._done = deflate(self.data, _level(len(self.data)))
        except BaseException as exc:  # noqa: BLE001 - raised again by the save that takes it up
            self._error = exc

    def result(self) -> tuple[bytes, int]:
        """The raw deflate and CRC-32 (as :func:`deflate` gives them), once the thread has ended."""
        self._thread.join()
        if self._done is None:
            raise self._error or RuntimeError("the deflate did not end")
        return self._done


def _refuse_container(path: Path, head: bytes, data_len: int) -> None:
    """Raise the right WorkbookError when the file is not a zip at all."""
    if head.startswith(OLE_MAGIC):
        with path.open("rb") as fh:
            blob = fh.read(min(data_len, 4 * 1024 * 1024))
        if ENCRYPTION_INFO in blob:
            raise WorkbookError(path, "is encrypted with a password; open it in Excel, remove the password "
                                      "(File > Info > Protect Workbook) and save it again")
        raise WorkbookError(path, "is a legacy .xls workbook; open it in Excel or LibreOffice and save it as .xlsx")
    if not head.startswith(b"PK"):
        raise WorkbookError(path, "is not an Excel workbook (not a zip package); check you picked the right "
                                  "file, or save it from Excel as .xlsx")


class Package:
    """The parts of one .xlsx/.xlsm file: read lazily with size caps, changed in memory, saved atomically."""

    def __init__(self, path: Path, limits: Limits | None = None) -> None:
        self.path = Path(path)
        self.limits = limits or Limits.from_env()
        self._changed: dict[str, bytes] = {}
        self._deflating: dict[str, _Deflating] = {}  # changed parts already being deflated
        self._removed: set[str] = set()
        self.written: list[str] = []  # parts the last save rewrote
        self._cache: dict[str, bytes] = {}
        self._zip = self._open_zip()
        self._infos = {info.filename: info for info in self._zip.infolist()}
        self._order = [info.filename for info in self._zip.infolist()]

    # ------------------------------------------------------------------ opening
    def _open_zip(self) -> zipfile.ZipFile:
        path, limits = self.path, self.limits
        if path.name.startswith("~$"):
            raise WorkbookError(path, "is an Excel lock file, not a workbook; open the file without '~$' "
                                      "in its name")
        try:
            size = path.stat().st_size
            with path.open("rb") as fh:
                head = fh.read(8)
        except OSError as exc:
            raise WorkbookError(path, f"cannot be read ({exc.strerror}); check the path and permissions") from exc
        if size > limits.max_compressed:
            raise WorkbookError(path, f"is {size} bytes, over the {limits.max_compressed}-byte limit; "
                                      "raise GOVSHEET_MAX_COMPRESSED if you trust it")
        if size == 0:
            raise WorkbookError(path, "is empty (0 bytes); it was not saved or copied completely, fetch it again")
        _refuse_container(path, head, size)
        try:
            zf = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError) as exc:
            raise WorkbookError(path, f"is damaged ({exc}); it may be truncated: fetch a fresh copy "
                                      "or open it in Excel and save it again") from exc
        try:
            self._check_members(zf)
        except WorkbookError:
            zf.close()
            raise
        return zf

    def _check_members(self, zf: zipfile.ZipFile) -> None:
        path, limits = self.path, self.limits
        infos = zf.infolist()
        if not infos:
            raise WorkbookError(path, "is an empty zip with no workbook inside; fetch a fresh copy")
        if len(infos) > limits.max_parts:
            raise WorkbookError(path, f"has {len(infos)} parts, over the limit of {limits.max_parts} "
                                      "(GOVSHEET_MAX_PARTS); it may be a zip bomb")
        names = [info.filename for info in infos]
        if len(set(names)) != len(names):
            raise WorkbookError(path, "holds two parts with the same name; it is damaged or crafted, "
                                      "open it in Excel and save it again")
        total = 0
        for info in infos:
            if info.flag_bits & 0x1:
                raise WorkbookError(path, f"has an encrypted part {info.filename}; remove the password in Excel")
            if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                raise WorkbookError(path, f"uses an unsupported compression in {info.filename}; "
                                          "open it in Excel and save it again")
            total += info.file_size
            if info.file_size > limits.max_part:
                raise WorkbookError(path, f"part {info.filename} inflates to {info.file_size} bytes, over the "
                                          f"{limits.max_part}-byte limit (GOVSHEET_MAX_PART); it may be a zip bomb")
            if (info.file_size > limits.ratio_floor
                    and info.file_size > limits.max_ratio * max(1, info.compress_size)):
                ratio = info.file_size // max(1, info.compress_size)
                raise WorkbookError(path, f"part {info.filename} inflates {ratio}"
                                          f" times its size, over the ratio limit {limits.max_ratio} "
                                          "(GOVSHEET_MAX_RATIO); it looks like a zip bomb")
        if total > limits.max_uncompressed:
            raise WorkbookError(path, f"inflates to {total} bytes, over the {limits.max_uncompressed}-byte "
                                      "limit (GOVSHEET_MAX_UNCOMPRESSED); it may be a zip bomb")

    def close(self) -> None:
        """Release the open file."""
        self._zip.close()

    # ------------------------------------------------------------------ parts
    @property
    def names(self) -> list[str]:
        """Part names in package order, new parts last, removed parts left out."""
        names = [n for n in self._order if n not in self._removed]
        names += [n for n in self._changed if n not in self._infos and n not in self._removed]
        return names

    def has(self, name: str) -> bool:
        """Whether the package holds a part of that name (case-sensitive, as zip names are)."""
        return name not in self._removed and (name in self._changed or name in self._infos)

    def read(self, name: str) -> bytes:
        """The part's bytes, inflated with a cap: a header that understates the size cannot fool it."""
        if name in self._removed:
            raise KeyError(name)
        if name in self._changed:
            return self._changed[name]
        if name in self._cache:
            return self._cache[name]
        info = self._infos.get(name)
        if info is None:
            raise WorkbookError(self.path, f"has no part {name}; the package is incomplete, open it in Excel "
                                           "and save it again")
        cap = min(info.file_size, self.limits.max_part)
        chunks: list[bytes] = []
        got = 0
        try:
            with self._zip.open(info) as fh:
                while True:
                    chunk = fh.read(_CHUNK)
                    if not chunk:
                        break
                    got += len(chunk)
                    if got > cap:
                        raise WorkbookError(self.path, f"part {name} inflates past its declared size; "
                                                       "it is damaged or a zip bomb")
                    chunks.append(chunk)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
            raise self._unreadable(name, exc) from exc
        data = b"".join(chunks)
        # zipfile has already compared the CRC-32 of all it inflated with the recorded one (BadZipFile above)
        if len(data) != info.file_size:
            raise WorkbookError(self.path, f"is damaged: part {name} does not match its recorded size and checksum "
                                           "(truncated, or a crafted zip); fetch a fresh copy")
        self._cache[name] = data
        return data

    def stream(self, name: str) -> IO[bytes]:
        """The part's bytes as a stream, for a reader that needs only its start (a held part from memory).

        The caller reads a bounded amount; :meth:`read` is the capped way to take a whole part.
        """
        if name in self._changed or name in self._cache:
            return io.BytesIO(self.read(name))
        info = self._infos.get(name)
        if info is None or name in self._removed:
            raise KeyError(name)
        return self._zip.open(info)

    def _unreadable(self, name: str, exc: Exception) -> WorkbookError:
        if is_checksum_mismatch(exc):
            return checksum_mismatch(self.path, f"part {name}", exc)
        return WorkbookError(self.path, f"is damaged: part {name} cannot be read ({exc}); fetch a fresh copy or "
                                        "open it in Excel and save it again")

    def read_xml_bytes(self, name: str) -> bytes:
        """The part's bytes after refusing DTDs and entity declarations (no OOXML part needs one)."""
        data = self.read(name)
        if _DTD.search(data):
            raise WorkbookError(self.path, f"part {name} declares XML entities (a possible entity-expansion "
                                           "attack); govsheet refuses it. Open it in Excel and save it again")
        return data

    def xml(self, name: str) -> Element:
        """Parse a part with defusedxml: entity expansion and external entities are refused."""
        from defusedxml import DefusedXmlException
        from defusedxml.ElementTree import ParseError, fromstring

        data = self.read_xml_bytes(name)
        try:
            root: Element = fromstring(data)
        except (ParseError, DefusedXmlException) as exc:
            raise WorkbookError(self.path, f"is damaged: part {name} is not well-formed XML ({exc}); "
                                           "open it in Excel and save it again") from exc
        return root

    def write(self, name: str, data: bytes, *, deflate_now: bool = False) -> None:
        """Replace a part's content, or add a new part at the end of the package.

        ``deflate_now``: start deflating it on another thread at once (zlib does not hold the
        interpreter lock), for a part no longer edited before the save, which takes it up.
        """
        self._removed.discard(name)
        self._changed[name] = data
        self._deflating.pop(name, None)
        if deflate_now:
            self._deflating[name] = _Deflating(data)

    def remove(self, name: str) -> None:
        """Drop a part from the saved package."""
        self._removed.add(name)
        self._changed.pop(name, None)
        self._deflating.pop(name, None)

    @property
    def changed(self) -> list[str]:
        """Names of parts that will be written with new content (or are new)."""
        return [n for n in self.names if n in self._changed]

    # ------------------------------------------------------------------ saving
    def save(self, out: Path | None = None) -> Path:
        """Write the package to ``out`` (default: in place) through a temporary file and an atomic rename."""
        target = Path(out) if out is not None else self.path
        target = target.resolve()
        folder = target.parent
        if not folder.is_dir():
            raise WorkbookError(target, "cannot be written: its folder does not exist")
        try:
            with atomic_file(target) as tmp, tmp.open("wb") as fh:
                self._write_zip(fh)
        except OSError as exc:
            raise WorkbookError(target, f"cannot be written ({exc.strerror}); check the folder and that the "
                                        "file is not open in Excel") from exc
        self.written = self.changed
        self._reload(target)
        return target

    def _reload(self, target: Path) -> None:
        """Describe the file just written, so raw copies of a later save come from it."""
        self._zip.close()
        self.path = target
        self._changed, self._removed, self._cache, self._deflating = {}, set(), {}, {}
        self._zip = zipfile.ZipFile(target)
        self._infos = {info.filename: info for info in self._zip.infolist()}
        self._order = [info.filename for info in self._zip.infolist()]

    def _write_zip(self, fh: IO[bytes]) -> None:
        central: list[bytes] = []
        offset = 0
        with self.path.open("rb") as src:
            for name in self.names:
                info = self._infos.get(name)
                if name in self._changed or info is None:
                    data = self._changed[name]
                    ahead = self._deflating.get(name)
                    raw, crc = ahead.result() if ahead is not None else deflate(data, _level(len(data)))
                    size, method = len(data), zipfile.ZIP_DEFLATED
                    date_time = info.date_time if info is not None else (1980, 1, 1, 0, 0, 0)
                else:
                    raw = _raw_member(src, info)
                    crc, size, method, date_time = info.CRC, info.file_size, info.compress_type, info.date_time
                if offset > _ZIP32_MAX or len(raw) > _ZIP32_MAX or size > _ZIP32_MAX:
                    raise WorkbookError(self.path, "would exceed 4 GB, which govsheet does not write")
                encoded = name.encode("utf-8")
                flags = 0x800 if not name.isascii() else 0
                dos_time = (date_time[3] << 11) | (date_time[4] << 5) | (date_time[5] // 2)
                dos_date = ((max(date_time[0], 1980) - 1980) << 9) | (date_time[1] << 5) | date_time[2]
                fixed = struct.pack("<HHHHHIII", 20, flags, method, dos_time, dos_date, crc, len(raw), size)
                header = b"PK\x03\x04" + fixed + struct.pack("<HH", len(encoded), 0) + encoded
                fh.write(header)
                fh.write(raw)
                central.append(b"PK\x01\x02" + struct.pack("<H", 20) + fixed
                               + struct.pack("<HHHHHII", len(encoded), 0, 0, 0, 0, 0, offset) + encoded)
                offset += len(header) + len(raw)
        cd = b"".join(central)
        fh.write(cd)
        fh.write(b"PK\x05\x06" + struct.pack("<HHHHIIH", 0, 0, len(central), len(central), len(cd), offset, 0))


def is_checksum_mismatch(exc: BaseException) -> bool:
    """Whether zipfile found a part's bytes not matching its CRC-32 (what a part lying about its size looks
    like too: a zip bomb)."""
    return isinstance(exc, zipfile.BadZipFile) and "CRC" in str(exc)


def checksum_mismatch(path: Path, part: str, exc: BaseException) -> WorkbookError:
    """The one line for a part (``part``: "part NAME", or "a part") that fails its checksum."""
    return WorkbookError(path, f"is damaged or crafted: {part} does not match its checksum or inflates past its "
                               f"declared size ({exc}); fetch a fresh copy or open it in Excel and save it again")


def _raw_member(src: IO[bytes], info: zipfile.ZipInfo) -> bytes:
    """The member's compressed bytes exactly as stored, found through its local header."""
    src.seek(info.header_offset)
    local = src.read(30)
    if local[:4] != b"PK\x03\x04":
        raise WorkbookError(src.name if hasattr(src, "name") else None,
                            f"is damaged: the header of part {info.filename} is broken; open it in Excel "
                            "and save it again")
    name_len, extra_len = struct.unpack("<HH", local[26:30])
    src.seek(info.header_offset + 30 + name_len + extra_len)
    return src.read(info.compress_size)


def resolve_target(source_part: str, target: str) -> str:
    """The part name a relationship target points to, relative to the part that holds the rels."""
    if target.startswith("/"):
        return target.lstrip("/")
    base = PurePosixPath(source_part).parent
    parts: list[str] = []
    for piece in (base / target).parts:
        if piece == "..":
            if parts:
                parts.pop()
        elif piece not in (".", ""):
            parts.append(piece)
    return "/".join(parts)


def rels_name(part: str) -> str:
    """``xl/workbook.xml`` -> ``xl/_rels/workbook.xml.rels``."""
    p = PurePosixPath(part)
    return str(p.parent / "_rels" / f"{p.name}.rels").lstrip("./") if str(p.parent) != "." else f"_rels/{p.name}.rels"


NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
STRICT_REL = "http://purl.oclc.org/ooxml/officeDocument/relationships"


def read_rels(pkg: Package, part: str) -> list[tuple[str, str, str, str]]:
    """(id, type, resolved target, target mode) of each relationship of a part ("" for the package's own).

    Strict OOXML relationship types are given in their transitional spelling, so callers compare one.
    """
    name = rels_name(part)
    if not pkg.has(name):
        return []
    out = []
    for rel in pkg.xml(name):
        if rel.tag.rsplit("}", 1)[-1] != "Relationship":
            continue
        mode = rel.get("TargetMode", "Internal")
        target = rel.get("Target", "")
        resolved = target if mode == "External" else resolve_target(part, target)
        out.append((rel.get("Id", ""), rel.get("Type", "").replace(STRICT_REL, NS_REL), resolved, mode))
    return out
