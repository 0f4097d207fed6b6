"""find_formulas in chosen columns when every formula may sit in a column not chosen (a master's icon column)."""

from __future__ import annotations

from govsheet.validate.scan import FormulaSites, find_formulas, formula_sites

WANTED = {"A", "B", "C"}


def _sheet(cells: bytes, dimension: bytes = b'<dimension ref="A1:D3"/>') -> bytes:
    return (b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' + dimension +
            b"<sheetData>" + cells + b"</sheetData></worksheet>")


ICONS = (b'<row r="2"><c r="A2" t="s"><v>0</v></c><c r="D2" s="5"><f>MATCH($C2,{"a"},0)</f><v>1</v></c></row>'
         b'<row r="3"><c r="A3" t="s"><v>1</v></c><c r="D3" s="5"><f>MATCH($C3,{"a"},0)</f><v>1</v></c></row>')


def test_formulas_only_in_a_column_not_chosen() -> None:
    assert find_formulas(_sheet(ICONS), WANTED) == {}
    assert find_formulas(_sheet(ICONS), WANTED | {"D"}) == {("D", 2): '=MATCH($C2,{"a"},0)',
                                                          ("D", 3): '=MATCH($C3,{"a"},0)'}


def test_a_formula_in_a_chosen_column_beside_them() -> None:
    cells = ICONS.replace(b'<c r="A3" t="s"><v>1</v></c>', b'<c r="A3"><f>1+1</f><v>2</v></c>')
    assert find_formulas(_sheet(cells), WANTED) == {("A", 3): "=1+1"}


def test_a_formula_beyond_the_dimension_or_with_none() -> None:
    cells = ICONS + b'<row r="4"><c r="B4"><f t="shared" si="0"/><v>2</v></c><c r="F4"><f>2</f></c></row>'
    expected = {("B", 4): "=(shared formula)"}
    assert find_formulas(_sheet(cells), WANTED) == expected
    assert find_formulas(_sheet(cells, b""), WANTED) == expected
    assert find_formulas(_sheet(cells, b'<dimension ref="A1"/>'), WANTED) == expected


def test_a_formula_element_outside_any_cell_does_not_hide_one_in_a_chosen_column() -> None:
    cells = ICONS.replace(b'<c r="A2" t="s"><v>0</v></c>', b'<c r="A2"><f>3</f><v>3</v></c>')
    xml = _sheet(cells).replace(b"</worksheet>", b"<extLst><ext><f>x</f></ext></extLst></worksheet>")
    assert find_formulas(xml, WANTED) == {("A", 2): "=3"}
    assert find_formulas(_sheet(ICONS).replace(b"</worksheet>", b"<extLst><f>x</f></extLst></worksheet>"),
                         WANTED) == {}


def test_where_the_formulas_sit_is_found_before_the_columns_are_known() -> None:
    icons = _sheet(ICONS)
    assert formula_sites(icons) == FormulaSites(total=2, common=True, only_column=b"D")
    beside = _sheet(ICONS.replace(b'<c r="A3" t="s"><v>1</v></c>', b'<c r="A3"><f>1+1</f><v>2</v></c>'))
    assert formula_sites(beside) == FormulaSites(total=3, common=True)
    outside = icons.replace(b"</worksheet>", b"<extLst><f>x</f></extLst></worksheet>")
    assert formula_sites(outside) == FormulaSites(total=3, common=True)  # an <f> in no cell: the column holds not all
    prefixed = icons.replace(b"<worksheet ", b"<x:worksheet ").replace(b"</worksheet>", b"</x:worksheet>")
    assert formula_sites(prefixed) == FormulaSites(total=2)
    attrs_first = icons.replace(b'<c r="D2" s="5">', b'<c s="5" r="D2">')
    assert formula_sites(attrs_first) == FormulaSites(total=2)
    assert formula_sites(_sheet(b'<row r="2"><c r="A2"><v>1</v></c></row>')) == FormulaSites(total=0)
    # a prefixed sheet's formulas are <x:f>, which the count does not see: found all the same
    assert find_formulas(prefixed.replace(b"<f>", b"<x:f>").replace(b"</f>", b"</x:f>"), {"D"}) == {
        ("D", 2): '=MATCH($C2,{"a"},0)', ("D", 3): '=MATCH($C3,{"a"},0)'}
    # the formulas found with the sites are those found without, whichever columns are asked for
    for xml in (icons, beside, outside, prefixed, attrs_first):
        for wanted in (WANTED, WANTED | {"D"}, {"D"}):
            assert find_formulas(xml, wanted, formula_sites(xml)) == find_formulas(xml, wanted)
