"""Sharing records with clinicians: invites, grants, notes and the audit log (plain models)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class InviteKind(StrEnum):
    #: A patient offers their records to whichever clinician redeems the code.
    patient = "patient"
    #: A clinician asks; the patient who redeems the code shares their records with them.
    clinician = "clinician"


class NoteKind(StrEnum):
    note = "note"
    recommendation = "recommendation"


@dataclass(frozen=True)
class Invite:
    id: int
    kind: InviteKind
    created_by_account_id: int
    person_id: int | None
    created_at: datetime
    expires_at: datetime
    redeemed_at: datetime | None
    cancelled_at: datetime | None

    def usable(self, now: datetime) -> bool:
        return self.redeemed_at is None and self.cancelled_at is None and now < self.expires_at


@dataclass(frozen=True)
class Grant:
    id: int
    person_id: int
    person_handle: str
    person_name: str
    clinician_account_id: int
    clinician_name: str
    clinician_email: str
    granted_at: datetime
    revoked_at: datetime | None


@dataclass(frozen=True)
class CareNote:
    id: int
    person_id: int
    author_name: str
    kind: NoteKind
    text: str
    created_at: datetime


@dataclass(frozen=True)
class AuditEvent:
    id: int
    actor_name: str
    actor_role: str
    action: str
    area: str
    at: datetime
