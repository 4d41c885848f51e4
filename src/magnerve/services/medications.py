"""A person's medicines, recognised by brand, generic or close misspelling; never dropped."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from magnerve.domain.access import Access
from magnerve.domain.dates import parse_day
from magnerve.domain.medication_list import MedicationEntry
from magnerve.domain.medication_table import ClassInfo
from magnerve.domain.medications import Recognition, recognize
from magnerve.domain.person import Person
from magnerve.domain.times import parse_times
from magnerve.errors import InvalidInput, NotFound
from magnerve.knowledge.load import load_medications
from magnerve.services.base import PersonService
from magnerve.services.idempotency import Stored, keyed, removed_since
from magnerve.services.unit_of_work import Repositories, transaction


@dataclass(frozen=True)
class AddedMedication:
    person: Person
    entry: MedicationEntry
    recognition: Recognition


class MedicationService(PersonService):
    area = "medicines"

    @staticmethod
    def recognize(name: str) -> Recognition:
        """What magnerve makes of a typed name (nothing saved); an empty name is an error."""
        return recognize(name, load_medications())

    @staticmethod
    def classes() -> dict[str, ClassInfo]:
        """The medicine classes the knowledge data knows, by id."""
        return {c.id: c for c in load_medications().classes}

    @staticmethod
    def concerns_magnesium(entry: MedicationEntry) -> bool:
        """True when a cited interaction rule about magnesium is written for this medicine
        (it must be kept apart from magnesium, or it changes the body's magnesium)."""
        from magnerve.domain.safety import MedicationFact
        from magnerve.knowledge.load import load_rules

        if not entry.recognized:
            return False
        fact = MedicationFact(
            input=entry.input, ingredients=entry.ingredients, classes=entry.classes
        )
        return any(
            rule.category == "interaction"
            and "magnesium" in rule.involves
            and rule.applies_when.per_medication
            and rule.applies_when.matches(fact)
            for rule in load_rules().rules
        )

    def add(
        self,
        name: str,
        *,
        times: str | None = None,
        started: str | None = None,
        idempotency_key: str | None = None,
    ) -> AddedMedication:
        """Keep what was typed; an unrecognised medicine is stored and reported, not dropped."""
        request = keyed(idempotency_key, "medications.add", name=name, times=times, started=started)
        recognition = recognize(name, load_medications())
        when_taken = parse_times(times) if times else ()

        def create(
            repos: Repositories, person: Person, today: date
        ) -> tuple[AddedMedication, Stored]:
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
            return AddedMedication(person, entry, recognition), {"medication_id": entry.id}

        def replay(repos: Repositories, person: Person, stored: Stored) -> AddedMedication:
            entry = repos.medications.get(person.id, int(stored["medication_id"]))
            if entry is None:
                raise removed_since()
            return AddedMedication(person, entry, recognition)

        return self._write_once(request, create=create, replay=replay)

    def list(self) -> tuple[Person, list[MedicationEntry]]:
        with transaction(self._engine) as repos:
            person = self._person(repos, Access.read)
            return person, repos.medications.list(person.id)

    def remove(self, medication_id: int) -> MedicationEntry:
        """Take a medicine entered by mistake off the list (kept in the database)."""
        with transaction(self._engine) as repos:
            person = self._person(repos, Access.write)
            entry = _get(repos, person.id, medication_id)
            repos.medications.remove(person.id, medication_id, now=self._clock.now())
            return entry

    def stop(self, medication_id: int, *, day: str | None = None) -> MedicationEntry:
        """Record the last day a medicine was taken. It stays in the history (a trial lists a
        pain medicine stopped during it), but no longer counts for checks after that day."""
        with transaction(self._engine) as repos:
            person, today = self._person_today(repos, Access.write)
            entry = _get(repos, person.id, medication_id)
            on = parse_day(day, today=today) if day else today
            if entry.started_on is not None and on < entry.started_on:
                raise InvalidInput(
                    f"{on.isoformat()} is before the start of {entry.input} "
                    f"({entry.started_on.isoformat()})",
                    field="date",
                    hint="Give the last day you took it.",
                )
            if entry.stopped_on is not None:
                raise InvalidInput(
                    f"{entry.input} was already stopped on {entry.stopped_on.isoformat()}",
                    field="id",
                    hint="To take it again, add it anew with: magnerve med add NAME --started DATE",
                )
            repos.medications.stop(person.id, medication_id, on=on)
            return replace(entry, stopped_on=on)


def _get(repos: Repositories, person_id: int, medication_id: int) -> MedicationEntry:
    entry = repos.medications.get(person_id, medication_id)
    if entry is None:
        raise NotFound(
            f"There is no medicine {medication_id} in your list.",
            field="id",
            hint="See your medicines with: magnerve med list",
        )
    return entry
