"""Set and show a person's profile and the intake targets that follow from it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Engine

from magnerve.domain.patient import (
    Profile,
    Targets,
    age_on,
    is_known_time_zone,
    make_profile,
    targets_for,
)
from magnerve.domain.person import Person
from magnerve.errors import InvalidInput
from magnerve.knowledge.load import load_targets
from magnerve.services.clock import Clock, local_today
from magnerve.services.people import resolve_person
from magnerve.services.unit_of_work import transaction

DEFAULT_TIMEZONE = "UTC"


@dataclass(frozen=True)
class ProfileView:
    person: Person
    profile: Profile | None
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


def person_timezone(profile: Profile | None) -> str:
    return profile.timezone if profile is not None else DEFAULT_TIMEZONE


class ProfileService:
    def __init__(self, engine: Engine, clock: Clock, person_handle: str) -> None:
        self._engine = engine
        self._clock = clock
        self._handle = person_handle

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
    ) -> ProfileView:
        """Change the given fields; the others keep their stored values. Validates the result."""
        now = self._clock.now()
        with transaction(self._engine) as repos:
            person = resolve_person(repos, self._handle, now=now)
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
        return self._view(person, profile, today)

    def show(self) -> ProfileView:
        now = self._clock.now()
        with transaction(self._engine) as repos:
            person = resolve_person(repos, self._handle, now=now)
            profile = repos.profiles.get(person.id)
        return self._view(person, profile, local_today(self._clock, person_timezone(profile)))

    @staticmethod
    def _view(person: Person, profile: Profile | None, today: date) -> ProfileView:
        return ProfileView(
            person=person,
            profile=profile,
            today=today,
            age=age_on(profile, today) if profile else None,
            targets=profile_targets(profile, today),
        )


def _age_fields(old: Profile, today: date) -> tuple[int | None, date | None]:
    """Keep how the age was given: a birth date stays a birth date; an age keeps advancing."""
    if old.birth_date is not None:
        return None, old.birth_date
    return age_on(old, today), None
