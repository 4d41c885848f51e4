"""Clinic-mode fixtures: a cheap password hasher, and a clinic with patients, clinicians and
admins who sign in (``AccountService.register`` then ``sign_in``), each with a Magnerve acting
as them (``for_person(handle, actor)``)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

import pytest

from magnerve.config import Settings
from magnerve.domain.access import Actor, Role

if TYPE_CHECKING:
    from argon2 import PasswordHasher

    from magnerve.bootstrap import Magnerve
    from magnerve.domain.sharing import Grant

#: The shared fixed instant (tests/conftest.py's FIXED_NOW): 2026-03-14 18:00 UTC.
NOW = datetime(2026, 3, 14, 18, 0, tzinfo=UTC)
#: A password that passes the rules (four ordinary words).
PASSWORD = "maple kettle orbit lantern"
#: The client address sign-ins come from unless a test says otherwise.
CLIENT = "192.0.2.10"


@pytest.fixture(scope="session")
def password_hasher() -> PasswordHasher:
    """argon2id with the smallest cost: the same code paths, a thousand times faster."""
    from argon2 import PasswordHasher

    return PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


@dataclass(frozen=True)
class Member:
    """Someone with an account, signed in once (``token``)."""

    email: str
    password: str
    name: str
    actor: Actor
    #: A patient's own records (None for clinicians and admins).
    handle: str | None
    token: str


class Clinic:
    """A clinic-mode database. Every Magnerve it makes (other clocks too) is closed at the end."""

    def __init__(self, settings: Settings, hasher: PasswordHasher, now: datetime = NOW) -> None:
        self.settings = settings
        self.hasher = hasher
        self.now = now
        self._apps: list[Magnerve] = []
        self.app = self.at(now)

    def at(self, moment: datetime) -> Magnerve:
        """The same database, seen by a clock stopped at ``moment``."""
        from magnerve.bootstrap import Magnerve
        from magnerve.services.clock import FixedClock

        app = Magnerve(self.settings, clock=FixedClock(moment), password_hasher=self.hasher)
        self._apps.append(app)
        return app

    def later(self, **delta: float) -> Magnerve:
        return self.at(self.now + timedelta(**delta))

    def register(
        self, role: Role, name: str, *, email: str | None = None, password: str = PASSWORD
    ) -> Member:
        address = email or re.sub(r"[^a-z]+", ".", name.lower()).strip(".") + "@example.org"
        self.app.accounts.register(address, name, password, role=role)
        session = self.app.accounts.sign_in(address, password, client=CLIENT)
        who = session.signed_in
        return Member(address, password, name, who.actor, who.person_handle, session.token)

    def patient(self, name: str = "Ann Patient", **kwargs: str) -> Member:
        return self.register(Role.patient, name, **kwargs)

    def clinician(self, name: str = "Dr Lee", **kwargs: str) -> Member:
        return self.register(Role.clinician, name, **kwargs)

    def admin(self, name: str = "Ada Admin", **kwargs: str) -> Member:
        return self.register(Role.admin, name, **kwargs)

    def acting(
        self, member: Member, handle: str | None = None, *, app: Magnerve | None = None
    ) -> Magnerve:
        """A Magnerve acting as ``member`` on ``handle`` (default: their own records)."""
        return (app or self.app).for_person(handle or member.handle or "me", member.actor)

    def share(self, patient: Member, clinician: Member) -> Grant:
        """The patient gives the clinician a code; the clinician enters it."""
        code = self.acting(patient).sharing.create_invite().code
        return self.acting(clinician).sharing.redeem(code, client=CLIENT)

    def close(self) -> None:
        for app in self._apps:
            app.close()


@pytest.fixture
def clinic(settings: Settings, password_hasher: PasswordHasher) -> Iterator[Clinic]:
    made = Clinic(settings, password_hasher)
    yield made
    made.close()


@pytest.fixture
def pg_clinic(
    settings: Settings, password_hasher: PasswordHasher, postgres_url: str
) -> Iterator[Clinic]:
    """The same clinic on a fresh PostgreSQL database."""
    made = Clinic(settings.model_copy(update={"database_url": postgres_url}), password_hasher)
    yield made
    made.close()
