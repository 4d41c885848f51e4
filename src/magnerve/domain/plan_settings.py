"""The numbers behind the day plan and the titration plan (``knowledge/plan.yaml``). Pure.

Each value says where it comes from: ``basis: cited`` (the sources give it; ``evidence`` and
``citations`` are required) or ``basis: product rule`` (magnerve's own choice; ``note`` says why
and any ``citations`` say what the sources do say). ``magnerve.knowledge.load.load_plan_settings``
reads and validates the file; :mod:`magnerve.domain.schedule` and
:mod:`magnerve.domain.titration` receive the validated :class:`PlanSettings`.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from magnerve.domain.reference import CitationRef, Evidence, KnowledgeModel
from magnerve.domain.times import minutes

PlanBasis = Literal["cited", "product rule"]

MINUTES_PER_DAY = 24 * 60


class PlanBacking(KnowledgeModel):
    """Where a plan value comes from."""

    basis: PlanBasis
    evidence: Evidence | None = None
    note: str = Field(min_length=1)
    citations: tuple[CitationRef, ...] = ()

    @model_validator(mode="after")
    def _backed(self) -> PlanBacking:
        if self.basis == "cited" and (not self.citations or self.evidence is None):
            raise ValueError("a cited value needs citations and evidence")
        if self.basis == "product rule" and self.evidence is not None:
            raise ValueError("a product rule has no evidence grade; cite what the sources say")
        return self


class PlanNumber(PlanBacking):
    value: float = Field(gt=0)
    unit: str = Field(min_length=1)


class PlanCount(PlanBacking):
    value: int = Field(gt=0)
    unit: str = Field(min_length=1)


class PlanFlag(PlanBacking):
    value: bool


class PlanClock(PlanBacking):
    value: str = Field(pattern=r"^(?:[01][0-9]|2[0-3]):[0-5][0-9]$")

    @property
    def minute(self) -> int:
        return minutes(self.value)


class PlanRange(PlanBacking):
    low: float = Field(gt=0)
    high: float = Field(gt=0)
    unit: str = Field(min_length=1)

    @model_validator(mode="after")
    def _ordered(self) -> PlanRange:
        if self.low > self.high:
            raise ValueError(f"low {self.low:g} must not be above high {self.high:g}")
        return self


class SplittingSettings(KnowledgeModel):
    per_dose_cap_mg: PlanNumber
    take_with_food: PlanFlag
    min_hours_between_doses: PlanNumber


class GridSettings(KnowledgeModel):
    step_minutes: PlanCount
    waking_from: PlanClock
    waking_until: PlanClock


class TitrationSettings(KnowledgeModel):
    start_mg_per_day: PlanRange
    loael_mg_per_day: PlanNumber
    step_every_days: PlanCount
    step_mg: PlanNumber
    cap_at_supplemental_ul: PlanFlag
    diarrhoea_step_back_steps: PlanCount
    plausible_max_mg_per_day: PlanNumber


class PlanSettings(KnowledgeModel):
    """Everything the two planners need; checked for consistency when loaded."""

    splitting: SplittingSettings
    grid: GridSettings
    titration: TitrationSettings

    @model_validator(mode="after")
    def _consistent(self) -> PlanSettings:
        grid, split, titration = self.grid, self.splitting, self.titration
        if MINUTES_PER_DAY % grid.step_minutes.value:
            raise ValueError("grid.step_minutes must divide a day (1440 minutes) evenly")
        start, end = grid.waking_from.minute, grid.waking_until.minute
        if start >= end:
            raise ValueError("grid.waking_from must be before grid.waking_until (same day)")
        # The planner keeps doses apart within the waking window; the night must be long enough
        # that the last dose of one day and the first of the next are apart too.
        if MINUTES_PER_DAY - (end - start) < self.min_gap_minutes:
            raise ValueError("the night outside the waking window is shorter than the dose gap")
        if not 0 < self.min_gap_minutes <= MINUTES_PER_DAY // 2:
            raise ValueError("splitting.min_hours_between_doses must be above 0 and at most 12")
        if titration.start_mg_per_day.high >= titration.loael_mg_per_day.value:
            raise ValueError("the starting range must stay below the LOAEL")
        if titration.start_mg_per_day.high > titration.plausible_max_mg_per_day.value:
            raise ValueError("the starting range is above the plausible maximum")
        if split.per_dose_cap_mg.value > titration.plausible_max_mg_per_day.value:
            raise ValueError("the per-dose cap is above the plausible maximum")
        return self

    @property
    def per_dose_cap_mg(self) -> float:
        return self.splitting.per_dose_cap_mg.value

    @property
    def min_gap_minutes(self) -> int:
        return round(self.splitting.min_hours_between_doses.value * 60)


__all__ = [
    "MINUTES_PER_DAY",
    "GridSettings",
    "PlanBacking",
    "PlanBasis",
    "PlanClock",
    "PlanCount",
    "PlanFlag",
    "PlanNumber",
    "PlanRange",
    "PlanSettings",
    "SplittingSettings",
    "TitrationSettings",
]
