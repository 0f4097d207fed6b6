"""How fast the lossless engine deletes and inserts whole rows, as ratios to a python-calamine read.

Builds a 50,000-row Actions sheet (XlsxWriter: text, numbers, two formula columns, a
conditional format and a validation over the whole column, a Summary sheet summing it), then
times, each on a fresh copy, best of ``--repeat``:

1. reading the Actions sheet with python-calamine (the yardstick);
2. deleting 1,000 scattered rows (``Sheet.delete_row_ranges``) and saving;
3. inserting 1,000 scattered blank rows (``Sheet.insert_row_blocks``) and saving;
4. openpyxl ``delete_rows`` + save (one run, which fixes no formula, range or comment): openpyxl
   shifts every cell below on each call, so it is timed for ``--openpyxl-deletes`` rows and the
   figure for 1,000 is extrapolated from it.

Target: delete and insert each at most 3x the calamine read. Run:
``python benchmarks/bench_rows.py [--rows 50000] [--count 1000] [--repeat 3]``.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

import xlsxwriter
from timing import best, calamine_read

from govsheet.xlsx import Book


def make_master(path: Path, rows: int) -> None:
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Actions")
    ws.write_row(0, 0, ["Ref", "Action", "Score", "Double", "Running"])
    for r in range(2, rows + 2):
        ws.write(r - 1, 0, r - 1)
        ws.write(r - 1, 1, f"Action {r - 1}: review the arrangements and report to committee")
        ws.write(r - 1, 2, r % 97)
        ws.write_formula(r - 1, 3, f"=C{r}*2", None, (r % 97) * 2)
        ws.write_formula(r - 1, 4, f"=C{r}+D{r - 1}" if r > 2 else f"=C{r}", None, 0)
    last = rows + 1
    ws.conditional_format(f"C2:C{last}", {"type": "cell", "criteria": ">", "value": 50})
    ws.data_validation(f"B2:B{last}", {"validate": "length", "criteria": "<", "value": 500})
    summary = wb.add_worksheet("Summary")
    summary.write_formula("A1", f"=SUM(Actions!C2:C{last})")
    wb.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--count", type=int, default=1_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--openpyxl-deletes", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        src = tmp / "master.xlsx"
        make_master(src, args.rows)
        step = args.rows // args.count
        rows = [2 + i * step for i in range(args.count)]
        work = tmp / "work.xlsx"

        def rows_op(kind: str) -> None:
            shutil.copyfile(src, work)
            with Book.open(work) as book:
                sheet = book.sheet("Actions")
                if kind == "delete":
                    sheet.delete_row_ranges([(r, r) for r in rows])
                else:
                    sheet.insert_row_blocks([(r, 1) for r in rows])
                book.save()

        read = best(lambda: calamine_read(src), args.repeat)
        delete = best(lambda: rows_op("delete"), args.repeat)
        insert = best(lambda: rows_op("insert"), args.repeat)
        import openpyxl

        start = time.perf_counter()
        wb = openpyxl.load_workbook(src)
        loaded = time.perf_counter()
        for r in sorted(rows[: args.openpyxl_deletes], reverse=True):
            wb["Actions"].delete_rows(r)
        deleted = time.perf_counter()
        wb.save(tmp / "openpyxl.xlsx")
        saved = time.perf_counter()
        per_delete = (deleted - loaded) / args.openpyxl_deletes
        openpyxl_total = (loaded - start) + per_delete * args.count + (saved - deleted)
    print(f"{args.rows:,} rows; {args.count:,} scattered rows each way; best of {args.repeat}")
    print(f"calamine read            {read:7.3f} s   1.00x")
    print(f"govsheet delete rows     {delete:7.3f} s   {delete / read:5.2f}x")
    print(f"govsheet insert rows     {insert:7.3f} s   {insert / read:5.2f}x")
    print(f"openpyxl delete + save   {openpyxl_total:7.3f} s   {openpyxl_total / read:5.2f}x  "
          f"({args.openpyxl_deletes} deletes timed at {per_delete:.3f} s each, extrapolated; no references fixed)")


if __name__ == "__main__":
    main()
