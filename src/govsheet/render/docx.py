"""Draw the committee table as a Word document with python-docx.

A real Word table (not tabs): its header row repeats on every page (``w:tblHeader``),
columns are as wide as the schema asks (grid and cells), rows do not split across pages unless
they are taller than a page (a long narrative may run on), each row's narrative is merged across the full width,
the status is icon plus words on a coloured cell, the page is A4 landscape with page
numbers in the footer. ``template`` is a council's own .docx: its styles, headers and
footers are used and its body is replaced by the table.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from govsheet.errors import UsageError
from govsheet.files import atomic_output
from govsheet.render.table import CommitteeTable, TableRow

A4_WIDTH_MM = 297
A4_HEIGHT_MM = 210
MARGIN_MM = 15
CHARS_PER_MM = 0.5  # characters of 11-point Calibri (or Carlito) per millimetre of line, with word breaks
LINES_PER_PAGE = 30  # lines of 11-point text a landscape A4 page holds under the header row


def _open(template: Path | None) -> Any:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    if template is None:
        return docx.Document()
    template = Path(template)
    if not template.is_file():
        raise UsageError(template, "template not found; give a .docx file with the council's styles")
    try:
        doc = docx.Document(str(template))
    except (PackageNotFoundError, ValueError, KeyError) as exc:
        raise UsageError(template, f"is not a Word .docx document python-docx can open ({exc}); save the "
                                   "template as .docx (not .dotx or .doc) in Word") from None
    body = doc.element.body
    for child in list(body):
        if not child.tag.endswith("}sectPr"):
            body.remove(child)
    return doc


def _style(doc: Any, *names: str) -> str | None:
    """The first of these styles the document defines (a template may lack any of them)."""
    known = {s.name for s in doc.styles}
    return next((n for n in names if n in known), None)


def _landscape(doc: Any) -> None:
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm

    for section in doc.sections:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width = Mm(A4_WIDTH_MM)
        section.page_height = Mm(A4_HEIGHT_MM)
        for side in ("left_margin", "right_margin"):
            setattr(section, side, Mm(MARGIN_MM))
        section.top_margin = Mm(MARGIN_MM)
        section.bottom_margin = Mm(MARGIN_MM)


def _page_number_footer(doc: Any) -> None:
    """Add "Page N of M" to the footer unless the template already has footer text."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    footer = doc.sections[0].footer
    has_field = any(True for _ in footer._element.iter(qn("w:fldSimple")))  # noqa: SLF001 - no field API
    if has_field or any(p.text.strip() for p in footer.paragraphs):
        return
    para = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
    para.add_run("Page ")
    for i, code in enumerate(("PAGE", "NUMPAGES")):
        field = OxmlElement("w:fldSimple")
        field.set(qn("w:instr"), f" {code} ")
        run = OxmlElement("w:r")
        text = OxmlElement("w:t")
        text.text = "1"
        run.append(text)
        field.append(run)
        para._p.append(field)  # noqa: SLF001 - python-docx has no field API
        if i == 0:
            para.add_run(" of ")


def _shade(cell: Any, colour: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), colour.lstrip("#").upper())
    cell._tc.get_or_add_tcPr().append(shd)  # noqa: SLF001 - python-docx has no shading API


