"""A problem with the data: where it is, its stable code, and the one line people read."""

from __future__ import annotations

import pydantic
import pytest

from govsheet.model.problem import Location, Problem


@pytest.mark.parametrize(("where", "text"), [
    (Location(file="ceo.xlsx", sheet="Actions", cell="G5", row=5), "ceo.xlsx: Actions!G5"),
    (Location(file="ceo.xlsx", sheet="Owners"), "ceo.xlsx: Owners"),
    (Location(sheet="Actions", cell="B2"), "Actions!B2"),
    (Location(file="ceo.xlsx", cell="B2"), "ceo.xlsx"),
    (Location(), ""),
])
def test_a_location_reads_file_then_sheet_and_cell(where: Location, text: str) -> None:
    assert str(where) == text


def test_a_problem_is_one_line_ending_in_its_code() -> None:
    problem = Problem(code="unknown-status", severity="error", where=Location(file="m.xlsx", sheet="Actions",
                                                                              cell="G5", row=5),
                      field="status", key="3", value="Finished", message="'Finished' is not a status")
    assert str(problem) == "m.xlsx: Actions!G5: 'Finished' is not a status [unknown-status]"
    assert str(Problem(code="no-rows", severity="warning", where=Location(), message="no actions")) == \
        "no actions [no-rows]"


def test_problems_are_frozen_and_their_severity_is_checked() -> None:
    problem = Problem(code="x", severity="warning", where=Location(), message="m")
    with pytest.raises(pydantic.ValidationError):
        problem.code = "y"  # type: ignore[misc]
    with pytest.raises(pydantic.ValidationError):
        Problem(code="x", severity="fatal", where=Location(), message="m")  # type: ignore[arg-type]
