"""The diary's parsing of scores, sites, stomach upset, stools and notes; GI summaries."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from magnerve.domain.diary import (
    DiaryValue,
    first_day_with_gi,
    pain_by_day,
    pain_item,
    parse_gi,
    parse_note,
    parse_score,
    parse_stools,
    worst_gi,
)
from magnerve.errors import InvalidInput

NOW = datetime(2026, 3, 14, 12, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("0", 0.0), ("10", 10.0), ("6.5", 6.5), (" 7/10 ", 7.0), (".5", 0.5), ("3.25", 3.25)],
)
def test_scores_accept_decimals_and_out_of_ten(text: str, expected: float) -> None:
    assert parse_score(text, field="pain") == expected


@pytest.mark.parametrize("text", ["10.01", "-1", "11", "abc", "", "nan", "inf", "5 points"])
def test_scores_outside_0_to_10_or_not_numbers_name_the_field(text: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_score(text, field="burning")
    assert caught.value.field == "burning"
    assert "0 to 10" in caught.value.message


def test_a_boolean_is_not_a_score() -> None:
    with pytest.raises(InvalidInput):
        parse_score(True, field="pain")  # type: ignore[arg-type]


@given(st.floats(min_value=0, max_value=10, allow_nan=False))
def test_every_value_in_range_is_kept_to_two_decimals(value: float) -> None:
    assert parse_score(f"{value:.6f}", field="pain") == pytest.approx(value, abs=0.00501)


@pytest.mark.parametrize(
    ("site", "item"), [(None, "pain"), ("feet", "pain-feet"), ("Hands", "pain-hands")]
)
def test_pain_sites(site: str | None, item: str) -> None:
    assert pain_item(site) == item


def test_unknown_site_lists_the_allowed_ones() -> None:
    with pytest.raises(InvalidInput) as caught:
        pain_item("toes")
    assert caught.value.field == "site"
    assert "feet, hands, legs" in (caught.value.hint or "")


def test_gi_levels_stools_and_notes() -> None:
    assert parse_gi(" Severe ") == "severe"
    with pytest.raises(InvalidInput, match="level"):
        parse_gi("awful")
    assert parse_stools("3") == 3
    for bad in ("-1", "31", "2.5", "many"):
        with pytest.raises(InvalidInput) as caught:
            parse_stools(bad)
        assert caught.value.field == "stools"
    assert parse_note("  slept badly ") == "slept badly"
    with pytest.raises(InvalidInput):
        parse_note("   ")
    with pytest.raises(InvalidInput, match="limit"):
        parse_note("x" * 2001)


def _gi(day: int, level: str) -> DiaryValue:
    return DiaryValue(
        id=day, item="gi", day=date(2026, 3, day), number=None, text=level, logged_at=NOW
    )


def test_worst_gi_and_first_day_with_upset() -> None:
    values = [_gi(3, "none"), _gi(4, "severe"), _gi(5, "mild")]
    assert worst_gi(values) == "severe"
    assert worst_gi([_gi(3, "none")]) == "none"
    assert worst_gi([]) is None
    assert first_day_with_gi(values, at_least="mild") == date(2026, 3, 4)
    assert first_day_with_gi(values, at_least="severe") == date(2026, 3, 4)
    assert first_day_with_gi([_gi(3, "none")], at_least="mild") is None


def test_pain_by_day_reads_one_item() -> None:
    values = [
        DiaryValue(1, "pain", date(2026, 3, 1), 6.0, None, NOW),
        DiaryValue(2, "pain-feet", date(2026, 3, 1), 8.0, None, NOW),
        DiaryValue(3, "pain", date(2026, 3, 2), 5.5, None, NOW),
    ]
    assert pain_by_day(values) == {date(2026, 3, 1): 6.0, date(2026, 3, 2): 5.5}
    assert pain_by_day(values, item="pain-feet") == {date(2026, 3, 1): 8.0}
