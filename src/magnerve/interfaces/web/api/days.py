"""``/today`` and ``/week``: intake against the person's own targets (``magnerve today|week``)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import Field

from magnerve.domain.intake import Meal
from magnerve.interfaces import payloads
from magnerve.interfaces.web.api.models import ERROR_RESPONSES, DateQuery
from magnerve.interfaces.web.api.shapes import (
    EntryOut,
    Nutrients,
    Out,
    PersonOut,
    TargetsOut,
)
from magnerve.interfaces.web.context import App

router = APIRouter(tags=["today"], responses=ERROR_RESPONSES)


class DayMagnesium(Out):
    food_mg: float
    supplement_mg: float = Field(description="Magnesium itself (elemental) from supplements.")
    total_mg: float
    total_is_lower_bound: bool = Field(
        description="True when a food logged has no magnesium value: the real total is higher."
    )
    rda_mg: float | None
    supplement_ul_mg: float | None = Field(
        description="Upper limit from supplements and medicines; food does not count toward it."
    )
    foods_without_magnesium_data: int
    largest_single_supplement_dose_mg: float | None


class DayDose(Out):
    id: int
    product_id: int
    name: str
    form: str
    time: str | None
    servings: float
    elemental_mg: float


class MealTotal(Out):
    meal: Meal
    magnesium_mg: float
    entries: int
    foods_without_magnesium_data: int


class TopSource(Out):
    food_id: str
    description: str
    magnesium_mg: float


class DayOut(Out):
    date: dt.date
    person: PersonOut
    magnesium: DayMagnesium
    supplement_doses: list[DayDose]
    nutrients: Nutrients[float] = Field(description="Sums of what has a value.")
    nutrients_missing: Nutrients[int] = Field(description="Entries without a value, each.")
    meals: list[MealTotal]
    top_sources: list[TopSource]
    targets: TargetsOut | None
    entries: list[EntryOut]


class WeekMagnesium(Out):
    average_food_mg: float | None = Field(description="Over the days with food logged.")
    average_supplement_mg: float = Field(description="Over all seven days.")
    average_total_mg: float | None
    rda_mg: float | None
    supplement_ul_mg: float | None
    foods_without_magnesium_data: int


class WeekDay(Out):
    date: dt.date
    entries: int
    magnesium_mg: float
    foods_without_magnesium_data: int


class WeekOut(Out):
    start: dt.date
    end: dt.date
    person: PersonOut
    logged_days: int
    magnesium: WeekMagnesium
    averages: Nutrients[float | None]
    days: list[WeekDay]
    targets: TargetsOut | None


@router.get("/today", response_model=DayOut, response_model_exclude_unset=True)
def today(app: App, date: DateQuery = None) -> dict[str, Any]:
    """Magnesium for a day from food and supplements, against the target, and the nutrients."""
    return payloads.day(app.days.day(date))


@router.get("/week", response_model=WeekOut, response_model_exclude_unset=True)
def week(
    app: App,
    end: Annotated[
        str | None, Query(description="Last day of the week (default today).", max_length=40)
    ] = None,
) -> dict[str, Any]:
    """Seven-day averages against the targets (over the days with food logged)."""
    return payloads.week(app.days.week(end))
