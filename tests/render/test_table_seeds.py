"""Both seed masters in every format: each action once, in committee order, with its narrative."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from html import unescape
from pathlib import Path

import pytest

from govsheet import api
from govsheet.render.table import CommitteeTable, build_table, open_tracker
from tests.conftest import libreoffice_convert, read_csv_rows

from .conftest import INJECTIONS, TODAY

pytest.importorskip("govsheet.importer.seed", reason="the seed importer has not landed")
SCHEMAS = ["ags-action-plan", "governance-review"]


def table_of(master: Path) -> CommitteeTable:
    return build_table(open_tracker(master), today=TODAY)


@pytest.mark.parametrize("schema", SCHEMAS)
def test_seed_table_has_every_row_of_the_master_once(master: Callable[[str], Path], schema: str) -> None:
    path = master(schema)
    source = open_tracker(path)
    table = table_of(path)
    keys = [r.key for r in table.rows]
    assert sorted(keys) == sorted(str(r.values["ref"]).strip() for r in source.table.rows)
    assert len(set(keys)) == len(keys)
    for row in table.rows:
        if row.parent:
            assert keys.index(row.parent) < keys.index(row.key)


@pytest.mark.parametrize("schema", SCHEMAS)
def test_seed_html_lists_each_action_once_in_order_with_its_narrative(master: Callable[[str], Path], schema: str,
                                                                      tmp_path: Path) -> None:
    path = master(schema)
    table = table_of(path)
    out = tmp_path / "c.html"
    api.render(path, "html", out, today=TODAY)
    body = out.read_text(encoding="utf-8").split('<table class="committee">')[1]
    heads = re.findall(r'<th scope="row" class="first">(?:<span class="visually-hidden">Sub-item </span>)?'
                       r"([^<]*)</th>", body)
    assert [unescape(h) for h in heads] == [r.key for r in table.rows]
    narratives = re.findall(r'<td class="narrative" colspan="\d+"><span class="narrative-label">[^<]*</span> '
                            r"(.*?)</td>", body, re.DOTALL)
    # the master's italics are <em> runs within the narrative
    assert [unescape(re.sub(r"</?(?:em|strong)>", "", n)) for n in narratives] == [
        r.narrative for r in table.rows if r.narrative]
    head = body.split("</thead>")[0]
    assert [unescape(t) for t in re.findall(r'<th scope="col">([^<]*)</th>', head)] == [c.title for c in table.columns]


@pytest.mark.parametrize("schema", SCHEMAS)
def test_seed_xlsx_lists_each_action_once_in_order_with_its_narrative(master: Callable[[str], Path], schema: str,
                                                                      tmp_path: Path) -> None:
    import openpyxl

    path = master(schema)
    table = table_of(path)
    out = tmp_path / "c.xlsx"
    api.render(path, "xlsx", out, today=TODAY)
    ws = openpyxl.load_workbook(out)["Committee table"]
    width = len(table.columns)
    merged = {str(r) for r in ws.merged_cells.ranges}
    last = chr(ord("A") + width - 1)
    keys = []
    narratives: list[str] = []
    after_narrative = False
    for row in ws.iter_rows(min_row=6):
        n = row[0].row
        if f"A{n}:{last}{n}" in merged:
            # a long narrative continues over several full-width rows
            if after_narrative:
                narratives[-1] += "\n" + row[0].value
            else:
                narratives.append(row[0].value)
            after_narrative = True
        elif row[0].value is not None:
            keys.append(row[0].value)
            after_narrative = False
    assert keys == [r.key for r in table.rows]
    assert narratives == [r.narrative for r in table.rows if r.narrative]
    with zipfile.ZipFile(out) as z:
        assert "_xlnm.Print_Titles" in z.read("xl/workbook.xml").decode()
        assert 'orientation="landscape"' in z.read("xl/worksheets/sheet1.xml").decode()


@pytest.mark.parametrize("schema", SCHEMAS)
def test_seed_docx_lists_each_action_once_in_order_with_its_narrative(master: Callable[[str], Path], schema: str,
                                                                      tmp_path: Path) -> None:
    import docx

    path = master(schema)
    table = table_of(path)
    out = tmp_path / "c.docx"
    api.render(path, "docx", out, today=TODAY)
    grid = docx.Document(str(out)).tables[0]
    keys = []
    narratives = []
    for row in grid.rows[1:]:
        cells = row.cells
        if len({id(c._tc) for c in cells}) == 1:
            narratives.append(cells[0].text.split("): ", 1)[1])
        else:
            keys.append(cells[0].text.strip())
    assert keys == [r.key for r in table.rows]
    assert narratives == [r.narrative for r in table.rows if r.narrative]
    with zipfile.ZipFile(out) as z:
        assert '<w:tblHeader w:val="true"/>' in z.read("word/document.xml").decode()


@pytest.mark.libreoffice
def test_libreoffice_shows_formula_like_text_in_the_rendered_xlsx_as_text(handmade: Path, tmp_path: Path) -> None:
    out = tmp_path / "committee.xlsx"
    api.render(handmade, "xlsx", out, today=TODAY)
    rows = read_csv_rows(libreoffice_convert(out, "csv", tmp_path / "lo", sheet=1))
    cells = {cell for row in rows for cell in row}
    for text in INJECTIONS:
        assert text in cells
