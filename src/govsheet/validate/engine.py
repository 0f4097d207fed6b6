"""Run every rule over one workbook and collect what they find into a ValidationReport."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from govsheet.collector import collector_paused
from govsheet.model.problem import Problem
from govsheet.model.schema import Schema
from govsheet.validate.context import Context, Expect
from govsheet.validate.report import ValidationReport, sort_key
from govsheet.validate.rules import (
    audit,
    content,
    crossfield,
    formulas,
    headers,
    keys,
    merged,
    meta,
    owners,
    returns,
    schema_version,
    status,
    values,
)
from govsheet.workbook.open import OpenedWorkbook

RuleCheck = Callable[[Context], Iterator[Problem]]

# The order rules run in does not matter: problems are sorted by sheet, row and column.
RULES: tuple[RuleCheck, ...] = (
    content.check,
    meta.check,
    audit.check,
    returns.check,
    schema_version.check,
    headers.check,
    keys.check,
    values.check,
    status.check,
    crossfield.check,
    formulas.check,
    merged.check,
    owners.check,
)


def validate_workbook(
    path: Path,
    schema: str | Path | Schema | None = None,
    *,
    today: dt.date | None = None,
    expect: Expect = "any",
    opened: OpenedWorkbook | None = None,
) -> ValidationReport:
    """Validate the tracker sheet of ``path`` against ``schema`` (default: the one its metadata names).

    ``opened`` is the workbook already open (merge validates each return it has read), so
    nothing is opened or read twice; without it the file is opened here and closed after.

    Raises:
        WorkbookError: the file cannot be opened safely or has no tracker sheet.
        SchemaError: the schema does not exist or is malformed.
        UsageError: no schema was given and the workbook does not name one.
    """
    path = Path(path)
    # a finding a row makes 50,000 more objects, none in a reference cycle (see govsheet.collector)
    with collector_paused():
        if opened is not None:
            return _validate_open(opened, schema, today=today, expect=expect)
        # the one door refuses zip bombs, entity declarations, encrypted and legacy files first
        with OpenedWorkbook.open(path) as book:
            return _validate_open(book, schema, today=today, expect=expect)


def _validate_open(book: OpenedWorkbook, schema: str | Path | Schema | None, *, today: dt.date | None,
                   expect: Expect) -> ValidationReport:
    from govsheet.validate.scan import begin_scan
    from govsheet.validate.table import read_table
    from govsheet.workbook.read import column_letter

    path = book.path
    pairs = book.meta
    model = _resolve(path, schema, pairs)
    book.prefetch(model.sheet)  # calamine parses the tracker sheet while its XML is scanned here
    scan = begin_scan(path, model.sheet, book=book.book)
    rows, table = read_table(path, book, model)
    baseline = book.baseline  # only returns have one
    if baseline is not None or (pairs or {}).get("kind") == "return":
        _drop_check_column(table)
    ctx = Context(
        path=path,
        schema=model,
        table=table,
        rows=rows,
        scan=scan.finish({column_letter(c) for c in table.columns.values()}),
        meta=pairs,
        today=today or dt.date.today(),  # noqa: DTZ011 - "overdue" is judged by the officer's calendar day
        expect=expect,
        baseline=baseline,
        book=book,
    )
    problems = sorted((p for rule in RULES for p in rule(ctx)), key=sort_key)
    return ValidationReport(workbook=str(path), schema_name=model.name, errors=tuple(problems), rows=len(rows))


def _resolve(path: Path, schema: str | Path | Schema | None, pairs: dict[str, str] | None) -> Schema:
    from govsheet.schemas import resolve_schema

    return resolve_schema(schema, meta=pairs, path=path)


def _drop_check_column(table: Any) -> None:
    """A return's live Check column is govsheet's own, not an unknown column."""
    from govsheet.model.schema import fold
    from govsheet.returns.write import CHECK_TITLE

    table.unmatched = [(c, text) for c, text in table.unmatched if fold(text) != fold(CHECK_TITLE)]
