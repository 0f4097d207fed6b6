"""Hostile values through the lossless engine (property-based): any text, the longest text, edge numbers and dates survive a save; what Excel cannot hold is refused."""

from __future__ import annotations

import datetime as dt
import math

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from govsheet.errors import UsageError
from tests.hostile.values import FAST, LONG, TEXT, needs_edit, round_trip


@needs_edit
@FAST
@given(text=TEXT)
@example(text="\x00\x01\x08\x0b\x0c\x1f")  # control characters: escaped as _xHHHH_ and read back
@example(text="_x0041_ literal")  # text that looks like an escape is itself escaped
@example(text="𝔘𝔫𝔦𝔠𝔬𝔡𝔢 😀 مرحبا")
@example(text="  leading and trailing  ")
@example(text="=SUM(A1:A2)")
def test_any_text_survives_edit_then_read(text: str) -> None:
    got = round_trip(text)
    assert got == (text or "")


@needs_edit
@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=LONG)
def test_text_up_to_excels_limit_survives(text: str) -> None:
    assert round_trip(text) == text


@needs_edit
def test_text_over_excels_limit_is_refused() -> None:
    with pytest.raises(UsageError, match=r"32,767|32767"):
        round_trip("x" * 32_768)


@needs_edit
@FAST
@given(number=st.one_of(
    st.floats(allow_nan=False, allow_infinity=False),
    st.integers(-(2**53), 2**53),
    st.sampled_from([0.0, -0.0, 5e-324, 2.2250738585072014e-308, 1.7976931348623157e308, 1e15 + 0.3, 0.1]),
))
def test_numbers_at_the_edges_survive(number: float) -> None:
    got = round_trip(number)
    assert isinstance(got, int | float)
    assert float(got) == float(number)


@needs_edit
@pytest.mark.parametrize("number", [math.nan, math.inf, -math.inf])
def test_numbers_excel_cannot_hold_are_refused(number: float) -> None:
    with pytest.raises(UsageError, match="finite"):
        round_trip(number)


@needs_edit
@FAST
@given(when=st.one_of(
    st.dates(dt.date(1900, 1, 1), dt.date(9999, 12, 31)),
    st.datetimes(dt.datetime(1900, 3, 1), dt.datetime(9999, 12, 31, 23, 59, 59)).map(  # noqa: DTZ001
        lambda d: d.replace(microsecond=0)),
))
def test_dates_survive(when: dt.date) -> None:
    got = round_trip(when)
    if isinstance(when, dt.datetime) and when.time() == dt.time():
        assert got in (when, when.date())
    else:
        assert got == when


@needs_edit
@pytest.mark.parametrize("text", ["line one\r\nline two", "\r=HYPERLINK(1)", "ends with CR\r", "\r"])
def test_a_carriage_return_survives(text: str) -> None:
    assert round_trip(text) == text


@needs_edit
def test_a_noncharacter_is_refused() -> None:
    with pytest.raises(UsageError, match="U\\+FFFE"):
        round_trip("a\ufffeb")


@needs_edit
def test_a_lone_surrogate_is_refused_clearly() -> None:
    with pytest.raises(UsageError):
        round_trip("bad \udcff byte")
