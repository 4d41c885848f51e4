from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from magnerve.domain.foods import NUTRIENT_KEYS, scale_nutrients
from magnerve.domain.intake import (
    IntakeEntry,
    Meal,
    parse_meal,
    summarise_day,
    summarise_week,
)
from magnerve.errors import InvalidInput

DAY = date(2026, 3, 14)


def make_entry(
    i: int,
    mg: float | None,
    *,
    day: date = DAY,
    meal: Meal = Meal.lunch,
    food_id: str | None = None,
    kcal: float | None = 100.0,
) -> IntakeEntry:
    nutrients: dict[str, float | None] = dict.fromkeys(NUTRIENT_KEYS, 1.0)
    nutrients["magnesium_mg"] = mg
    nutrients["energy_kcal"] = kcal
    return IntakeEntry(
        id=i,
        food_id=food_id or f"usda_sr28:{i:05d}",
        description=f"Food {i}",
        local_date=day,
        meal=meal,
        amount=1.0,
        unit="g",
        portion_label=None,
        grams=100.0,
        nutrients=nutrients,
        food_data_version="test",
    )


def test_unknown_magnesium_is_counted_not_added() -> None:
    day = summarise_day(DAY, [make_entry(1, 100.0), make_entry(2, None), make_entry(3, 12.5)])
    assert day.food_magnesium_mg == pytest.approx(112.5)
    assert day.foods_without_magnesium_data == 1
    assert day.magnesium.is_lower_bound


def test_complete_day_is_not_a_lower_bound() -> None:
    day = summarise_day(DAY, [make_entry(1, 100.0)])
    assert not day.magnesium.is_lower_bound
    assert day.foods_without_magnesium_data == 0


def test_empty_day() -> None:
    day = summarise_day(DAY, [])
    assert day.food_magnesium_mg == 0
    assert day.entries == ()
    assert [m.entries for m in day.meals] == [0, 0, 0, 0]


def test_meals_and_top_sources() -> None:
    entries = [
        make_entry(1, 50.0, meal=Meal.breakfast, food_id="a:1"),
        make_entry(2, 30.0, meal=Meal.breakfast, food_id="a:2"),
        make_entry(3, 40.0, meal=Meal.dinner, food_id="a:1"),  # same food again: adds up
        make_entry(4, None, meal=Meal.snack, food_id="a:3"),
    ]
    day = summarise_day(DAY, entries)
    by_meal = {m.meal: m for m in day.meals}
    assert by_meal[Meal.breakfast].magnesium.known_sum == pytest.approx(80.0)
    assert by_meal[Meal.dinner].entries == 1
    assert by_meal[Meal.snack].magnesium.missing == 1
    assert by_meal[Meal.lunch].entries == 0
    assert [(s.food_id, s.magnesium_mg) for s in day.top_sources] == [("a:1", 90.0), ("a:2", 30.0)]


def test_entries_of_another_day_are_refused() -> None:
    with pytest.raises(ValueError, match="other days"):
        summarise_day(DAY, [make_entry(1, 1.0, day=DAY - timedelta(days=1))])


@given(st.lists(st.one_of(st.none(), st.floats(min_value=0, max_value=2000)), max_size=40))
def test_day_total_equals_sum_of_its_entries(values: list[float | None]) -> None:
    day = summarise_day(DAY, [make_entry(i, v) for i, v in enumerate(values)])
    assert day.food_magnesium_mg == pytest.approx(sum(v for v in values if v is not None))
    assert day.foods_without_magnesium_data == sum(1 for v in values if v is None)
    assert sum(m.magnesium.known_sum for m in day.meals) == pytest.approx(day.food_magnesium_mg)


@given(
    st.dictionaries(
        st.sampled_from(NUTRIENT_KEYS), st.one_of(st.none(), st.floats(min_value=0, max_value=1e4))
    ),
    st.floats(min_value=0.01, max_value=5000),
    st.floats(min_value=0.1, max_value=10),
)
def test_scaling_an_amount_scales_every_nutrient(
    per_100g: dict[str, float | None], grams: float, factor: float
) -> None:
    base = scale_nutrients(per_100g, grams)
    scaled = scale_nutrients(per_100g, grams * factor)
    for key in NUTRIENT_KEYS:
        if base[key] is None:
            assert scaled[key] is None  # unknown stays unknown, never 0
        else:
            assert scaled[key] == pytest.approx(base[key] * factor, rel=1e-9, abs=1e-12)


def test_week_averages_over_logged_days_only() -> None:
    end = DAY
    entries = [make_entry(1, 300.0, day=end), make_entry(2, 100.0, day=end - timedelta(days=3))]
    week = summarise_week(end, entries)
    assert week.start == end - timedelta(days=6)
    assert week.days[0].day == week.start
    assert week.logged_days == 2
    assert week.averages["magnesium_mg"] == pytest.approx(200.0)


def test_week_without_entries_has_no_average() -> None:
    week = summarise_week(DAY, [])
    assert week.logged_days == 0
    assert week.averages["magnesium_mg"] is None


@pytest.mark.parametrize("text", ["Breakfast", " lunch ", "DINNER", "snack"])
def test_meal_names_any_case(text: str) -> None:
    assert parse_meal(text).value == text.strip().lower()


def test_unknown_meal_names_allowed_values() -> None:
    with pytest.raises(InvalidInput) as err:
        parse_meal("brunch")
    assert err.value.field == "meal"
    assert "breakfast, lunch, dinner, snack" in (err.value.hint or "")
