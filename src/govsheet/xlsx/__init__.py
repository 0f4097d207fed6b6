"""OOXML packages: safe opening, cells, and surgical in-place edits. Knows nothing of trackers.

    from govsheet.xlsx import Book
    book = Book.open(path)                # safe open (zip limits, defusedxml, .xlsm ok); raises WorkbookError
    book.sheet_names -> list[str]
    sheet = book.sheet("Actions")         # UsageError if missing
    sheet = book.add_sheet("Problems", state="visible"|"hidden"|"veryHidden")
    sheet.max_row -> int                  # last row holding a cell (1-based), 0 if empty
    sheet.cell("D14") -> Cell(ref, value, type, style, formula)
    sheet.set("D14", value, style=None)   # str|int|float|bool|date|datetime|None; text is never a formula
    sheet.set_formula("A2", 'HYPERLINK("#Actions!D14","D14")', cached=None)
    sheet.append_rows(rows, template_row=None) -> list[int]
    xf = book.add_style(base_xf, fill="#FFC7CE", font_colour=None, bold=False) -> int
    sheet.style_of("D14") -> int; sheet.set_style("D14", xf)
    book.is_macro_enabled -> bool; book.external_links -> list[str]
    book.save(out=None) -> Path           # atomic; only changed parts rewritten, others copied raw

Additions to the agreed API:
    Book.open(path, limits=Limits(...))   # safety limits (see limits.Limits; GOVSHEET_MAX_* env vars)
    book.add_style(..., num_fmt="d mmmm yyyy")  # also a number format
    book.date1904 -> bool; book.close(); ``with Book.open(p) as book:``
    sheet.is_protected -> bool; sheet.is_locked("D14") -> bool; sheet.state; sheet.name
    book.structure_locked -> bool         # add_sheet raises UsageError when it is
    Cell.type is one of "string", "number", "boolean", "date", "error", "empty"; a formula cell's
    value is the cached result stored in the file. Setting "" clears a cell like None.
    book.package.written -> list[str]     # parts the last save rewrote

Behaviour worth knowing:
    * a cleared cell keeps its style (``<c r="D14" s="5"/>``); one without a style is removed, and
      so is a row left with no cells and no attributes of its own;
    * a new cell takes its row's style (if the row is formatted), else its column's;
    * replacing a formula drops calcChain.xml; any value change in a workbook with formulas sets
      ``fullCalcOnLoad`` so Excel and LibreOffice recalculate;
    * the anchor cell of a shared formula (``<f t="shared" ref="D2:D9">``) is not overwritten:
      UsageError, as the other cells would lose their formula;
    * text with lone surrogates or U+FFFE/U+FFFF, over 32,767 characters, NaN and infinity are
      refused (UsageError); a workbook already holding over-long text is refused (WorkbookError);
    * after ``save`` the book stays usable: later edits and saves start from the file written.
"""

from govsheet.xlsx.book import Book
from govsheet.xlsx.limits import Limits
from govsheet.xlsx.sheet import Cell, Sheet

__all__ = ["Book", "Cell", "Limits", "Sheet"]
