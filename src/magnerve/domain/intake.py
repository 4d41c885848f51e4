"""Food intake: entries, day totals and week averages. Pure: everything arrives as arguments.

A total is honest about what it does not know: an entry whose food has no magnesium value adds
nothing to the sum but is counted, and the total is then a lower bound ("at least 212 mg").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum

from magnerve.domain.foods import NUTRIENT_KEYS, NutrientTotal, total_nutrient
from magnerve.errors import InvalidInput


class Meal(StrEnum):
    breakfast = "breakfast"
    lunch = "lunch"
    dinner = "dinner"
    snack = "snack"


MEAL_ORDER: tuple[Meal, ...] = (Meal.breakfast, Meal.lunch, Meal.dinner, Meal.snack)


def parse_meal(value: str) -> Meal:
    try:
        return Meal(value.strip().lower())
    except ValueError:
        raise InvalidInput(
            f"'{value}' is not a meal.",
            field="meal",
            hint="Allowed meals: " + ", ".join(m.value for m in MEAL_ORDER) + ".",
        ) from None


@dataclass(frozen=True, kw_only=True)
class NewIntakeEntry:
    """A food entry about to be stored: the grams eaten and their nutrients (a snapshot)."""

    food_id: str
    description: str
    local_date: date
    meal: Meal
    amount: float
    unit: str | None
    portion_label: str | None
    grams: float
    nutrients: Mapping[str, float | None]
    food_data_version: str
    input_text: str | None = None


@dataclass(frozen=True, kw_only=True)
class IntakeEntry(NewIntakeEntry):
    """A stored food entry."""

    id: int
    logged_at: datetime | None = None

    @property
    def magnesium_mg(self) -> float | None:
        return self.nutrients.get("magnesium_mg")


@dataclass(frozen=True)
class Source:
    food_id: str
    description: str
    magnesium_mg: float


@dataclass(frozen=True)
class MealTotal:
    meal: Meal
    magnesium: NutrientTotal
    entries: int


@dataclass(frozen=True)
class DayIntake:
    """What one day's food entries add up to (supplements are added by the caller)."""

    day: date
    entries: tuple[IntakeEntry, ...]
    magnesium: NutrientTotal
    nutrients: dict[str, NutrientTotal]
    meals: tuple[MealTotal, ...]
    top_sources: tuple[Source, ...]

    @property
    def food_magnesium_mg(self) -> float:
        return self.magnesium.known_sum

    @property
    def foods_without_magnesium_data(self) -> int:
        return self.magnesium.missing


TOP_SOURCES = 5


def summarise_day(day: date, entries: Sequence[IntakeEntry]) -> DayIntake:
    """Totals for the entries of ``day`` (entries of other days are a programming error)."""
    todays = tuple(e for e in entries if e.local_date == day)
    if len(todays) != len(entries):
        raise ValueError("summarise_day got entries from other days")
    snapshots = [e.nutrients for e in todays]
    nutrients = {key: total_nutrient(snapshots, key) for key in NUTRIENT_KEYS}
    meals = tuple(
        MealTotal(
            meal=meal,
            magnesium=total_nutrient(
                [e.nutrients for e in todays if e.meal == meal], "magnesium_mg"
            ),
            entries=sum(1 for e in todays if e.meal == meal),
        )
        for meal in MEAL_ORDER
    )
    by_food: dict[str, Source] = {}
    for e in todays:
        if e.magnesium_mg is None:
            continue
        prev = by_food.get(e.food_id)
        mg = e.magnesium_mg + (prev.magnesium_mg if prev else 0.0)
        by_food[e.food_id] = Source(e.food_id, e.description, mg)
    top = sorted(by_food.values(), key=lambda s: (-s.magnesium_mg, s.description))[:TOP_SOURCES]
    return DayIntake(
        day=day,
        entries=todays,
        magnesium=nutrients["magnesium_mg"],
        nutrients=nutrients,
        meals=meals,
        top_sources=tuple(top),
    )


@dataclass(frozen=True)
class WeekIntake:
    """Seven days ending on ``end``. Averages are over the days with at least one food logged."""

    end: date
    days: tuple[DayIntake, ...]
    averages: dict[str, float | None] = field(default_factory=dict)

    @property
    def start(self) -> date:
        return self.end - timedelta(days=6)

    @property
    def logged_days(self) -> int:
        return sum(1 for d in self.days if d.entries)

    @property
    def foods_without_magnesium_data(self) -> int:
        return sum(d.foods_without_magnesium_data for d in self.days)


def week_dates(end: date) -> list[date]:
    return [end - timedelta(days=offset) for offset in range(6, -1, -1)]


def summarise_week(end: date, entries: Sequence[IntakeEntry]) -> WeekIntake:
    dates = week_dates(end)
    days = tuple(summarise_day(d, [e for e in entries if e.local_date == d]) for d in dates)
    logged = [d for d in days if d.entries]
    averages: dict[str, float | None] = {}
    for key in NUTRIENT_KEYS:
        averages[key] = (
            sum(d.nutrients[key].known_sum for d in logged) / len(logged) if logged else None
        )
    return WeekIntake(end=end, days=days, averages=averages)
