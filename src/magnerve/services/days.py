"""A day's and a week's intake against the person's own targets."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from magnerve.domain.access import Access
from magnerve.domain.dates import parse_day
from magnerve.domain.intake import (
    DayIntake,
    WeekIntake,
    summarise_day,
    summarise_week,
    week_dates,
)
from magnerve.domain.patient import Targets
from magnerve.domain.person import Person
from magnerve.domain.regimen import SupplementDay, supplement_day
from magnerve.services.base import PersonService
from magnerve.services.clock import local_today, person_timezone
from magnerve.services.profile import profile_targets
from magnerve.services.unit_of_work import transaction


@dataclass(frozen=True)
class DayReport:
    person: Person
    intake: DayIntake
    supplements: SupplementDay
    targets: Targets | None

    @property
    def day(self) -> date:
        return self.intake.day

    @property
    def supplement_mg(self) -> float:
        return self.supplements.elemental_mg

    @property
    def total_mg(self) -> float:
        return self.intake.food_magnesium_mg + self.supplement_mg


@dataclass(frozen=True)
class WeekReport:
    person: Person
    week: WeekIntake
    supplements: tuple[SupplementDay, ...]
    targets: Targets | None

    @property
    def average_supplement_mg(self) -> float:
        """Supplemental magnesium averaged over all seven days (logged food or not)."""
        return sum(d.elemental_mg for d in self.supplements) / len(self.supplements)


class DayService(PersonService):
    area = "days"

    def day(self, day: str | None = None) -> DayReport:
        with transaction(self._engine) as repos:
            person = self._person(repos, Access.read)
            profile = repos.profiles.get(person.id)
            today = local_today(self._clock, person_timezone(profile))
            when = parse_day(day, today=today) if day else today
            entries = repos.intake.between(person.id, when, when)
            doses = repos.supplements.doses_between(person.id, when, when)
        return DayReport(
            person=person,
            intake=summarise_day(when, entries),
            supplements=supplement_day(when, doses),
            targets=profile_targets(profile, when),
        )

    def week(self, end: str | None = None) -> WeekReport:
        with transaction(self._engine) as repos:
            person = self._person(repos, Access.read)
            profile = repos.profiles.get(person.id)
            today = local_today(self._clock, person_timezone(profile))
            last = parse_day(end, today=today, field="end") if end else today
            first = last - timedelta(days=6)
            entries = repos.intake.between(person.id, first, last)
            doses = repos.supplements.doses_between(person.id, first, last)
        return WeekReport(
            person=person,
            week=summarise_week(last, entries),
            supplements=tuple(supplement_day(day, doses) for day in week_dates(last)),
            targets=profile_targets(profile, last),
        )
