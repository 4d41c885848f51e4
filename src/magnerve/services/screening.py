"""The deficiency screener: symptoms the person ticks, risk factors magnerve can see or is told.

A screening with at least one symptom is saved (the ids and the day), so ``check`` can report
red flags from the latest one. Nothing here is a diagnosis.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from magnerve.domain.dates import parse_day
from magnerve.domain.patient import DiabetesType, age_on
from magnerve.domain.person import Person
from magnerve.domain.symptoms import ScreenResult, SymptomTable, detected_risk_factors, screen
from magnerve.knowledge.load import load_symptoms
from magnerve.services.base import PersonService
from magnerve.services.idempotency import Stored, keyed
from magnerve.services.unit_of_work import Repositories


@dataclass(frozen=True)
class Screened:
    person: Person
    day: date
    result: ScreenResult
    #: The risk factors magnerve found in the profile and medicines (not the ones told).
    detected: tuple[str, ...]
    saved: bool


def risk_factors_seen(repos: Repositories, person: Person, day: date) -> tuple[str, ...]:
    """Risk factors visible in the profile (diabetes, age) and the medicines in use on ``day``."""
    profile = repos.profiles.get(person.id)
    classes = {c for m in repos.medications.list(person.id) if m.active_on(day) for c in m.classes}
    return detected_risk_factors(
        load_symptoms(),
        has_diabetes=(
            None
            if profile is None or profile.diabetes is None
            else profile.diabetes != DiabetesType.none
        ),
        age=age_on(profile, day) if profile else None,
        medication_classes=classes,
    )


class ScreeningService(PersonService):
    area = "screening"

    @staticmethod
    def table() -> SymptomTable:
        return load_symptoms()

    def screen(
        self,
        symptoms: list[str],
        *,
        risks: tuple[str, ...] = (),
        day: str | None = None,
        idempotency_key: str | None = None,
    ) -> Screened:
        request = keyed(
            idempotency_key, "screening.screen", symptoms=symptoms, risks=risks, day=day
        )
        table = load_symptoms()
        told = [r.strip().lower() for r in risks]

        def answer(detected: tuple[str, ...]) -> ScreenResult:
            return screen(table, symptoms, risk_factors_present=[*detected, *told])

        def create(repos: Repositories, person: Person, today: date) -> tuple[Screened, Stored]:
            when = parse_day(day, today=today) if day else today
            detected = risk_factors_seen(repos, person, when)
            result = answer(detected)
            saved = None
            if result.matched:
                saved = repos.screenings.add(
                    person.id,
                    day=when,
                    symptoms=tuple(s.id for s in result.matched),
                    risk_factors=tuple(r.id for r in result.risk_factors),
                    now=self._clock.now(),
                ).id
            return Screened(person, when, result, detected, saved is not None), {
                "screening_id": saved,
                "date": when.isoformat(),
                "detected": list(detected),
            }

        def replay(repos: Repositories, person: Person, stored: Stored) -> Screened:
            # The answer depends only on what was ticked and what magnerve saw then.
            when = date.fromisoformat(stored["date"])
            detected = tuple(str(r) for r in stored["detected"])
            result = answer(detected)
            return Screened(person, when, result, detected, stored["screening_id"] is not None)

        return self._write_once(request, create=create, replay=replay)
