"""Random sequences of row deletions and insertions equal a plain list model of the rows."""

from __future__ import annotations

from pathlib import Path

import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govsheet.xlsx import Book

ROWS = 10
Op = tuple[str, int, int]


def build(path: Path, targets: list[int]) -> None:
    """Data!A<r> = r, Data!B<r> = A<target>; Other!A<r> = Data!A<target>."""
    wb = xlsxwriter.Workbook(str(path))
    data, other = wb.add_worksheet("Data"), wb.add_worksheet("Other")
    for r, target in enumerate(targets, start=1):
        data.write(r - 1, 0, r)
        data.write_formula(r - 1, 1, f"=A{target}", None, target)
        other.write_formula(r - 1, 0, f"=Data!A{target}", None, target)
    wb.close()


ops = st.lists(st.tuples(st.sampled_from(["delete", "insert"]), st.integers(1, ROWS + 2), st.integers(0, 2)),
               min_size=1, max_size=5)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(targets=st.lists(st.integers(1, ROWS), min_size=ROWS, max_size=ROWS), steps=ops)
def test_row_edits_match_a_list_model(tmp_path: Path, targets: list[int], steps: list[tuple[str, int, int]]) -> None:
    path = tmp_path / "model.xlsx"
    build(path, targets)
    model: list[int | None] = list(range(1, ROWS + 1))  # the original row each row now holds (None: new)
    with Book.open(path) as book:
        for kind, first, extra in steps:
            last = first + extra
            if kind == "delete":
                book.sheet("Data").delete_rows(first, last)
                del model[first - 1:last]
            else:
                book.sheet("Data").insert_rows(first, last)
                model[first - 1:first - 1] = [None] * (extra + 1)
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
        for r, target in enumerate(targets, start=1):
            where = f"A{model.index(target) + 1}" if target in model else "#REF!"
            assert other.cell(f"A{r}").formula == f"Data!{where}"
        assert data.cell(f"A{len(model) + 1}").value is None
