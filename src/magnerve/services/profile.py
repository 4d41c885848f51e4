"""Set and show a person's profile and the intake targets that follow from it."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from magnerve.domain.access import Access
from magnerve.domain.patient import (
    Profile,
    Targets,
    age_on,
    is_known_time_zone,
    make_profile,
    targets_for,
)
from magnerve.domain.person import Person
from magnerve.domain.regimen import RegimenSettings
from magnerve.domain.times import parse_time
from magnerve.errors import InvalidInput, Problems
from magnerve.knowledge.load import load_plan_settings, load_targets
from magnerve.services.base import PersonService
from magnerve.services.clock import local_today, person_timezone
from magnerve.services.unit_of_work import transaction


@dataclass(frozen=True)
class RegimenChange:
    """Meal times and magnesium amounts to change (``None`` keeps the stored value)."""

    breakfast_time: str | None = None
    lunch_time: str | None = None
    dinner_time: str | None = None
    magnesium_target_mg: float | None = None
    magnesium_prescribed_mg: float | None = None
    lab_interval_months: int | None = None

    def validated(self) -> RegimenChange:
        problems = Problems()
        times: dict[str, str | None] = {}
        for name in ("breakfast_time", "lunch_time", "dinner_time"):
            value = getattr(self, name)
            try:
                times[name] = parse_time(value, field=name) if value is not None else None
            except InvalidInput as exc:
                problems.add(name, exc.message)
        top = load_plan_settings().titration.plausible_max_mg_per_day.value
        for name in ("magnesium_target_mg", "magnesium_prescribed_mg"):
            value = getattr(self, name)
            if value is not None and not 0 < value <= top:
                problems.add(
                    name,
                    f"give elemental magnesium above 0 and at most {top:g} mg a day",
                )
        if self.lab_interval_months is not None:
            from magnerve.domain.lab_schedule import check_interval
            from magnerve.knowledge.load import load_lab_schedule

            try:
                check_interval(load_lab_schedule(), self.lab_interval_months)
            except InvalidInput as exc:
                problems.add("lab_interval_months", f"{exc.message}. {exc.hint}")
        problems.raise_if_any(hint="Times are HH:MM; amounts are mg of magnesium itself a day.")
        return replace(
            self,
            breakfast_time=times["breakfast_time"],
            lunch_time=times["lunch_time"],
            dinner_time=times["dinner_time"],
        )

    def apply(self, old: RegimenSettings) -> RegimenSettings:
        changes = {k: v for k, v in self.__dict__.items() if v is not None}
        return replace(old, **changes)


@dataclass(frozen=True)
class ProfileView:
    person: Person
    profile: Profile | None
    regimen: RegimenSettings
    today: date
    age: int | None
    targets: Targets | None


def profile_targets(profile: Profile | None, day: date) -> Targets | None:
    """Targets for a complete profile; ``None`` while sex or age is unknown."""
    if profile is None:
        return None
    try:
        return targets_for(profile, day, load_targets())
    except InvalidInput:
        return None


class ProfileService(PersonService):
    area = "profile"

    def set(
        self,
        *,
        age: int | None = None,
        birth_date: date | None = None,
        sex: str | None = None,
        pregnant: bool | None = None,
        lactating: bool | None = None,
        diabetes: str | None = None,
        timezone: str | None = None,
        regimen: RegimenChange | None = None,
    ) -> ProfileView:
        """Change the given fields; the others keep their stored values. Validates the result."""
        now = self._clock.now()
        new_regimen = regimen.validated() if regimen is not None else None
        with transaction(self._engine) as repos:
            person = self._person(repos, Access.write)
            old = repos.profiles.get(person.id)
            zone = timezone or person_timezone(old)
            today = local_today(self._clock, zone) if is_known_time_zone(zone) else now.date()
            if age is None and birth_date is None and old is not None:
                age, birth_date = _age_fields(old, today)
            profile = make_profile(
                age=age,
                birth_date=birth_date,
                sex=sex if sex is not None else (old.sex.value if old and old.sex else None),
                pregnant=pregnant if pregnant is not None else bool(old and old.pregnant),
                lactating=lactating if lactating is not None else bool(old and old.lactating),
                diabetes=diabetes
                if diabetes is not None
                else (old.diabetes.value if old and old.diabetes else None),
                timezone=zone,
                today=today,
            )
            repos.profiles.save(person.id, profile, now=now)
            if new_regimen is not None:
                old_regimen = repos.profiles.regimen(person.id)
                repos.profiles.save_regimen(person.id, new_regimen.apply(old_regimen), now=now)
            settings = repos.profiles.regimen(person.id)
        return self._view(person, profile, today, settings)

    def show(self) -> ProfileView:
        with transaction(self._engine) as repos:
            person = self._person(repos, Access.read)
            profile = repos.profiles.get(person.id)
            settings = repos.profiles.regimen(person.id)
        return self._view(
            person, profile, local_today(self._clock, person_timezone(profile)), settings
        )

    @staticmethod
    def _view(
        person: Person, profile: Profile | None, today: date, regimen: RegimenSettings
    ) -> ProfileView:
        return ProfileView(
            person=person,
            profile=profile,
            regimen=regimen,
            today=today,
            age=age_on(profile, today) if profile else None,
            targets=profile_targets(profile, today),
        )


def _age_fields(old: Profile, today: date) -> tuple[int | None, date | None]:
    """Keep how the age was given: a birth date stays a birth date; an age keeps advancing."""
    if old.birth_date is not None:
        return None, old.birth_date
    return age_on(old, today), None
