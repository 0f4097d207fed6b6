"""Draw the committee table as one self-contained, accessible HTML file (WCAG 2.2 AA).

No scripts, fonts or images are fetched: the page carries its own CSS. The table has a
caption, column and row headers with ``scope``, text contrast of at least 4.5:1, and each
status as an icon (hidden from screen readers) followed by its words. Print CSS repeats
the header row on every page and keeps an action with its narrative. Everything from
the workbook is escaped, so ``=HYPERLINK(...)`` or ``<script>`` is shown as text.
"""

from __future__ import annotations

import re
from html import escape
from pathlib import Path

from govsheet.files import atomic_output
from govsheet.render.table import CommitteeTable, Section, TableRow

# Colours chosen for >= 4.5:1 contrast; the tests compute every pair from this CSS.
BASE_CSS = """
:root { color-scheme: light; }
body { font-family: Arial, Helvetica, sans-serif; font-size: 11pt; line-height: 1.4;
  color: #1A1A1A; background-color: #FFFFFF; margin: 1.5rem; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; color: #1A1A1A; background-color: #FFFFFF; }
p.subtitle { margin: 0 0 1rem; color: #404040; background-color: #FFFFFF; }
table { border-collapse: collapse; width: 100%; margin-bottom: 1.5rem; }
caption { text-align: left; font-weight: bold; padding: .25rem 0; color: #1A1A1A; background-color: #FFFFFF; }
th, td { border: 1px solid #595959; padding: .3rem .45rem; vertical-align: top; text-align: left; }
thead th { color: #FFFFFF; background-color: #1F3864; }
tbody th { color: #1A1A1A; background-color: #FFFFFF; white-space: nowrap; }
td.narrative { color: #1A1A1A; background-color: #F2F2F2; white-space: pre-line; }
.narrative-label { font-weight: bold; }
td.change { color: #1A1A1A; background-color: #FFFFFF; border-left: 4px solid #1F3864; }
.change-label { font-weight: bold; }
h2.section { font-size: 1.2rem; margin: 1.25rem 0 .4rem; color: #1A1A1A; background-color: #FFFFFF;
  break-after: avoid; page-break-after: avoid; }
p.empty { margin: 0 0 1rem; color: #1A1A1A; background-color: #FFFFFF; }
tr.sub th, tr.sub td.first { padding-left: 1.5rem; }
.icon { display: inline-block; min-width: 1.1em;
  font-family: "Segoe UI Symbol", "DejaVu Sans", "Noto Sans Symbols 2", Arial, sans-serif; }
table.summary { width: auto; min-width: 20rem; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0);
  white-space: nowrap; }
a:focus, td:focus { outline: 3px solid #1F3864; }
@media print {
  @page { size: A4 landscape; margin: 12mm; }
  body { margin: 0; font-size: 9pt; }
  thead { display: table-header-group; }
  tfoot { display: table-footer-group; }
  tbody.action { break-inside: avoid; page-break-inside: avoid; }
  thead + tbody.action { break-before: avoid; page-break-before: avoid; }
  tr { break-inside: avoid; page-break-inside: avoid; }
}
"""


def _css_class(code: str) -> str:
    return "status-" + re.sub(r"[^a-z0-9-]", "-", code.lower())


def _status_css(table: CommitteeTable) -> str:
    seen: dict[str, str] = {}
    for row in table.rows:
        if row.status:
            seen[row.status.code] = (f"td.{_css_class(row.status.code)} {{ color: {row.status.font_colour}; "
                                     f"background-color: {row.status.colour}; }}")
    return "\n".join(seen.values())


def _text(value: str) -> str:
    return escape(value, quote=True)


def _row_html(table: CommitteeTable, row: TableRow) -> list[str]:
    width = len(table.columns)
    cls = "sub" if row.level else "action"
    out = ['<tbody class="action">']
    cells: list[str] = []
    for i, (col, text) in enumerate(zip(table.columns, row.cells, strict=True)):
        if i == 0:
            prefix = '<span class="visually-hidden">Sub-item </span>' if row.level else ""
            cells.append(f'<th scope="row" class="first">{prefix}{_text(text)}</th>')
        elif col.kind == "status" and row.status is not None:
            s = row.status
            cells.append(f'<td class="status {_css_class(s.code)}"><span class="icon" aria-hidden="true">'
                         f"{_text(s.icon)}</span> {_text(s.label)}</td>")
        else:
            cells.append(f"<td>{_text(text)}</td>")
    out.append(f'<tr class="{cls}">' + "".join(cells) + "</tr>")
    if row.change:
        out.append(f'<tr class="{cls} change-row"><td class="change" colspan="{width}">'
                   f'<span class="change-label">{_text(table.change_title)}:</span> {_text(row.change)}</td></tr>')
    if row.narrative:
        label = _text(table.narrative_title or "Progress")
        out.append(f'<tr class="{cls} narrative-row"><td class="narrative" colspan="{width}">'
                   f'<span class="narrative-label">{label} ({_text(row.key)}):</span> '
                   f"{_runs_html(row)}</td></tr>")
    out.append("</tbody>")
    return out


