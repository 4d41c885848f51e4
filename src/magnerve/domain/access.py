"""Who is acting, and what they may do with a person's records. Pure: no database, no clock.

Local mode has one actor, the *operator* (whoever runs magnerve on this computer, or holds the
database URL): they may do everything. In clinic mode people sign in:

- a **patient** owns one person and may read and change it;
- a **clinician** may read a person's records, and add notes the patient sees, only while the
  patient's grant lasts;
- an **admin** manages accounts and sees no health records.

Every access by someone other than the owner is written to the person's audit log.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    patient = "patient"
    clinician = "clinician"
    admin = "admin"


class Access(StrEnum):
    read = "read"
    write = "write"
    #: A clinician's note or recommendation for the patient.
    note = "note"


@dataclass(frozen=True)
class Actor:
    """Who is acting. ``account_id`` is ``None`` only for the operator."""

    account_id: int | None
    role: Role | None
    name: str
    #: A patient's own person (``None`` for clinicians, admins and the operator).
    person_id: int | None = None

    @property
    def is_operator(self) -> bool:
        return self.account_id is None

    def owns(self, person_id: int) -> bool:
        return self.is_operator or self.person_id == person_id


#: Local mode and the command line: the person at this computer, with the database in hand.
OPERATOR = Actor(account_id=None, role=None, name="this computer")


def permits(actor: Actor, person_id: int, access: Access, *, granted: bool) -> bool:
    """Whether ``actor`` may have ``access`` to the person's records (``granted``: an active
    grant from that person to this clinician)."""
    if actor.owns(person_id):
        return access is not Access.note  # notes are a clinician's; owners write records
    if actor.role is Role.clinician and granted:
        return access in (Access.read, Access.note)
    return False


def audited(actor: Actor, person_id: int) -> bool:
    """Whether an access goes into the person's audit log: anyone but the owner."""
    return not actor.owns(person_id)
