"""One transaction per command: repositories bound to a single connection, committed together."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import Connection, Engine

from magnerve.storage.accounts import AccountRepository, AttemptRepository, SessionRepository
from magnerve.storage.audit import AuditRepository
from magnerve.storage.diary import DiaryRepository
from magnerve.storage.idempotency import IdempotencyRepository
from magnerve.storage.intake import IntakeRepository
from magnerve.storage.labs import LabRepository
from magnerve.storage.medications import MedicationRepository
from magnerve.storage.people import PersonRepository
from magnerve.storage.profiles import ProfileRepository
from magnerve.storage.screenings import ScreeningRepository
from magnerve.storage.sharing import GrantRepository, InviteRepository, NoteRepository
from magnerve.storage.supplements import SupplementRepository
from magnerve.storage.trials import TrialRepository


@dataclass(frozen=True)
class Repositories:
    people: PersonRepository
    profiles: ProfileRepository
    intake: IntakeRepository
    supplements: SupplementRepository
    medications: MedicationRepository
    labs: LabRepository
    diary: DiaryRepository
    trials: TrialRepository
    screenings: ScreeningRepository
    accounts: AccountRepository
    sessions: SessionRepository
    attempts: AttemptRepository
    invites: InviteRepository
    grants: GrantRepository
    notes: NoteRepository
    audit: AuditRepository
    idempotency: IdempotencyRepository

    @classmethod
    def bind(cls, conn: Connection) -> Repositories:
        return cls(
            people=PersonRepository(conn),
            profiles=ProfileRepository(conn),
            intake=IntakeRepository(conn),
            supplements=SupplementRepository(conn),
            medications=MedicationRepository(conn),
            labs=LabRepository(conn),
            diary=DiaryRepository(conn),
            trials=TrialRepository(conn),
            screenings=ScreeningRepository(conn),
            accounts=AccountRepository(conn),
            sessions=SessionRepository(conn),
            attempts=AttemptRepository(conn),
            invites=InviteRepository(conn),
            grants=GrantRepository(conn),
            notes=NoteRepository(conn),
            audit=AuditRepository(conn),
            idempotency=IdempotencyRepository(conn),
        )


@contextmanager
def transaction(engine: Engine) -> Iterator[Repositories]:
    """Everything inside commits together or not at all (nothing half-written)."""
    with engine.begin() as conn:
        yield Repositories.bind(conn)
