"""The committee table as a Word document, from the hand-made master shaped like seed 000."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from govsheet import api
from govsheet.cli import main
from tests.render.conftest import ORDER, ROWS, TODAY

NARRATIVES = {ref: progress for ref, *_, progress in ROWS if progress}


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
