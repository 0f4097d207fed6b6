"""Book and Sheet: the in-place editing API over one workbook package.

Reads are lazy: a sheet's XML is indexed on first use, the shared strings table only when a
shared-string cell is read. Edits are kept in memory and applied on :meth:`Book.save`, which
rewrites only the parts that changed.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Self

from govsheet.errors import UsageError, WorkbookError
from govsheet.xlsx.cells import CellValue, check_text, escape_attr, longest_text
from govsheet.xlsx.limits import MAX_CELL_CHARS, MAX_SHEET_NAME, Limits
from govsheet.xlsx.package import NS_REL, STRICT_REL, Package, read_rels, rels_name, resolve_target
from govsheet.xlsx.sheet import Sheet, SheetState
from govsheet.xlsx.strings import SharedStrings
from govsheet.xlsx.styles import Styles

if TYPE_CHECKING:
    from collections.abc import Iterator
    from xml.etree.ElementTree import Element

__all__ = ["Book", "CellValue", "Sheet"]

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
STRICT_MAIN = "http://purl.oclc.org/ooxml/spreadsheetml/main"
NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
REL_OFFICE_DOC = NS_REL + "/officeDocument"
REL_WORKSHEET = NS_REL + "/worksheet"
REL_STRINGS = NS_REL + "/sharedStrings"
REL_STYLES = NS_REL + "/styles"
REL_CALC_CHAIN = NS_REL + "/calcChain"
REL_EXTERNAL = NS_REL + "/externalLink"
CT_WORKSHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
CT_STYLES = "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"
_INVALID_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
_P = rb"(?:[A-Za-z_][\w.-]*:)?"


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


_rels = read_rels  # the old name, for callers written before read_rels moved to the package module


class Book:
    """One .xlsx/.xlsm workbook opened for surgical, lossless editing."""

    def __init__(self, package: Package) -> None:
        self.package = package
        self.path = package.path
        self._find_workbook()
        self._sheets: dict[str, Sheet] = {}
        self._strings: SharedStrings | None = None
        self._styles: Styles | None = None
        self._workbook_xml: bytes | None = None
        self._drop_calc_chain = False
        self.needs_recalc = False  # set when formulas moved or changed: Excel recalculates on opening

    @classmethod
    def open(cls, path: Path | str, *, limits: Limits | None = None) -> Book:
        """Open a workbook safely (zip limits, entity-safe XML, encrypted/legacy files refused).

        Raises:
            WorkbookError: the file is not a workbook govsheet can open safely.
        """
        return cls(Package(Path(path), limits))

    def close(self) -> None:
        """Release the file handle (also done by :meth:`save`)."""
        self.package.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # --------------------------------------------------------------- structure
    def _find_workbook(self) -> None:
        pkg = self.package
        if not pkg.has("_rels/.rels"):
            raise WorkbookError(self.path, "is not a complete workbook (no _rels/.rels); open it in Excel "
                                           "and save it again")
        if not pkg.has("[Content_Types].xml"):
            raise WorkbookError(self.path, "is not a complete workbook (no [Content_Types].xml); open it in "
                                           "Excel and save it again")
        rels = read_rels(pkg, "")
        # Strict Open XML uses other namespace names for the same structure; new parts follow the file
        self.strict = STRICT_REL.encode() in pkg.read_xml_bytes("_rels/.rels")
        docs = [r for r in rels if r[1] == REL_OFFICE_DOC]
        if not docs or not pkg.has(docs[0][2]):
            raise WorkbookError(self.path, "has no workbook part; it is damaged, open it in Excel and save it again")
        self.workbook_part = docs[0][2]
        if self.workbook_part.lower().endswith(".bin"):
            raise WorkbookError(self.path, "is a binary workbook (.xlsb), which govsheet does not edit; open it in "
                                           "Excel and save it as 'Excel Workbook (.xlsx)'")
        root = pkg.xml(self.workbook_part)
        if _local(root.tag) != "workbook":
            raise WorkbookError(self.path, "is not a spreadsheet (a Word or PowerPoint file?); pick the .xlsx")
        self._wb_rels = {r[0]: r for r in read_rels(pkg, self.workbook_part)}
        self.date1904 = False
        self._sheet_entries: list[tuple[str, str, SheetState]] = []
        for el in root:
            name = _local(el.tag)
            if name == "workbookPr":
                self.date1904 = el.get("date1904", "0").lower() in ("1", "true")
            elif name == "sheets":
                self._read_sheet_entries(el)
        self._types = self._content_types()

    def _read_sheet_entries(self, sheets: Element) -> None:
        for el in sheets:
            rid = next((v for k, v in el.attrib.items() if _local(k) == "id" and k.startswith("{")), "")
            rel = self._wb_rels.get(rid)
            if rel is None or rel[1] != REL_WORKSHEET:
                continue  # chart sheets and dialog sheets hold no cells
            state = el.get("state", "visible")
            st: SheetState = state if state in ("hidden", "veryHidden") else "visible"  # type: ignore[assignment]
            self._sheet_entries.append((el.get("name", ""), rel[2], st))

    def _content_types(self) -> dict[str, str]:
        types: dict[str, str] = {}
        defaults: dict[str, str] = {}
        for el in self.package.xml("[Content_Types].xml"):
            if _local(el.tag) == "Override":
                types[el.get("PartName", "").lstrip("/")] = el.get("ContentType", "")
            elif _local(el.tag) == "Default":
                defaults[el.get("Extension", "").lower()] = el.get("ContentType", "")
        for name in self.package.names:
            if name not in types:
                types[name] = defaults.get(name.rsplit(".", 1)[-1].lower(), "")
        return types

    @property
    def sheet_names(self) -> list[str]:
        """Worksheet names in workbook order (chart sheets are left out)."""
        return [name for name, _, _ in self._sheet_entries]

    def sheet(self, name: str) -> Sheet:
        """The worksheet of that name.

        Raises:
            UsageError: there is no worksheet of that name.
        """
        if name not in self._sheets and name not in self.sheet_names:
            # Excel's sheet names are case-insensitive: "actions" finds "Actions"
            name = next((n for n in self.sheet_names if n.lower() == name.lower()), name)
        if name not in self._sheets:
            for entry_name, part, state in self._sheet_entries:
                if entry_name == name:
                    if not self.package.has(part):
                        raise WorkbookError(self.path, f'lists sheet "{name}" but its part {part} is missing; '
                                                       "it is damaged, open it in Excel and save it again")
                    self._sheets[name] = Sheet(self, name, part, state)
                    break
            else:
                names = ", ".join(f'"{n}"' for n in self.sheet_names)
                raise UsageError(self.path, f'has no sheet "{name}"; its sheets are {names}')
        return self._sheets[name]

    def __iter__(self) -> Iterator[Sheet]:
        return (self.sheet(name) for name in self.sheet_names)

    @property
    def is_macro_enabled(self) -> bool:
        """Whether the workbook carries a VBA project (an .xlsm must stay .xlsm)."""
        ctype = self._types.get(self.workbook_part, "")
        return "macroEnabled" in ctype or any(n.lower().endswith("vbaproject.bin") for n in self.package.names)

    @property
    def external_links(self) -> list[str]:
        """Files other workbooks' formulas in this one point to (external links), as written."""
        out: list[str] = []
        for _, rtype, target, _mode in self._wb_rels.values():
            if rtype == REL_EXTERNAL and self.package.has(target):
                out.extend(t for _, _, t, mode in read_rels(self.package, target) if mode == "External")
        return out

    # --------------------------------------------------------------- shared parts
    @property
    def strings(self) -> SharedStrings:
        """The shared strings table (empty if the workbook has none); read only, new text goes in its cells."""
        if self._strings is None:
            part = self.strings_part
            if part is not None:
                data = self.package.read_xml_bytes(part)
                # checked before the first text is read from it; a save copies it unread
                self._strings = SharedStrings(part, data, check=lambda: self.check_part_text(
                    part, "the shared strings table", data))
            else:
                self._strings = SharedStrings(None, None)
        return self._strings

    @property
    def strings_part(self) -> str | None:
        """The name of the shared strings part, None when the workbook has none; nothing is read."""
        if self._strings is not None:
            return self._strings.part
        part = next((r[2] for r in self._wb_rels.values() if r[1] == REL_STRINGS), None)
        return part if part is not None and self.package.has(part) else None

    def check_part_text(self, part: str, what: str, data: bytes) -> None:
        """Refuse a part holding text over Excel's 32,767-character cell limit (no Excel wrote it)."""
        longest = longest_text(data)
        if longest:
            raise WorkbookError(self.path, f"{what} ({part}) holds a text of {longest} characters, over Excel's "
                                           f"{MAX_CELL_CHARS:,}-character cell limit; the file was not saved by Excel, "
                                           "shorten the cell and save it again")

    @property
    def styles(self) -> Styles:
        """The style table."""
        if self._styles is None:
            part = next((r[2] for r in self._wb_rels.values() if r[1] == REL_STYLES), None)
            self._styles_part = part or "xl/styles.xml"
            data = self.package.read_xml_bytes(part) if part is not None and self.package.has(part) else None
            self._styles = Styles(data)
        return self._styles

    def add_style(self, base_xf: int, fill: str | None = None, font_colour: str | None = None,
                  bold: bool = False, num_fmt: str | None = None, *, wrap: bool = False) -> int:
        """A new cell format based on ``base_xf`` (e.g. a highlight fill); returns its cellXfs index.

        Raises:
            UsageError: a colour is not of the form "#RRGGBB".
        """
        try:
            return self.styles.add_xf(base_xf, fill=fill, font_colour=font_colour, bold=bold, num_fmt=num_fmt,
                                      wrap=wrap)
        except ValueError as exc:
            raise UsageError(self.path, str(exc)) from exc

    # --------------------------------------------------------------- new sheets
    def add_sheet(self, name: str, state: SheetState = "visible") -> Sheet:
        """Add an empty worksheet at the end (``state`` "hidden" or "veryHidden" hides it).

        Raises:
            UsageError: the name is taken or not a valid Excel sheet name.
        """
        check_text(name)
        if self.structure_locked:
            raise UsageError(self.path, f'has its structure protected (Review > Protect Workbook), so no sheet can be '
                                        f'added; unprotect it in Excel to add "{name}"')
        if not name or len(name) > MAX_SHEET_NAME or _INVALID_SHEET_CHARS.search(name) or name.startswith("'"):
            raise UsageError(self.path, f'"{name}" is not a valid sheet name (1-31 characters, none of [ ] : * ? / \\)')
        if name.lower() in (n.lower() for n in self.sheet_names):
            raise UsageError(self.path, f'already has a sheet named "{name}"')
        folder = self.workbook_part.rsplit("/", 1)[0] + "/" if "/" in self.workbook_part else ""
        number = 1
        while self.package.has(f"{folder}worksheets/sheet{number}.xml"):
            number += 1
        part = f"{folder}worksheets/sheet{number}.xml"
        prefix = self._main_prefix()
        p = prefix.decode()
        ns_main = STRICT_MAIN if self.strict else NS_MAIN
        xmlns = f' xmlns:{p[:-1]}="{ns_main}"' if p else f' xmlns="{ns_main}"'
        self.package.write(part, (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<{p}worksheet{xmlns}>'
            f'<{p}dimension ref="A1"/><{p}sheetData/></{p}worksheet>').encode())
        rid = self._add_relationship(REL_WORKSHEET, f"worksheets/sheet{number}.xml")
        ns_rel = STRICT_REL if self.strict else NS_REL
        self._add_override(part, CT_WORKSHEET)
        sheet_id = self._next_sheet_id()
        state_attr = f' state="{state}"' if state != "visible" else ""
        root = re.search(rb"<" + _P + rb"workbook\b[^>]*>", self.workbook_xml)
        # only a declaration on the root element is in scope for a new <sheet>
        declared = re.search(rb"xmlns:([A-Za-z_][\w.-]*)\s*=\s*\"" + re.escape(ns_rel.encode()) + rb"\"",
                             root.group(0) if root is not None else b"")
        rel_attr = (f'{declared.group(1).decode()}:id="{rid}"' if declared is not None
                    else f'xmlns:r="{ns_rel}" r:id="{rid}"')
        element = f'<{p}sheet name="{escape_attr(name)}" sheetId="{sheet_id}"{state_attr} {rel_attr}/>'.encode()
        data = self.workbook_xml
        sheets = re.search(rb"</" + _P + rb"sheets>", data)
        if sheets is None:
            raise WorkbookError(self.path, "has a workbook part without <sheets>; open it in Excel and save it again")
        self.workbook_xml = data[:sheets.start()] + element + data[sheets.start():]
        self._sheet_entries.append((name, part, state))
        return self.sheet(name)

    @property
    def structure_locked(self) -> bool:
        """Whether the workbook's structure is protected: sheets may not be added, removed or renamed."""
        match = re.search(rb"<" + _P + rb"workbookProtection\b([^>]*)", self.workbook_xml)
        return match is not None and re.search(rb"\blockStructure\s*=\s*\"(1|true)\"", match.group(1)) is not None

    def _main_prefix(self) -> bytes:
        match = re.search(rb"<(" + _P + rb")workbook\b", self.workbook_xml)
        return match.group(1) if match is not None else b""

    def _next_sheet_id(self) -> int:
        ids = [int(m.group(1)) for m in re.finditer(rb"\bsheetId\s*=\s*\"(\d+)\"", self.workbook_xml)]
        return max([0, *ids]) + 1

    def _add_relationship(self, rtype: str, target: str) -> str:
        name = rels_name(self.workbook_part)
        data = self.package.read_xml_bytes(name)
        ids = {int(m.group(1)) for m in re.finditer(rb"\bId\s*=\s*\"rId(\d+)\"", data)}
        rid = f"rId{max([0, *ids]) + 1}"
        close = data.rfind(b"</")
        written_type = rtype.replace(NS_REL, STRICT_REL) if self.strict else rtype
        element = f'<Relationship Id="{rid}" Type="{written_type}" Target="{escape_attr(target)}"/>'.encode()
        if re.search(rb"<[A-Za-z_][\w.-]*:Relationships\b", data):
            element = element.replace(b"<Relationship ", f'<Relationship xmlns="{NS_PKG_REL}" '.encode())
        self.package.write(name, data[:close] + element + data[close:])
        resolved = resolve_target(self.workbook_part, target)
        self._wb_rels[rid] = (rid, rtype, resolved, "Internal")
        return rid

    def _add_override(self, part: str, ctype: str) -> None:
        data = self.package.read_xml_bytes("[Content_Types].xml")
        close = data.rfind(b"</")
        element = f'<Override PartName="/{escape_attr(part)}" ContentType="{ctype}"/>'.encode()
        self.package.write("[Content_Types].xml", data[:close] + element + data[close:])
        self._types[part] = ctype

    @property
    def workbook_xml(self) -> bytes:
        """workbook.xml as bytes (with any pending change)."""
        if self._workbook_xml is None:
            self._workbook_xml = self.package.read_xml_bytes(self.workbook_part)
        return self._workbook_xml

    @workbook_xml.setter
    def workbook_xml(self, data: bytes) -> None:
        self._workbook_xml = data
        self.package.write(self.workbook_part, data)

    def add_defined_name(self, name: str, sheet_index: int, ref: str, *, hidden: bool = False) -> None:
        """Add a sheet-scoped defined name (a print title, a filter range) to the workbook part."""
        p = self._main_prefix()
        element = (b'<%sdefinedName name="%s" localSheetId="%d"%s>%s</%sdefinedName>'
                   % (p, escape_attr(name).encode(), sheet_index, b' hidden="1"' if hidden else b"",
                      ref.replace("&", "&amp;").replace("<", "&lt;").encode(), p))
        data = self.workbook_xml
        names = re.search(rb"</" + _P + rb"definedNames>", data)
        if names is not None:
            self.workbook_xml = data[:names.start()] + element + data[names.start():]
            return
        block = b"<%sdefinedNames>%s</%sdefinedNames>" % (p, element, p)
        empty = re.search(rb"<" + _P + rb"definedNames\s*/>", data)  # as openpyxl writes it
        if empty is not None:
            self.workbook_xml = data[:empty.start()] + block + data[empty.end():]
            return
        # <definedNames> follows <sheets>, <functionGroups> and <externalReferences>, in that order
        before = [m for m in (re.search(rb"</" + _P + tag + rb">|<" + _P + tag + rb"\s*/>", data)
                              for tag in (rb"sheets", rb"functionGroups", rb"externalReferences")) if m is not None]
        if not before:
            raise WorkbookError(self.path, "has a workbook part without <sheets>; open it in Excel and save it again")
        end = max(m.end() for m in before)
        self.workbook_xml = data[:end] + block + data[end:]

    def extend_filter_name(self, sheet_name: str, old_last: int, new_last: int) -> None:
        """Grow the hidden _xlnm._FilterDatabase name of a sheet with its autofilter after an append."""
        data = self.workbook_xml
        names = [m.group(1) for m in re.finditer(rb"<" + _P + rb"sheet\b[^>]*?\bname\s*=\s*\"([^\"]*)\"", data)]
        wanted = escape_attr(sheet_name).encode()
        if wanted not in names:
            return
        local_id = str(names.index(wanted)).encode()
        pattern = re.compile(rb"(<" + _P + rb"definedName\b[^>]*?\bname\s*=\s*\"_xlnm\._FilterDatabase\"[^>]*>)"
                             rb"([^<]*)(</)")

        def grow(match: re.Match[bytes]) -> bytes:
            if re.search(rb"\blocalSheetId\s*=\s*\"" + local_id + rb"\"", match.group(1)) is None:
                return match.group(0)
            text = re.sub(rb"(\$?[A-Z]{1,3}\$?)" + str(old_last).encode() + rb"$",
                          lambda m: m.group(1) + str(new_last).encode(), match.group(2))
            return match.group(1) + text + match.group(3)

        new = pattern.sub(grow, data)
        if new != data:
            self.workbook_xml = new

    # --------------------------------------------------------------- what sheets report
    def formulas_changed(self) -> None:
        """Ask Excel to recalculate on opening: a formula, or a value one reads, changed or moved."""
        self.needs_recalc = True

    def flush_edits(self) -> None:
        """Write every sheet's pending cell edits into its XML.

        A row operation rewrites whole parts, so edits held in memory must be in them first.
        """
        for loaded in list(self._sheets.values()):
            loaded.flush()

    # --------------------------------------------------------------- saving
    def drop_calc_chain(self) -> None:
        """Ask for calcChain.xml to be removed on save (a formula was replaced; Excel rebuilds the chain)."""
        self._drop_calc_chain = True

    def _finish(self) -> None:
        for sheet in list(self._sheets.values()):
            sheet.flush()
        if self._styles is not None and self._styles.changed:
            if not self.package.has(self._styles_part):
                self._add_relationship(REL_STYLES, self._styles_part.rsplit("/", 1)[-1])
                self._add_override(self._styles_part, CT_STYLES)
            self.package.write(self._styles_part, self._styles.data)
        if self._drop_calc_chain:
            self._remove_calc_chain()
        if self.needs_recalc:
            self._set_full_calc()

    def _remove_calc_chain(self) -> None:
        for rid, (_, rtype, target, _mode) in list(self._wb_rels.items()):
            if rtype != REL_CALC_CHAIN:
                continue
            self.package.remove(target)
            name = rels_name(self.workbook_part)
            data = self.package.read_xml_bytes(name)
            data = re.sub(rb"<" + _P + rb"Relationship\b[^>]*\bId\s*=\s*\"" + rid.encode() + rb"\"[^>]*/>", b"", data)
            self.package.write(name, data)
            types = self.package.read_xml_bytes("[Content_Types].xml")
            types = re.sub(rb"<" + _P + rb"Override\b[^>]*PartName\s*=\s*\"/" + re.escape(target.encode()) +
                           rb"\"[^>]*/>", b"", types)
            self.package.write("[Content_Types].xml", types)
            del self._wb_rels[rid]

    def _set_full_calc(self) -> None:
        data = self.workbook_xml
        calc = re.search(rb"<(" + _P + rb")calcPr\b[^>]*?/?>", data)
        from govsheet.xlsx.patch import set_attr

        if calc is not None:
            tag = calc.group(0)
            if b"fullCalcOnLoad" in tag and re.search(rb"fullCalcOnLoad\s*=\s*\"(1|true)\"", tag):
                return
            self.workbook_xml = data[:calc.start()] + set_attr(tag, b"fullCalcOnLoad", b"1") + data[calc.end():]
            return
        # calcPr comes after definedNames (or sheets) in CT_Workbook's sequence
        prefix = self._main_prefix()
        anchor = (re.search(rb"</" + _P + rb"definedNames>", data) or re.search(rb"<" + _P + rb"definedNames\s*/>",
                  data) or re.search(rb"</" + _P + rb"sheets>", data))
        if anchor is None:
            return
        element = b"<" + prefix + b'calcPr fullCalcOnLoad="1"/>'
        self.workbook_xml = data[:anchor.end()] + element + data[anchor.end():]

    def save(self, out: Path | str | None = None) -> Path:
        """Write the workbook atomically to ``out`` (default: in place); only changed parts are rewritten.

        Raises:
            UsageError: a macro-enabled workbook would be saved with an .xlsx name (Excel refuses it).
            WorkbookError: the file cannot be written.
        """
        target = Path(out) if out is not None else self.path
        if self.is_macro_enabled and target.suffix.lower() == ".xlsx":
            raise UsageError(target, "would hold a macro-enabled workbook under an .xlsx name, which Excel refuses "
                                     "to open; save it as .xlsm")
        self._finish()
        return self.package.save(target)
