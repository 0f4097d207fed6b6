"""Problem.trusted and Location.trusted build exactly what pydantic's model_construct builds."""

from __future__ import annotations

from govsheet.model.problem import Location, Problem


def test_location_trusted_is_model_construct() -> None:
    fast = Location.trusted("a.xlsx", "Actions", "D14", 14)
    slow = Location.model_construct(file="a.xlsx", sheet="Actions", cell="D14", row=14)
    assert fast == slow
    assert fast.model_fields_set == slow.model_fields_set == set(Location.model_fields)
    assert fast.model_dump() == slow.model_dump()
    assert fast.__pydantic_extra__ is None
    assert fast.__pydantic_private__ is None
    assert str(fast) == "a.xlsx: Actions!D14"


def test_problem_trusted_is_model_construct() -> None:
    where = Location.trusted("a.xlsx", "Actions", None, None)
    fast = Problem.trusted("required-missing", "error", where, "status", "1.2", None, "fill it in")
    slow = Problem.model_construct(code="required-missing", severity="error", where=where, field="status",
                                   key="1.2", value=None, message="fill it in")
    assert fast == slow
    assert fast.model_fields_set == slow.model_fields_set == set(Problem.model_fields)
    assert fast.model_dump_json() == slow.model_dump_json()
    assert str(fast) == "a.xlsx: Actions: fill it in [required-missing]"
    assert hash(fast.where) == hash(slow.where)
