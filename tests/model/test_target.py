"""Target dates as officers write them."""

from __future__ import annotations

import datetime as dt

import pytest

from govsheet.model.target import parse_target


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("March 2021", dt.date(2021, 3, 31)),
        ("October 2020", dt.date(2020, 10, 31)),
        ("February 2024", dt.date(2024, 2, 29)),
        ("Sept 2022", dt.date(2022, 9, 30)),
        ("31/03/2021", dt.date(2021, 3, 31)),
        ("2021-03-31", dt.date(2021, 3, 31)),
        ("1st November 2023", dt.date(2023, 11, 1)),
        ("July 2020 - approval of new model January 2021 – New model fully operational", dt.date(2021, 1, 31)),
        ("Continuous in 2020/21", None),
        ("Ongoing pending an announcement from Government", None),
        ("To commence in the 3 rd quarter of 2020/21", None),
        ("31/02/2021", None),
        ("Mayday 2021", None),
    ],
)
def test_parse_target(text: str, expected: dt.date | None) -> None:
    assert parse_target(text) == expected
