"""A day's and a week's intake against the person's own targets."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Engine

from magnerve.domain.dates import parse_day
from magnerve.domain.intake import DayIntake, WeekIntake, summarise_day, summarise_week
from magnerve.domain.patient import Targets
from magnerve.domain.person import Person
from magnerve.services.clock import Clock, local_today
from magnerve.services.people import resolve_person
from magnerve.services.profile import person_timezone, profile_targets
from magnerve.services.unit_of_work import transaction


@dataclass(frozen=True)
class DayReport:
    person: Person
    intake: DayIntake
    supplement_mg: float
    targets: Targets | None

    @property
    def day(self) -> date:
        return self.intake.day

    @property
    def total_mg(self) -> float:
        return self.intake.food_magnesium_mg + self.supplement_mg


@dataclass(frozen=True)
class WeekReport:
    person: Person
    week: WeekIntake
    targets: Targets | None


class DayService:
    def __init__(self, engine: Engine, clock: Clock, person_handle: str) -> None:
        self._engine = engine
        self._clock = clock
        self._handle = person_handle

    def day(self, day: str | None = None) -> DayReport:
        with transaction(self._engine) as repos:
            person = resolve_person(repos, self._handle, now=self._clock.now())
            profile = repos.profiles.get(person.id)
            today = local_today(self._clock, person_timezone(profile))
            when = parse_day(day, today=today) if day else today
            entries = repos.intake.between(person.id, when, when)
        return DayReport(
            person=person,
            intake=summarise_day(when, entries),
            supplement_mg=0.0,  # supplements arrive with the safety issue; the field exists now
            targets=profile_targets(profile, when),
        )

    def week(self, end: str | None = None) -> WeekReport:
        with transaction(self._engine) as repos:
            person = resolve_person(repos, self._handle, now=self._clock.now())
            profile = repos.profiles.get(person.id)
            today = local_today(self._clock, person_timezone(profile))
            last = parse_day(end, today=today, field="end") if end else today
            entries = repos.intake.between(person.id, last - timedelta(days=6), last)
        return WeekReport(
            person=person,
            week=summarise_week(last, entries),
            targets=profile_targets(profile, last),
        )