def _runs_html(row: TableRow) -> str:
    """The narrative with the master's italics as <em> and bold as <strong>."""
    if not row.narrative_runs:
        return _text(row.narrative)
    out = []
    for text, italic, bold in row.narrative_runs:
        part = _text(text)
        part = f"<em>{part}</em>" if italic else part
        out.append(f"<strong>{part}</strong>" if bold else part)
    return "".join(out)


def _summary_html(table: CommitteeTable) -> list[str]:
    rows = f"{len(table.rows)} row" + ("" if len(table.rows) == 1 else "s")
    out = ['<table class="summary">', f"<caption>Status summary ({rows})</caption>",
           '<thead><tr><th scope="col">Status</th><th scope="col">Number of actions</th></tr></thead>', "<tbody>"]
    out.extend(f'<tr><th scope="row"><span class="icon" aria-hidden="true">{_text(line.icon)}</span> '
               f"{_text(line.label)}</th><td>{line.count}</td></tr>" for line in table.summary)
    out.append("</tbody></table>")
    if table.sections:
        out += ['<table class="summary">', "<caption>Actions by section</caption>",
                '<thead><tr><th scope="col">Section</th><th scope="col">Number of actions</th></tr></thead>',
                "<tbody>"]
        out.extend(f'<tr><th scope="row">{_text(s.title)}</th><td>{s.count}</td></tr>' for s in table.sections)
        out.append("</tbody></table>")
    return out


def _table_html(table: CommitteeTable, rows: tuple[TableRow, ...], caption: str, *, hidden: bool = False) -> list[str]:
    """One committee table: caption, column widths, the header row (repeated in print) and the rows."""
    cls = ' class="visually-hidden"' if hidden else ""
    parts = ['<table class="committee">', f"<caption{cls}>{_text(caption)}</caption>", _colgroup(table),
             "<thead><tr>" + "".join(f'<th scope="col">{_text(c.title)}</th>' for c in table.columns)
             + "</tr></thead>"]
    for row in rows:
        parts.extend(_row_html(table, row))
    parts.append("</table>")
    return parts


def _section_html(table: CommitteeTable, index: int, section: Section) -> list[str]:
    """A section of the grouped paper: its heading with the count, then its table (or a sentence if empty)."""
    anchor = f"section-{section.code}"
    heading = f'<h2 class="section" id="{anchor}">{index}. {_text(section.heading)}</h2>'
    out = [f'<section aria-labelledby="{anchor}">', heading]
    if section.rows:
        out += _table_html(table, section.rows, f"{section.heading}. {table.caption}", hidden=True)
    else:
        out.append(f'<p class="empty">{_text(section.empty)}</p>')
    out.append("</section>")
    return out


def _colgroup(table: CommitteeTable) -> str:
    """Column widths in proportion to the schema's, so the printed table looks like the workbook."""
    total = sum(c.width for c in table.columns) or 1
    cols = "".join(f'<col style="width: {100 * c.width / total:.1f}%">' for c in table.columns)
    return f"<colgroup>{cols}</colgroup>"


def render_html(table: CommitteeTable) -> str:
    """The committee table as one HTML document."""
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en-GB">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="generator" content="govsheet">',
        f"<title>{_text(table.title)}</title>",
        f"<style>{BASE_CSS}{_status_css(table)}\n</style>",
        "</head>",
        "<body>",
        "<main>",
        f"<h1>{_text(table.title)}</h1>",
        f'<p class="subtitle">{_text(table.subtitle)}</p>',
        *_summary_html(table),
    ]
    if table.sections:
        for i, section in enumerate(table.sections, start=1):
            parts += _section_html(table, i, section)
    else:
        parts += _table_html(table, table.rows, table.caption)[:-1]
        if not table.rows:
            parts.append(f'<tbody><tr><td colspan="{len(table.columns)}">No actions match the filter.</td></tr>'
                         "</tbody>")
        parts.append("</table>")
    parts += ["</main>", "</body>", "</html>", ""]
    return "\n".join(parts)


def write_html(table: CommitteeTable, out: Path) -> Path:
    """Write the committee table as HTML to ``out`` (replaced atomically).

    Raises:
        WorkbookError: the file cannot be written.
    """
    out = Path(out)
    with atomic_output(out, what="HTML file") as tmp:
        tmp.write_text(render_html(table), encoding="utf-8")
    return out
