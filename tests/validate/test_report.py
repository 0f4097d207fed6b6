"""The validation report: valid unless an error, the summary line, problems grouped by row, the flat JSON."""

from __future__ import annotations

from govsheet.model.problem import Location, Problem
from govsheet.validate.report import ValidationReport, flat_problem, sort_key


def problem(code: str, severity: str, cell: str | None, row: int | None, key: str | None = None) -> Problem:
    return Problem(code=code, severity=severity, where=Location(file="m.xlsx", sheet="Actions", cell=cell, row=row),  # type: ignore[arg-type]
                   field="status" if cell else None, key=key, message=f"{code} here")


def test_a_clean_workbook_is_one_line() -> None:
    report = ValidationReport(workbook="m.xlsx", schema_name="ags-action-plan", rows=1)
    assert (report.ok, report.valid, report.to_text()) == (True, True,
                                                           "m.xlsx: valid (ags-action-plan, 1 row, no problems)")


def test_warnings_alone_are_valid_and_errors_are_not() -> None:
    warned = ValidationReport(workbook="m.xlsx", schema_name="s", rows=3,
                              errors=(problem("status-synonym", "warning", "G3", 3, "2"),))
    assert (warned.valid, warned.error_count, warned.warning_count) == (True, 0, 1)
    assert warned.summary() == "m.xlsx: valid (s, 3 rows): 0 errors, 1 warning"
    failed = ValidationReport(workbook="m.xlsx", schema_name="s", rows=3, errors=(
        problem("status-unknown", "error", "G3", 3, "2"), problem("overdue", "warning", "E3", 3, "2"),
        problem("audit-missing", "error", None, None)))
    assert failed.to_text().splitlines() == [
        "m.xlsx: not valid (s, 3 rows): 2 errors, 1 warning",
        'Actions row 3, ref "2":',
        "  error   G3 status: status-unknown here [status-unknown]",
        "  warning E3 status: overdue here [overdue]",
        "Actions:",
        "  error   audit-missing here [audit-missing]"]
    assert failed.stats == {"rows": 3, "errors": 2, "warnings": 1,
                            "by_code": {"audit-missing": 1, "overdue": 1, "status-unknown": 1}}


def test_json_is_flat_with_the_location_spread() -> None:
    found = problem("status-unknown", "error", "G3", 3, "2")
    assert flat_problem(found) == {"code": "status-unknown", "severity": "error", "sheet": "Actions", "cell": "G3",
                                   "row": 3, "field": "status", "key": "2", "value": None,
                                   "message": "status-unknown here"}
    report = ValidationReport(workbook="m.xlsx", schema_name="s", rows=3, errors=(found,))
    assert report.to_dict() == {"valid": False, "workbook": "m.xlsx", "schema": "s",
                                "errors": [flat_problem(found)], "stats": report.stats}


def test_problems_sort_by_sheet_then_row_then_column() -> None:
    found = [problem("b", "error", "AA2", 2), problem("a", "error", "C2", 2), problem("c", "error", "A10", 10),
             problem("d", "error", None, None)]
    assert [p.code for p in sorted(found, key=sort_key)] == ["d", "a", "b", "c"]  # sheet-wide problems first
