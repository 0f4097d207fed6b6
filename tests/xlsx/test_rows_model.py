"""Random sequences of row deletions, insertions and moves equal a plain list model of the rows."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govsheet.xlsx import Book

ROWS = 10
PAD = 6  # blank rows below the data that operations may also touch
Op = tuple[str, int, int, int]


def build(path: Path, targets: list[int]) -> None:
    """Data!A<r> = r, B<r> = A<target>, a comment on C<r>, D<r>:E<r> merged; Other!A<r> = Data!A<target>."""
    wb = xlsxwriter.Workbook(str(path))
    data, other = wb.add_worksheet("Data"), wb.add_worksheet("Other")
    for r, target in enumerate(targets, start=1):
        data.write(r - 1, 0, r)
        data.write_formula(r - 1, 1, f"=A{target}", None, target)
        data.write_comment(r - 1, 2, f"about {r}")
        data.merge_range(r - 1, 3, r - 1, 4, f"m{r}")
        other.write_formula(r - 1, 0, f"=Data!A{target}", None, target)
    wb.close()


def apply_to_model(model: list[int | None], kind: str, first: int, last: int, to: int) -> None:
    """What the operation does to the list of original rows (None: a blank row)."""
    if kind == "delete":
        del model[first - 1:last]
    elif kind == "insert":
        model[first - 1:first - 1] = [None] * (last - first + 1)
    elif not first <= to <= last + 1:
        block = model[first - 1:last]
        del model[first - 1:last]
        at = to - 1 if to < first else to - 1 - len(block)
        model[at:at] = block


ops = st.lists(st.tuples(st.sampled_from(["delete", "insert", "move"]), st.integers(1, ROWS + 2),
                         st.integers(0, 2), st.integers(1, ROWS + PAD)), min_size=1, max_size=5)


def comments_of(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as zf:
        xml = zf.read("xl/comments1.xml").decode()
    return dict(re.findall(r'<comment ref="([A-Z]+[0-9]+)"[^>]*>.*?<t[^>]*>([^<]*)</t>', xml))


def merges_of(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as zf:
        return re.findall(r'<mergeCell ref="([^"]+)"', zf.read("xl/worksheets/sheet1.xml").decode())


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(targets=st.lists(st.integers(1, ROWS), min_size=ROWS, max_size=ROWS), steps=ops)
def test_row_edits_match_a_list_model(tmp_path: Path, targets: list[int], steps: list[Op]) -> None:
    path = tmp_path / "model.xlsx"
    build(path, targets)
    model: list[int | None] = [*range(1, ROWS + 1), *[None] * PAD]
    with Book.open(path) as book:
        for kind, start, extra, where in steps:
            first = min(start, len(model))  # rows deleted before may leave fewer than asked for
            last, to = min(first + extra, len(model)), min(where, len(model) + 1)
            if kind == "move":
                book.sheet("Data").move_rows(first, last, to)
            else:
                getattr(book.sheet("Data"), f"{kind}_rows")(first, last)
            apply_to_model(model, kind, first, last, to)
        book.save(path)
    with Book.open(path) as book:
        data, other = book.sheet("Data"), book.sheet("Other")
        for row, original in enumerate(model, start=1):
            cell = data.cell(f"A{row}")
            if original is None:
                assert (cell.value, data.cell(f"B{row}").formula) == (None, None)
                continue
            assert cell.value == original
            target = targets[original - 1]
            where = f"A{model.index(target) + 1}" if target in model else "#REF!"
            assert data.cell(f"B{row}").formula == where
            assert data.cell(f"D{row}").value == f"m{original}"
        for r, target in enumerate(targets, start=1):
            where = f"A{model.index(target) + 1}" if target in model else "#REF!"
            assert other.cell(f"A{r}").formula == f"Data!{where}"
        assert data.cell(f"A{len(model) + 1}").value is None
    kept = {row: original for row, original in enumerate(model, start=1) if original is not None}
    assert comments_of(path) == {f"C{row}": f"about {original}" for row, original in kept.items()}
    assert sorted(merges_of(path)) == sorted(f"D{row}:E{row}" for row in kept)
