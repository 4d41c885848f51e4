from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from magnerve.domain.times import minutes, parse_time, parse_times
from magnerve.errors import InvalidInput


@pytest.mark.parametrize(
    ("text", "expected"),
    [("08:00", "08:00"), ("8:05", "08:05"), (" 23:59 ", "23:59"), ("0:00", "00:00")],
)
def test_times(text: str, expected: str) -> None:
    assert parse_time(text) == expected


@pytest.mark.parametrize("text", ["24:00", "12:60", "8", "8am", "08-00", "", "12:5"])
def test_bad_times_name_the_field(text: str) -> None:
    with pytest.raises(InvalidInput) as err:
        parse_time(text, field="time")
    assert err.value.field == "time"
    assert "HH:MM" in (err.value.hint or "")


def test_lists_are_sorted_and_unique() -> None:
    assert parse_times("20:00, 8:00,08:00") == ("08:00", "20:00")
    with pytest.raises(InvalidInput):
        parse_times(" , ")


@given(st.integers(0, 23), st.integers(0, 59))
def test_minutes_round_trip(h: int, m: int) -> None:
    text = parse_time(f"{h}:{m:02d}")
    assert minutes(text) == h * 60 + m