def _row_flag(row: Any, tag: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    flag = OxmlElement(tag)
    flag.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(flag)  # noqa: SLF001 - python-docx exposes no tblHeader/cantSplit API


def _set_text(cell: Any, text: str, *, bold: bool = False, colour: str | None = None) -> None:
    from docx.shared import RGBColor

    para = cell.paragraphs[0]
    for i, part in enumerate(text.split("\n")):
        target = para if i == 0 else cell.add_paragraph()
        run = target.add_run(part)
        run.bold = bold or None
        if colour:
            run.font.color.rgb = RGBColor.from_string(colour.lstrip("#").upper())


def _widths(table: CommitteeTable) -> list[int]:
    from docx.shared import Mm

    usable = A4_WIDTH_MM - 2 * MARGIN_MM
    total = sum(c.width for c in table.columns) or 1
    return [int(Mm(usable * c.width / total)) for c in table.columns]


def _borders(grid: Any) -> None:
    """Single borders on every cell, for a template without the "Table Grid" style."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        edge = OxmlElement(f"w:{side}")
        for attr, value in (("val", "single"), ("sz", "4"), ("space", "0"), ("color", "808080")):
            edge.set(qn(f"w:{attr}"), value)
        borders.append(edge)
    tbl_pr = grid._tbl.tblPr  # noqa: SLF001 - python-docx has no border API
    # Word wants tblPr's children in schema order: tblBorders comes after tblW/jc/tblCellSpacing/tblInd.
    before = [c for c in tbl_pr if c.tag in {qn(f"w:{t}") for t in ("tblStyle", "tblW", "jc", "tblCellSpacing",
                                                                      "tblInd")}]
    if before:
        before[-1].addnext(borders)
    else:
        tbl_pr.insert(0, borders)


def lines_needed(text: str, width_mm: float) -> int:
    """About how many lines ``text`` wraps to in a cell ``width_mm`` wide."""
    per_line = max(1, int(width_mm * CHARS_PER_MM))
    return sum(max(1, -(-len(part) // per_line)) for part in text.split("\n")) if text else 1


def _set_grid(grid: Any, widths: list[int]) -> None:
    """The table grid's column widths: Word and LibreOffice lay the table out from ``w:tblGrid``."""
    from docx.oxml.ns import qn
    from docx.shared import Emu

    for col, width in zip(grid._tbl.tblGrid.iter(qn("w:gridCol")), widths, strict=True):  # noqa: SLF001
        col.set(qn("w:w"), str(Emu(width).twips))


def _new_row(grid: Any, widths: list[int], *, span: int = 1, may_split: bool = False) -> list[Any]:
    """Append a row that does not split across pages unless ``may_split`` (a row taller than a page);
    with ``span``, one cell across that many columns.

    Rows are built as XML and appended, because python-docx's ``add_row``, ``rows[-1]``, ``row.cells``
    and ``merge`` each walk the whole table, which makes a long tracker quadratic (a minute for 2,000 rows).
    """
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Emu
    from docx.table import _Cell

    tr = OxmlElement("w:tr")
    if not may_split:
        tr_pr = OxmlElement("w:trPr")
        cant_split = OxmlElement("w:cantSplit")
        cant_split.set(qn("w:val"), "true")
        tr_pr.append(cant_split)
        tr.append(tr_pr)
    cells = []
    for width in widths:
        tc = OxmlElement("w:tc")
        tc_pr = OxmlElement("w:tcPr")
        tc_w = OxmlElement("w:tcW")
        tc_w.set(qn("w:w"), str(Emu(width).twips))
        tc_w.set(qn("w:type"), "dxa")
        tc_pr.append(tc_w)
        if span > 1:
            grid_span = OxmlElement("w:gridSpan")
            grid_span.set(qn("w:val"), str(span))
            tc_pr.append(grid_span)
        tc.append(tc_pr)
        tc.append(OxmlElement("w:p"))
        tr.append(tc)
        cells.append(_Cell(tc, grid))
    grid._tbl.append(tr)  # noqa: SLF001 - see the docstring
    return cells


def _add_runs(cell: Any, para: Any, runs: tuple[tuple[str, bool, bool], ...]) -> None:
    """Add the narrative's runs with the master's italics and bold, a paragraph per line."""
    for text, italic, bold in runs:
        for i, part in enumerate(text.split("\n")):
            if i:
                para = cell.add_paragraph()
            if part:
                run = para.add_run(part)
                run.italic = italic or None
                run.bold = bold or None


def _add_grid(doc: Any, table: CommitteeTable, rows: tuple[TableRow, ...]) -> None:
    """One Word table: the header row (repeated on every page), then each row, its change and narrative."""
    cols = table.columns
    grid = doc.add_table(rows=1, cols=len(cols))
    grid_style = _style(doc, "Table Grid")
    if grid_style:
        grid.style = grid_style
    else:
        _borders(grid)
    grid.autofit = False
    widths = _widths(table)
    _set_grid(grid, widths)
    header = grid.rows[0]
    _row_flag(header, "w:tblHeader")
    for cell, col, width in zip(header.cells, cols, widths, strict=True):
        cell.width = width
        _set_text(cell, col.title, bold=True, colour="#FFFFFF")
        _shade(cell, "#1F3864")
    for row in rows:
        cells = _new_row(grid, widths)
        for i, (cell, col, text) in enumerate(zip(cells, cols, row.cells, strict=True)):
            shown = ("    " + text) if row.level and i == 0 else text
            if col.kind == "status" and row.status is not None:
                _set_text(cell, text, colour=row.status.font_colour)
                _shade(cell, row.status.colour)
            else:
                _set_text(cell, shown, bold=i == 0 and not row.level)
        if row.change:
            (cell,) = _new_row(grid, [sum(widths)], span=len(cols))
            para = cell.paragraphs[0]
            para.add_run(f"{table.change_title}: ").bold = True
            para.add_run(row.change)
        if row.narrative:
            tall = lines_needed(row.narrative, A4_WIDTH_MM - 2 * MARGIN_MM) > LINES_PER_PAGE
            (cell,) = _new_row(grid, [sum(widths)], span=len(cols), may_split=tall)
            label = table.narrative_title or "Progress"
            para = cell.paragraphs[0]
            para.add_run(f"{label} ({row.key}): ").bold = True
            _add_runs(cell, para, row.narrative_runs or ((row.narrative, False, False),))


def build_document(table: CommitteeTable, template: Path | None = None) -> Any:
    """The committee table as a python-docx Document."""
    doc = _open(template)
    _landscape(doc)
    _page_number_footer(doc)
    doc.core_properties.title = table.title[:255]
    doc.add_paragraph(table.title, style=_style(doc, "Title", "Heading 1"))
    doc.add_paragraph(table.subtitle, style=_style(doc, "Subtitle", "Normal"))
    summary = "; ".join(f"{line.icon} {line.label}: {line.count}" for line in table.summary)
    doc.add_paragraph(f"Status summary: {summary}", style=_style(doc, "Normal"))
    if table.sections:
        counts = "; ".join(f"{s.title}: {s.count}" for s in table.sections)
        doc.add_paragraph(f"Actions by section: {counts}", style=_style(doc, "Normal"))
        for i, section in enumerate(table.sections, start=1):
            heading = doc.add_paragraph(f"{i}. {section.heading}", style=_style(doc, "Heading 2", "Normal"))
            heading.paragraph_format.keep_with_next = True
            if section.rows:
                _add_grid(doc, table, section.rows)
            else:
                doc.add_paragraph(section.empty, style=_style(doc, "Normal"))
        return doc
    _add_grid(doc, table, table.rows)
    if not table.rows:
        doc.add_paragraph("No actions match the filter.")
    return doc


def write_docx(table: CommitteeTable, out: Path, *, template: Path | None = None) -> Path:
    """Write the committee table as a Word document to ``out`` (replaced atomically).

    Raises:
        UsageError: the template cannot be opened.
        WorkbookError: the file cannot be written.
    """
    out = Path(out)
    doc = build_document(table, template)
    with atomic_output(out, what="document") as tmp:
        doc.save(str(tmp))
    return out
