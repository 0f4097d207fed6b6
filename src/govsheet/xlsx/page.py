"""Print set-up of a sheet the lossless engine added: paper, orientation, fit, frozen header, filter.

Only for a sheet made by :meth:`Book.add_sheet` (it has no views, filter or page set-up of its own
yet); the elements go where ECMA-376 orders them, and the print titles and the filter's range are
the workbook's defined names, as Excel writes them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from govsheet.xlsx.refs import col_letters

if TYPE_CHECKING:
    from govsheet.xlsx.book import Book
    from govsheet.xlsx.sheet import Sheet

_P = rb"(?:[A-Za-z_][\w.-]*:)?"
A4 = 9  # Excel's paper size code


@dataclass(frozen=True)
class PageLayout:
    """How a table sheet prints: its header row repeated, frozen and filtered."""

    last_row: int  # 1-based, the header is row 1
    last_col: int  # 1-based
    landscape: bool = True
    fit_width: bool = True  # fitted to one page wide (else printed at ``scale`` per cent)
    scale: int = 100
    footer: str = ""
    heights: tuple[float, ...] = ()  # points, of rows 2, 3, ... (wrapped text needs them: no reader sizes rows)
    header_height: float | None = None  # points, of row 1
    title_columns: int = 0  # the first so many columns repeated on every page, as the header row is
    printed_columns: int | None = None  # the print area stops after this many columns (None: all)


def lay_out_table(book: Book, sheet: Sheet, layout: PageLayout) -> None:
    """Give a new sheet its print set-up, a frozen header row and an autofilter over the table.

    Cells set on the sheet and not yet saved are written into its XML first, so none is lost.
    """
    sheet.flush()
    data = sheet.data
    body = re.search(rb"<(" + _P + rb")sheetData\b(?:[^>]*?/>|.*?</" + _P + rb"sheetData>)", data, re.DOTALL)
    root = re.search(rb"<" + _P + rb"worksheet\b[^>]*>", data)
    if body is None or root is None:
        return
    p = body.group(1)
    last = f"{col_letters(layout.last_col)}{max(layout.last_row, 2)}".encode()
    fit = b' fitToWidth="1" fitToHeight="0"' if layout.fit_width else b' scale="%d"' % layout.scale
    footer = layout.footer.replace("&", "&&").replace("&", "&amp;").replace("<", "&lt;")
    before = (b'<%ssheetPr><%spageSetUpPr fitToPage="1"/></%ssheetPr>' % (p, p, p)) if layout.fit_width else b""
    views = (b'<%ssheetViews><%ssheetView workbookViewId="0"><%spane ySplit="1" topLeftCell="A2" '
             b'activePane="bottomLeft" state="frozen"/><%sselection pane="bottomLeft" activeCell="A2" '
             b'sqref="A2"/></%ssheetView></%ssheetViews>' % (p, p, p, p, p, p))
    after = (b'<%sautoFilter ref="A1:%s"/>' % (p, last)
             + b'<%spageMargins left="0.5" right="0.5" top="0.6" bottom="0.6" header="0.3" footer="0.3"/>' % p
             + b'<%spageSetup paperSize="%d" orientation="%s"%s/>' % (
                 p, A4, b"landscape" if layout.landscape else b"portrait", fit)
             + (b"<%sheaderFooter><%soddFooter>&amp;L%s&amp;RPage &amp;P of &amp;N</%soddFooter></%sheaderFooter>"
                % (p, p, footer.encode(), p, p)))
    rows = data[body.start():body.end()]
    heights = (layout.header_height, *layout.heights)
    if any(h is not None for h in heights):
        def tall(match: re.Match[bytes]) -> bytes:
            number = int(match.group(2)) - 1
            height = heights[number] if 0 <= number < len(heights) else None
            if height is None:
                return match.group(0)
            return match.group(1) + b' ht="%s" customHeight="1"' % f"{height:g}".encode()
        rows = re.sub(rb"(<" + _P + rb'row\b[^>]*?\br="(\d+)")', tall, rows)
    dimension = re.search(rb"<" + _P + rb"dimension\b[^>]*/>", data)
    head_end = dimension.end() if dimension is not None else root.end()
    head = data[:root.end()] + before + data[root.end():head_end] + views + data[head_end:body.start()]
    sheet.replace_xml(head + rows + after + data[body.end():])
    quoted = "'" + sheet.name.replace("'", "''") + "'"
    index = book.sheet_names.index(sheet.name)
    titles = f"{quoted}!$A:${col_letters(layout.title_columns)}," if layout.title_columns else ""
    book.add_defined_name("_xlnm.Print_Titles", index, f"{titles}{quoted}!$1:$1")
    if layout.printed_columns is not None and layout.printed_columns < layout.last_col:
        book.add_defined_name("_xlnm.Print_Area", index, f"{quoted}!$A$1:${col_letters(layout.printed_columns)}$"
                                                         f"{max(layout.last_row, 2)}")
    book.add_defined_name("_xlnm._FilterDatabase", index, f"{quoted}!$A$1:${col_letters(layout.last_col)}$"
                                                          f"{max(layout.last_row, 2)}", hidden=True)
