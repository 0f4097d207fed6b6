"""The committee table in xlsx, HTML and Word, from the hand-made master shaped like seed 000."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from govsheet import api
from govsheet.cli import cli, main
from govsheet.render.table import build_table, open_tracker

from .conftest import INJECTIONS, ORDER, ROWS, TODAY

NARRATIVES = {ref: progress for ref, *_, progress in ROWS if progress}


def test_the_table_puts_sub_items_and_parts_under_their_parent(handmade: Path) -> None:
    table = build_table(open_tracker(handmade), today=TODAY)
    assert [r.key for r in table.rows] == ORDER
    assert [r.level for r in table.rows] == [0, 1, 1, 0, 0, 0, 1, 1]
    assert [c.title for c in table.columns] == ["Ref", "Planned Action", "Officer responsible",
                                                "Target date for completion", "Progress status"]
    assert table.title == "Annual Governance Statement action plan: 2020/21 Q3"
    assert table.subtitle == "Position at 15 January 2021"
    assert {r.key: r.narrative for r in table.rows if r.narrative} == NARRATIVES


def test_status_is_icon_plus_words_and_the_summary_counts_each_status(handmade: Path) -> None:
    table = build_table(open_tracker(handmade), today=TODAY)
    assert [r.cells[4] for r in table.rows] == ["◐ In progress", "", "", "● Completed", "○ Yet to start", "",
                                                "● Completed", "◐ In progress"]
    assert [(s.label, s.icon, s.count) for s in table.summary] == [
        ("Yet to start", "○", 1), ("In progress", "◐", 2), ("Completed", "●", 2)]


# --- xlsx -------------------------------------------------------------------------------------------------------

@pytest.fixture
def rendered_xlsx(handmade: Path, tmp_path: Path) -> Path:
    out = tmp_path / "committee.xlsx"
    api.render(handmade, "xlsx", out, today=TODAY)
    return out


def test_xlsx_is_a4_landscape_fitted_to_width_with_print_titles_and_page_numbers(rendered_xlsx: Path) -> None:
    with zipfile.ZipFile(rendered_xlsx) as z:
        book = z.read("xl/workbook.xml").decode()
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
        names = z.namelist()
    assert "<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"0\">'Committee table'!$5:$5</definedName>" in book
    assert '<pageSetup paperSize="9" fitToHeight="0" orientation="landscape"/>' in sheet
    assert '<pageSetUpPr fitToPage="1"/>' in sheet
    assert '<printOptions horizontalCentered="1"/>' in sheet
    assert "<oddFooter>&amp;LPosition at 15 January 2021&amp;RPage &amp;P of &amp;N</oddFooter>" in sheet
    assert "xl/charts/chart1.xml" in names


def test_xlsx_has_every_action_once_in_order_with_its_narrative_across_the_full_width(rendered_xlsx: Path) -> None:
    import openpyxl

    ws = openpyxl.load_workbook(rendered_xlsx)["Committee table"]
    assert ws["A1"].value == "Annual Governance Statement action plan: 2020/21 Q3"
    assert ws["A3"].value == "Status summary: ○ Yet to start: 1; ◐ In progress: 2; ● Completed: 2"
    assert [c.value for c in ws[5]] == ["Ref", "Planned Action", "Officer responsible",
                                        "Target date for completion", "Progress status"]
    seen: list[tuple[str, str]] = []
    merged = {str(r) for r in ws.merged_cells.ranges}
    for row in ws.iter_rows(min_row=6):
        a = row[0].value
        if f"A{row[0].row}:E{row[0].row}" in merged:
            seen.append(("narrative", a))
        else:
            seen.append(("action", a))
    expected: list[tuple[str, str]] = []
    for ref in ORDER:
        expected.append(("action", ref))
        if ref in NARRATIVES:
            expected.append(("narrative", NARRATIVES[ref]))
    assert seen == expected
    assert ws["E6"].value == "◐ In progress"
    assert ws["E6"].fill.fgColor.rgb == "FFFFE699"


def test_xlsx_shows_formula_like_text_as_text(rendered_xlsx: Path) -> None:
    with zipfile.ZipFile(rendered_xlsx) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
        strings = z.read("xl/sharedStrings.xml").decode()
    assert "<f>" not in sheet
    for text in INJECTIONS:
        escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
        assert escaped in strings or text.replace("<", "&lt;").replace(">", "&gt;") in strings


def test_xlsx_summary_sheet_counts_statuses_beside_a_chart(rendered_xlsx: Path) -> None:
    import openpyxl

    ws = openpyxl.load_workbook(rendered_xlsx)["Summary"]
    assert [[c.value for c in row] for row in ws.iter_rows(min_row=4, max_row=8)] == [
        ["Status", "Actions"], ["○ Yet to start", 1], ["◐ In progress", 2], ["● Completed", 2], ["Total", 5]]
    with zipfile.ZipFile(rendered_xlsx) as z:
        chart = z.read("xl/charts/chart1.xml").decode()
    assert "<c:f>Summary!$A$5:$A$7</c:f>" in chart
    assert '<c:showVal val="1"/>' in chart


# --- HTML -------------------------------------------------------------------------------------------------------

@pytest.fixture
def rendered_html(handmade: Path, tmp_path: Path) -> Path:
    out = tmp_path / "committee.html"
    api.render(handmade, "html", out, today=TODAY)
    return out


def _hex(colour: str) -> tuple[float, float, float]:
    value = colour.lstrip("#")
    return int(value[0:2], 16) / 255, int(value[2:4], 16) / 255, int(value[4:6], 16) / 255


def luminance(colour: str) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in _hex(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(fg: str, bg: str) -> float:
    hi, lo = sorted((luminance(fg), luminance(bg)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_contrast_formula_matches_wcag_reference_values() -> None:
    assert round(contrast("#000000", "#FFFFFF"), 2) == 21.0
    assert round(contrast("#777777", "#FFFFFF"), 2) == 4.48


def test_html_text_colours_have_at_least_4_5_to_1_contrast(rendered_html: Path) -> None:
    css = re.search(r"<style>(.*)</style>", rendered_html.read_text(encoding="utf-8"), re.DOTALL)
    assert css
    rules = re.findall(r"([^{}]+)\{([^{}]*)\}", css.group(1))
    pairs = []
    for selector, body in rules:
        fg = re.search(r"(?<![-\w])color:\s*(#[0-9A-Fa-f]{6})", body)
        bg = re.search(r"background-color:\s*(#[0-9A-Fa-f]{6})", body)
        if fg and bg:
            pairs.append((selector.strip(), fg.group(1), bg.group(1)))
    selectors = {s for s, _, _ in pairs}
    assert {"body", "thead th", "td.narrative", "td.status-in-progress", "td.status-completed",
            "td.status-yet-to-start"} <= selectors
    low = [(s, fg, bg, round(contrast(fg, bg), 2)) for s, fg, bg in pairs if contrast(fg, bg) < 4.5]
    assert low == []


def test_html_structure_is_accessible(rendered_html: Path) -> None:
    from html.parser import HTMLParser

    class Collect(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.tags: list[tuple[str, dict[str, str | None]]] = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            self.tags.append((tag, dict(attrs)))

    page = Collect()
    text = rendered_html.read_text(encoding="utf-8")
    page.feed(text)
    html_tag = next(a for t, a in page.tags if t == "html")
    assert html_tag["lang"] == "en-GB"
    assert sum(1 for t, _ in page.tags if t == "table") == sum(1 for t, _ in page.tags if t == "caption") == 2
    ths = [a for t, a in page.tags if t == "th"]
    assert ths
    assert all(a.get("scope") in {"col", "row"} for a in ths)
    assert all(t not in {"script", "img", "link", "iframe"} for t, _ in page.tags)  # self-contained
    assert "<title>Annual Governance Statement action plan: 2020/21 Q3</title>" in text
    # the icon is decoration for screen readers; the words carry the status
    assert ('<td class="status status-in-progress"><span class="icon" aria-hidden="true">◐</span> In progress</td>'
            in text)
    assert "thead { display: table-header-group; }" in text
    assert "@page { size: A4 landscape;" in text


def test_html_has_every_action_once_in_order_with_its_narrative(rendered_html: Path) -> None:
    text = rendered_html.read_text(encoding="utf-8")
    table = text.split('<table class="committee">')[1]
    row_heads = re.findall(r'<th scope="row" class="first">(?:<span class="visually-hidden">Sub-item </span>)?'
                           r"([^<]*)</th>", table)
    assert row_heads == ORDER
    narratives = re.findall(r'<span class="narrative-label">Progress update \(([^)]*)\):</span> ([^<]*)</td>', table)
    from html import unescape

    assert [(k, unescape(v)) for k, v in narratives] == [(k, NARRATIVES[k]) for k in ORDER if k in NARRATIVES]


def test_html_escapes_formula_like_and_markup_text(rendered_html: Path) -> None:
    text = rendered_html.read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "<script>" not in text
    assert "=HYPERLINK(&quot;http://evil.example&quot;,&quot;click&quot;)" in text
    assert "+cmd|&#x27; /C calc&#x27;!A0" in text
    assert "href=" not in text


@pytest.mark.browser
def test_html_prints_to_pdf_in_headless_chromium(rendered_html: Path, tmp_path: Path) -> None:
    from tests.conftest import chromium_path, run_bounded

    chromium = chromium_path()
    assert chromium is not None
    pdf = tmp_path / "committee.pdf"
    run_bounded([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 f"--user-data-dir={tmp_path / 'chromium-profile'}", f"--print-to-pdf={pdf}",
                 rendered_html.as_uri()], timeout=120)
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-")
    # A4 landscape from the print CSS: 842 x 595 points
    assert re.search(rb"/MediaBox\s*\[\s*0 0 84[12]\.?\d* 59[45]\.?\d*\s*\]", data)


# --- Word -------------------------------------------------------------------------------------------------------

@pytest.fixture
def rendered_docx(handmade: Path, tmp_path: Path) -> Path:
    out = tmp_path / "committee.docx"
    api.render(handmade, "docx", out, today=TODAY)
    return out


def test_docx_header_row_repeats_and_the_page_is_landscape(rendered_docx: Path) -> None:
    with zipfile.ZipFile(rendered_docx) as z:
        body = z.read("word/document.xml").decode()
        footers = [z.read(n).decode() for n in z.namelist() if n.startswith("word/footer")]
    first_row = body.split("<w:tr>")[1] if "<w:tr>" in body else body.split("<w:tr ")[1]
    assert '<w:tblHeader w:val="true"/>' in first_row
    assert body.count("<w:tblHeader ") == 1
    assert 'w:orient="landscape"' in body
    assert '<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/>' in body
    assert any('w:instr=" PAGE "' in f and 'w:instr=" NUMPAGES "' in f for f in footers)


def test_docx_has_every_action_once_in_order_with_its_narrative_across_the_full_width(rendered_docx: Path) -> None:
    import docx

    doc = docx.Document(str(rendered_docx))
    table = doc.tables[0]
    rows = table.rows
    assert [c.text for c in rows[0].cells] == ["Ref", "Planned Action", "Officer responsible",
                                               "Target date for completion", "Progress status"]
    seen: list[tuple[str, str]] = []
    for row in rows[1:]:
        cells = row.cells
        if len({id(c._tc) for c in cells}) == 1:
            seen.append(("narrative", cells[0].text))
        else:
            seen.append(("action", cells[0].text.strip()))
    expected: list[tuple[str, str]] = []
    for ref in ORDER:
        expected.append(("action", ref))
        if ref in NARRATIVES:
            expected.append(("narrative", f"Progress update ({ref}): {NARRATIVES[ref]}"))
    assert seen == expected
    assert rows[1].cells[4].text == "◐ In progress"
    assert doc.paragraphs[0].text == "Annual Governance Statement action plan: 2020/21 Q3"


def test_docx_keeps_formula_like_text_as_text(rendered_docx: Path) -> None:
    with zipfile.ZipFile(rendered_docx) as z:
        body = z.read("word/document.xml").decode()
    assert '<w:t>=HYPERLINK("http://evil.example","click")</w:t>' in body
    assert "<w:fldSimple" not in body
    assert "<w:instrText" not in body
    assert "&lt;script&gt;" in body


def test_docx_template_styles_are_applied_and_its_body_replaced(handmade: Path, tmp_path: Path) -> None:
    import docx
    from docx.shared import Pt

    template = tmp_path / "council.docx"
    tdoc = docx.Document()
    tdoc.styles["Normal"].font.name = "Verdana"
    tdoc.styles["Normal"].font.size = Pt(9)
    tdoc.add_paragraph("Placeholder body text from the template")
    tdoc.sections[0].footer.paragraphs[0].text = "Council footer"
    tdoc.save(str(template))
    out = tmp_path / "committee.docx"
    api.render(handmade, "docx", out, template=template, today=TODAY)
    doc = docx.Document(str(out))
    assert doc.styles["Normal"].font.name == "Verdana"
    assert doc.styles["Normal"].font.size == Pt(9)
    assert "Placeholder body text from the template" not in [p.text for p in doc.paragraphs]
    assert doc.sections[0].footer.paragraphs[0].text == "Council footer"
    assert len(doc.tables) == 1


def test_render_with_a_template_that_is_not_docx_exits_2(handmade: Path, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "council.docx"
    bad.write_text("not a document", encoding="utf-8")
    with pytest.raises(SystemExit) as done:
        main(["render", str(handmade), "--format", "docx", "-o", str(tmp_path / "o.docx"), "--template", str(bad)])
    assert done.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith(f"govsheet: {bad}: is not a Word .docx document python-docx can open (")
    assert err.count("\n") == 1


def test_render_command_says_what_it_wrote(handmade: Path, tmp_path: Path) -> None:
    out = tmp_path / "o.html"
    result = CliRunner().invoke(cli, ["render", str(handmade), "--format", "html", "-o", str(out),
                                      "--where", "status != completed", "--date", "2021-01-15"])
    assert result.exit_code == 0, result.output
    assert result.output == f"{out}: committee table (html), 6 of 8 rows\n"
    assert "Position at 15 January 2021; showing 6 of 8 rows where status != completed" in out.read_text("utf-8")


def test_render_a_workbook_without_metadata_asks_for_a_schema(tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    import xlsxwriter

    plain = tmp_path / "plain.xlsx"
    book = xlsxwriter.Workbook(str(plain))
    book.add_worksheet("Actions").write_row(0, 0, ["Ref", "Planned Action"])
    book.close()
    with pytest.raises(SystemExit) as done:
        main(["render", str(plain), "--format", "html", "-o", str(tmp_path / "o.html")])
    assert done.value.code == 2
    assert capsys.readouterr().err == (f"govsheet: {plain}: does not say which schema it follows (no govsheet "
                                       "metadata); give --schema NAME or a schema file\n")


def test_a_status_no_one_recognises_is_shown_as_typed_and_counted_apart(tmp_path: Path) -> None:
    from govsheet.importer.master import write_master
    from govsheet.model.tracker import Action, Tracker
    from govsheet.schemas import load_schema

    path = tmp_path / "odd.xlsx"
    write_master(Tracker(schema_name="ags-action-plan", actions=[
        Action(values={"ref": "1", "action": "A", "officer": "X", "status": "Finished?"}),
        Action(values={"ref": "2", "action": "B", "officer": "X", "status": "Done"}),
    ]), load_schema("ags-action-plan"), path)
    table = build_table(open_tracker(path), today=TODAY)
    assert table.title == "Annual Governance Statement action plan"
    assert [r.cells[4] for r in table.rows] == ["Finished?", "● Completed"]
    assert [(s.label, s.count) for s in table.summary] == [
        ("Yet to start", 0), ("In progress", 0), ("Completed", 1), ("Status not recognised", 1)]
    out = tmp_path / "odd.html"
    api.render(path, "html", out, today=TODAY)
    assert "<td>Finished?</td>" in out.read_text(encoding="utf-8")


def test_a_return_renders_with_only_its_owners_rows(handmade: Path, tmp_path: Path) -> None:
    ret = api.issue(handmade, tmp_path / "returns", owners=["Group Manager Procurement"]).returns[0].path
    table = build_table(open_tracker(ret), today=TODAY)
    assert [r.key for r in table.rows] == ["15", "15a", "15b"]
    out = tmp_path / "return.docx"
    api.render(ret, "docx", out, today=TODAY)
    assert out.stat().st_size > 0


def test_an_empty_filter_result_still_renders_in_every_format(handmade: Path, tmp_path: Path) -> None:
    for fmt in ("xlsx", "html", "docx"):
        out = tmp_path / f"none.{fmt}"
        written = api.render(handmade, fmt, out, where="key = 99", today=TODAY)
        assert written.what == f"committee table ({fmt}), 0 of 8 rows"
    assert "No actions match the filter." in (tmp_path / "none.html").read_text(encoding="utf-8")


def test_a_long_narrative_is_split_between_paragraphs_over_rows_excel_can_show() -> None:
    from govsheet.render.xlsx import MAX_LINES, _lines, split_narrative

    text = "\n\n".join(f"Paragraph {i}: " + "words " * 60 for i in range(40))
    pieces = split_narrative(text, 135)
    assert len(pieces) > 1
    assert "\n".join(pieces) == text
    assert all(_lines(p, 135) <= MAX_LINES for p in pieces)
    assert split_narrative("short", 135) == ["short"]
    assert split_narrative("", 135) == []


def test_docx_template_without_table_grid_gets_borders_in_schema_order(handmade: Path, tmp_path: Path) -> None:
    import docx

    template = tmp_path / "plain.docx"
    tdoc = docx.Document()
    tdoc.styles["Table Grid"].delete()
    tdoc.save(str(template))
    out = tmp_path / "committee.docx"
    api.render(handmade, "docx", out, template=template, today=TODAY)
    with zipfile.ZipFile(out) as z:
        body = z.read("word/document.xml").decode()
    tbl_pr = body[body.index("<w:tblPr>"):body.index("</w:tblPr>")]
    assert tbl_pr.index("<w:tblW ") < tbl_pr.index("<w:tblBorders>") < tbl_pr.index("<w:tblLayout ")
    assert '<w:insideH w:val="single" w:sz="4" w:space="0" w:color="808080"/>' in tbl_pr


def test_a_workbook_without_metadata_renders_with_schema_given(tmp_path: Path) -> None:
    import xlsxwriter

    plain = tmp_path / "plain.xlsx"
    book = xlsxwriter.Workbook(str(plain))
    sheet = book.add_worksheet("Actions")
    sheet.write_row(0, 0, ["Ref", "Planned Action", "Officer responsible", "Progress status", "Progress update"])
    sheet.write_row(1, 0, ["1", "Review the constitution", "Monitoring Officer", "Ongoing", "Drafted."])
    book.close()
    result = CliRunner().invoke(cli, ["render", str(plain), "--format", "html", "-o", str(tmp_path / "o.html"),
                                      "--schema", "ags-action-plan", "--title", "Audit Committee, 3 March 2021"])
    assert result.exit_code == 0, result.output
    text = (tmp_path / "o.html").read_text(encoding="utf-8")
    assert "<h1>Audit Committee, 3 March 2021</h1>" in text
    assert '<span class="icon" aria-hidden="true">◐</span> In progress</td>' in text
