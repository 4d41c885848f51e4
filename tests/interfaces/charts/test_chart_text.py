"""The plain-text helpers behind labels and summaries."""

from __future__ import annotations

from datetime import date

import pytest

from magnerve.interfaces.charts.style import number_text, span_text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0, "0"),
        (0.82, "0.82"),
        (0.8, "0.8"),
        (6.125, "6.12"),
        (88.4, "88.4"),
        (350, "350"),
        (1240.6, "1241"),
        (-1.5, "-1.5"),
        (0.0123, "0.0123"),
    ],
)
def test_numbers_read_as_a_person_writes_them(value: float, text: str) -> None:
    assert number_text(value) == text


@pytest.mark.parametrize(
    ("first", "last", "text"),
    [
        (date(2026, 3, 1), date(2026, 5, 30), "from 1 Mar to 30 May 2026"),
        (date(2025, 12, 20), date(2026, 1, 9), "from 20 Dec 2025 to 9 Jan 2026"),
        (date(2026, 3, 4), date(2026, 3, 4), "on 4 Mar 2026"),
    ],
)
def test_date_spans_are_plain_and_name_the_year_once_when_it_is_shared(
    first: date, last: date, text: str
) -> None:
    assert span_text(first, last) == text
