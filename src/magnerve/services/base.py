"""What every person-scoped use case starts from: the database, the clock, and whose records.

Authorisation lives here: a service only ever resolves its own person (``person_handle``) and
passes that person's id to the repositories, which filter every query by it.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Engine

from magnerve.domain.person import Person
from magnerve.services.clock import Clock, local_today
from magnerve.services.people import resolve_person
from magnerve.services.profile import person_timezone
from magnerve.services.unit_of_work import Repositories


class PersonService:
    def __init__(self, engine: Engine, clock: Clock, person_handle: str) -> None:
        self._engine = engine
        self._clock = clock
        self._handle = person_handle

    def _person(self, repos: Repositories) -> Person:
        return resolve_person(repos, self._handle, now=self._clock.now())

    def _person_today(self, repos: Repositories) -> tuple[Person, date]:
        """The person, and today's date in their own time zone."""
        person = self._person(repos)
        return person, local_today(self._clock, person_timezone(repos.profiles.get(person.id)))
