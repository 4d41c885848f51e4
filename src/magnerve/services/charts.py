"""The numbers behind the charts: pain by day with the trial, magnesium by day, lab results.

Rendering is the interfaces' job (``magnerve.interfaces.charts``); this gathers the series,
scoped to the person, for a date range (default: the last 12 weeks, or the whole trial).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from magnerve.domain.access import Access
from magnerve.domain.dates import parse_day
from magnerve.domain.diary import pain_by_day
from magnerve.domain.intake import IntakeEntry, summarise_day
from magnerve.domain.lab_history import LabResult
from magnerve.domain.labs import convert, find_analyte
from magnerve.domain.person import Person
from magnerve.domain.regimen import supplement_day
from magnerve.domain.trials import TrialResult
from magnerve.errors import InvalidInput
from magnerve.knowledge.load import load_labs, load_trial_settings
from magnerve.services.base import PersonService
from magnerve.services.profile import profile_targets
from magnerve.services.trial import evaluate_current
from magnerve.services.unit_of_work import transaction

#: The default span of a chart: 12 weeks ending today.
DEFAULT_DAYS = 84
#: The longest span a chart may cover (a product rule: beyond it the days are unreadable).
MAX_DAYS = 3 * 366


@dataclass(frozen=True)
class DayMagnesium:
    day: date
    food_mg: float
    supplement_mg: float
    foods_without_data: int


@dataclass(frozen=True)
class PainSeries:
    person: Person
    first: date
    last: date
    pain: dict[date, float]
    trial: TrialResult | None


@dataclass(frozen=True)
class MagnesiumSeries:
    person: Person
    first: date
    last: date
    days: list[DayMagnesium]
    rda_mg: float | None
    supplement_ul_mg: float | None


@dataclass(frozen=True)
class LabSeries:
    person: Person
    first: date
    last: date
    name: str
    unit: str
    results: list[tuple[date, float]]
    reference_low: float | None
    reference_high: float | None


class ChartService(PersonService):
    area = "charts"

    def pain(self, *, start: str | None = None, end: str | None = None) -> PainSeries:
        with transaction(self._engine) as repos:
            person, today = self._person_today(repos, Access.read)
            last = parse_day(end, today=today, field="to") if end else today
            trial = repos.trials.current(person.id)
            default_first = last - timedelta(days=DEFAULT_DAYS - 1)
            if trial is not None and trial.start_date <= last:
                baseline = load_trial_settings().baseline_days.value
                default_first = min(default_first, trial.start_date - timedelta(days=baseline))
            first = _first(start, last, today, default_first)
            pain = pain_by_day(repos.diary.between(person.id, first, last))
            result = (
                evaluate_current(repos, person, trial, last)
                if trial is not None and trial.start_date <= last
                else None
            )
        return PainSeries(person, first, last, pain, result)

    def magnesium(self, *, start: str | None = None, end: str | None = None) -> MagnesiumSeries:
        with transaction(self._engine) as repos:
            person, today = self._person_today(repos, Access.read)
            last = parse_day(end, today=today, field="to") if end else today
            first = _first(start, last, today, last - timedelta(days=DEFAULT_DAYS - 1))
            entries = repos.intake.between(person.id, first, last)
            doses = repos.supplements.doses_between(person.id, first, last)
            targets = profile_targets(repos.profiles.get(person.id), last)
        by_day: dict[date, list[IntakeEntry]] = defaultdict(list)
        for e in entries:
            by_day[e.local_date].append(e)
        days = []
        for offset in range((last - first).days + 1):
            day = first + timedelta(days=offset)
            intake = summarise_day(day, by_day[day])
            taken = supplement_day(day, doses).elemental_mg
            if intake.entries or taken:
                days.append(
                    DayMagnesium(
                        day, intake.food_magnesium_mg, taken, intake.foods_without_magnesium_data
                    )
                )
        return MagnesiumSeries(
            person,
            first,
            last,
            days,
            targets.magnesium_rda_mg if targets else None,
            targets.magnesium_supplement_ul_mg if targets else None,
        )

    def lab(
        self, analyte: str | None, *, start: str | None = None, end: str | None = None
    ) -> LabSeries:
        if not analyte:
            raise InvalidInput(
                "say which lab test to chart",
                field="analyte",
                hint="For example: magnerve chart lab --analyte serum-magnesium --out mg.svg",
            )
        table = load_labs()
        test = find_analyte(table, analyte)
        with transaction(self._engine) as repos:
            person, today = self._person_today(repos, Access.read)
            last = parse_day(end, today=today, field="to") if end else today
            results: list[LabResult] = repos.labs.list(person.id, test.id)
        first_result = min((r.local_date for r in results), default=last)
        first = _first(start, last, today, min(first_result, last))
        band = test.reference_range
        low = high = None
        if band is not None:
            low = (
                None
                if band.lower is None
                else convert(test, band.lower, band.unit, test.canonical_unit)
            )
            high = (
                None
                if band.upper is None
                else convert(test, band.upper, band.unit, test.canonical_unit)
            )
        return LabSeries(
            person,
            first,
            last,
            test.name,
            test.canonical_unit,
            [(r.local_date, r.canonical_value) for r in results if first <= r.local_date <= last],
            low,
            high,
        )


def _first(start: str | None, last: date, today: date, default: date) -> date:
    first = parse_day(start, today=today, field="from") if start else default
    if first > last:
        raise InvalidInput(
            f"the chart would start ({first.isoformat()}) after it ends ({last.isoformat()})",
            field="from",
            hint="Give --from on or before --to.",
        )
    if (last - first).days + 1 > MAX_DAYS:
        raise InvalidInput(
            f"a chart can cover at most {MAX_DAYS} days",
            field="from",
            hint="Give a shorter range with --from and --to.",
        )
    return first
