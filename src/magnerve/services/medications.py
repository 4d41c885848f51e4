"""A person's medicines, recognised by brand, generic or close misspelling; never dropped."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Engine

from magnerve.domain.dates import parse_day
from magnerve.domain.medication_list import MedicationEntry
from magnerve.domain.medications import Recognition, recognize
from magnerve.domain.person import Person
from magnerve.domain.times import parse_times
from magnerve.errors import NotFound
from magnerve.knowledge.load import load_medications
from magnerve.services.clock import Clock, local_today
from magnerve.services.people import resolve_person
from magnerve.services.profile import person_timezone
from magnerve.services.unit_of_work import transaction


@dataclass(frozen=True)
class AddedMedication:
    person: Person
    entry: MedicationEntry
    recognition: Recognition


class MedicationService:
    def __init__(self, engine: Engine, clock: Clock, person_handle: str) -> None:
        self._engine = engine
        self._clock = clock
        self._handle = person_handle

    def add(
        self, name: str, *, times: str | None = None, started: str | None = None
    ) -> AddedMedication:
        """Keep what was typed; an unrecognised medicine is stored and reported, not dropped."""
        recognition = recognize(name, load_medications())
        when_taken = parse_times(times) if times else ()
        with transaction(self._engine) as repos:
            person = resolve_person(repos, self._handle, now=self._clock.now())
            today = local_today(self._clock, person_timezone(repos.profiles.get(person.id)))
            started_on: date | None = (
                parse_day(started, today=today, field="started") if started else None
            )
            entry = repos.medications.add(
                person.id,
                input_text=name.strip(),
                ingredients=recognition.ingredients,
                classes=recognition.classes,
                recognized=recognition.recognized,
                times=when_taken,
                started_on=started_on,
                now=self._clock.now(),
            )
        return AddedMedication(person, entry, recognition)

    def list(self) -> tuple[Person, list[MedicationEntry]]:
        with transaction(self._engine) as repos:
            person = resolve_person(repos, self._handle, now=self._clock.now())
            return person, repos.medications.list(person.id)

    def remove(self, medication_id: int) -> MedicationEntry:
        with transaction(self._engine) as repos:
            person = resolve_person(repos, self._handle, now=self._clock.now())
            entry = repos.medications.get(person.id, medication_id)
            if entry is None:
                raise NotFound(
                    f"There is no medicine {medication_id} in your list.",
                    field="id",
                    hint="See your medicines with: magnerve med list",
                )
            repos.medications.remove(person.id, medication_id, now=self._clock.now())
            return entry
