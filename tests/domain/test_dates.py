from __future__ import annotations

from datetime import date

import pytest

from magnerve.domain.dates import parse_day
from magnerve.errors import InvalidInput

TODAY = date(2026, 3, 14)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2026-03-01", date(2026, 3, 1)), ("today", TODAY), ("Yesterday", date(2026, 3, 13))],
)
def test_accepted_dates(text: str, expected: date) -> None:
    assert parse_day(text, today=TODAY) == expected


@pytest.mark.parametrize("text", ["2026-02-30", "14/03/2026", "soon", "", "2026-13-01"])
def test_impossible_dates_name_the_field(text: str) -> None:
    with pytest.raises(InvalidInput) as err:
        parse_day(text, today=TODAY, field="date")
    assert err.value.field == "date"
    assert "YYYY-MM-DD" in (err.value.hint or "")


def test_future_dates_are_refused_unless_allowed() -> None:
    with pytest.raises(InvalidInput, match="future"):
        parse_day("2026-03-15", today=TODAY)
    assert parse_day("2026-03-15", today=TODAY, allow_future=True) == date(2026, 3, 15)


def test_dates_before_1900_are_refused() -> None:
    with pytest.raises(InvalidInput, match="too far in the past"):
        parse_day("1899-12-31", today=TODAY)
