"""Supplement products a person takes, the doses they log, and what a day adds up to. Pure.

The supplemental upper limit (UL) counts magnesium from supplements and medicines only, never
from food, so these totals are kept apart from food intake.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

LabelBasis = Literal["elemental", "compound"]


@dataclass(frozen=True)
class SupplementProduct:
    id: int
    name: str
    brand: str | None
    form_id: str
    basis: LabelBasis
    label_mg_per_serving: float
    elemental_mg_per_serving: float
    serving_unit: str
    b12_ug: float | None = None
    ala_mg: float | None = None
    calcium_mg: float | None = None
    zinc_mg: float | None = None
    vitamin_d_ug: float | None = None


@dataclass(frozen=True)
class SupplementDose:
    id: int
    product_id: int
    product_name: str
    form_id: str
    local_date: date
    local_time: str | None
    servings: float
    elemental_mg: float
    b12_ug: float | None = None
    ala_mg: float | None = None


@dataclass(frozen=True)
class SupplementDay:
    day: date
    doses: tuple[SupplementDose, ...]

    @property
    def elemental_mg(self) -> float:
        return sum(d.elemental_mg for d in self.doses)

    @property
    def largest_single_dose_mg(self) -> float | None:
        """The largest amount taken at one time (doses logged at the same time add up)."""
        if not self.doses:
            return None
        by_time: dict[str, float] = {}
        untimed = 0.0
        for dose in self.doses:
            if dose.local_time is None:
                untimed = max(untimed, dose.elemental_mg)
            else:
                by_time[dose.local_time] = by_time.get(dose.local_time, 0.0) + dose.elemental_mg
        return max([untimed, *by_time.values()])

    @property
    def ala_mg(self) -> float:
        return sum(d.ala_mg or 0.0 for d in self.doses)

    @property
    def b12_ug(self) -> float:
        return sum(d.b12_ug or 0.0 for d in self.doses)

    @property
    def form_ids(self) -> tuple[str, ...]:
        return tuple(sorted({d.form_id for d in self.doses}))


def supplement_day(day: date, doses: Sequence[SupplementDose]) -> SupplementDay:
    return SupplementDay(day, tuple(d for d in doses if d.local_date == day))


#: Meal times used by the day plan when the person has not set their own.
DEFAULT_MEAL_TIMES: dict[str, str] = {"breakfast": "08:00", "lunch": "12:30", "dinner": "19:00"}


@dataclass(frozen=True)
class RegimenSettings:
    """The person's own plan inputs: meal times, the daily magnesium target, and a dose a
    clinician prescribed (which may exceed the supplemental UL on purpose)."""

    breakfast_time: str = DEFAULT_MEAL_TIMES["breakfast"]
    lunch_time: str = DEFAULT_MEAL_TIMES["lunch"]
    dinner_time: str = DEFAULT_MEAL_TIMES["dinner"]
    magnesium_target_mg: float | None = None
    magnesium_prescribed_mg: float | None = None
    #: Months between blood magnesium and kidney tests while supplementing (``None``: the
    #: default of ``lab_schedule.yaml``).
    lab_interval_months: int | None = None


#: Plausibility limits for what a person types about a product (product rules, not clinical
#: values: anything above is almost certainly a typo, e.g. µg typed as mg).
MAX_ELEMENTAL_MG_PER_SERVING = 2000.0
MAX_SERVINGS_PER_DOSE = 20.0
MAX_B12_UG_PER_SERVING = 10_000.0
MAX_ALA_MG_PER_SERVING = 3000.0
