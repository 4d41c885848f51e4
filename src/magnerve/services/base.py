"""What every person-scoped use case starts from: the database, the clock, who is acting, and
whose records.

Authorisation lives here. A service resolves its one person (``person_handle``) and checks what
the actor may do with it (``_person(repos, Access.read)`` or ``Access.write``) before anything
else; repositories then filter every query by that person's id. Someone other than the owner
leaves an entry in the person's audit log.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import ClassVar, TypeVar

from sqlalchemy import Engine

from magnerve.domain.access import OPERATOR, Access, Actor
from magnerve.domain.person import Person
from magnerve.services.access import authorize
from magnerve.services.clock import Clock, local_today, person_timezone
from magnerve.services.idempotency import KeyedRequest, Stored, run_once
from magnerve.services.people import resolve_person
from magnerve.services.unit_of_work import Repositories, transaction

T = TypeVar("T")


class PersonService:
    #: What part of the records this service touches, as written in the audit log.
    area: ClassVar[str] = "records"

    def __init__(
        self, engine: Engine, clock: Clock, person_handle: str, actor: Actor = OPERATOR
    ) -> None:
        self._engine = engine
        self._clock = clock
        self._handle = person_handle
        self._actor = actor

    def _person(self, repos: Repositories, access: Access) -> Person:
        """The person, once the actor is allowed ``access`` (NotFound or Forbidden otherwise)."""
        now = self._clock.now()
        person = resolve_person(repos, self._handle, now=now, create=self._actor.is_operator)
        authorize(self._engine, repos, self._actor, person, access, area=self.area, now=now)
        if access is Access.write:
            repos.people.bump(person.id)  # the panel's cached summary is no longer current
        return person

    def check_visible(self) -> None:
        """Raise now (NotFound, field ``person``) if the actor may not read this person at all.

        The web app calls this before a clinic-mode route runs, so a page that catches bad
        input cannot mistake "this patient stopped sharing" for a form error. Every use case
        still checks for itself.
        """
        now = self._clock.now()
        with transaction(self._engine) as repos:
            person = resolve_person(repos, self._handle, now=now, create=self._actor.is_operator)
            authorize(
                self._engine,
                repos,
                self._actor,
                person,
                Access.read,
                area="records",
                now=now,
                log_allowed=False,
            )

    def _write_once(
        self,
        request: KeyedRequest | None,
        *,
        create: Callable[[Repositories, Person, date], tuple[T, Stored]],
        replay: Callable[[Repositories, Person, Stored], T],
    ) -> T:
        """A create use case on this person, done at most once per idempotency key."""
        return run_once(
            self._engine,
            self._clock,
            request,
            begin=lambda repos: self._person_today(repos, Access.write),
            create=create,
            replay=replay,
        )

    def _person_today(self, repos: Repositories, access: Access) -> tuple[Person, date]:
        """The person, and today's date in their own time zone."""
        person = self._person(repos, access)
        return person, local_today(self._clock, person_timezone(repos.profiles.get(person.id)))
