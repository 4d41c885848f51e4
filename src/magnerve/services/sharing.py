"""Sharing records with clinicians (clinic mode): invite codes, grants, revocation, audit log.

A patient creates a code and gives it to their clinician, or a clinician creates one and the
patient enters it; either way the clinician may then read the patient's records and add notes
until the patient stops sharing. Every grant and revocation is written to the audit log.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine

from magnerve.domain import accounts as rules
from magnerve.domain.access import Actor, Role
from magnerve.domain.invite_codes import code_hash, looks_like_code, new_code
from magnerve.domain.sharing import AuditEvent, Grant, Invite, InviteKind
from magnerve.errors import Forbidden, InvalidInput, NotFound, TooManyAttempts, Unauthenticated
from magnerve.services.clock import Clock
from magnerve.services.unit_of_work import Repositories, transaction

INVITE = "invite"


@dataclass(frozen=True)
class NewInvite:
    code: str
    invite: Invite


class SharingService:
    def __init__(self, engine: Engine, clock: Clock, actor: Actor) -> None:
        self._engine = engine
        self._clock = clock
        self._actor = actor

    # -- invites --------------------------------------------------------------------------------
    def create_invite(self) -> NewInvite:
        """A one-time code, valid for a week. The code is shown once; only its hash is kept."""
        actor = self._signed_in()
        if actor.role is Role.patient and actor.person_id is not None:
            kind, person_id = InviteKind.patient, actor.person_id
        elif actor.role is Role.clinician:
            kind, person_id = InviteKind.clinician, None
        else:
            raise Forbidden("Only patients and clinicians share records.", field="account")
        now = self._clock.now()
        code = new_code()
        with transaction(self._engine) as repos:
            invite = repos.invites.create(
                code_hash=code_hash(code),
                kind=kind,
                created_by=self._account_id(),
                person_id=person_id,
                now=now,
                expires=now + rules.INVITE_LIFETIME,
            )
        return NewInvite(code, invite)

    def invites(self) -> list[Invite]:
        with transaction(self._engine) as repos:
            return repos.invites.of_creator(self._account_id())

    def cancel_invite(self, invite_id: int) -> None:
        with transaction(self._engine) as repos:
            if not repos.invites.cancel(invite_id, self._account_id(), now=self._clock.now()):
                raise NotFound(f"There is no open invite {invite_id}.", field="id")

    def redeem(self, code: str, *, client: str) -> Grant:
        """Use a code: the clinician gets access to the patient's records."""
        actor = self._signed_in()
        client = rules.client_key(client)
        now = self._clock.now()
        subject = hashlib.sha256(f"invite:{self._account_id()}".encode()).hexdigest()
        with transaction(self._engine) as repos:
            count, oldest = repos.attempts.failures(
                INVITE, since=now - rules.ATTEMPT_WINDOW, subject=subject
            )
        if count >= rules.MAX_INVITE_FAILURES and oldest is not None:
            wait = rules.retry_after_s(oldest, now)
            raise TooManyAttempts(
                "Too many wrong codes. Please wait a few minutes and try again.",
                field="code",
                details={"retry_after_s": wait},
            )
        try:
            with transaction(self._engine) as repos:
                grant = self._redeem(repos, actor, code, now)
        except InvalidInput:
            with transaction(self._engine) as repos:
                repos.attempts.add(INVITE, subject, client, now=now, ok=False)
            raise
        return grant

    def _redeem(self, repos: Repositories, actor: Actor, code: str, now: datetime) -> Grant:
        if not looks_like_code(code):
            raise InvalidInput(
                "code: must be the 12-character code you were given, e.g. 7K3M-Q9PX-2HDT",
                field="code",
            )
        invite = repos.invites.by_code(code_hash(code))
        if invite is None:
            raise InvalidInput(
                "code: is not a code we know; check it with the person who gave it", field="code"
            )
        if invite.redeemed_at is not None or invite.cancelled_at is not None:
            raise InvalidInput(
                "code: was already used or cancelled; ask for a new one", field="code"
            )
        if now >= invite.expires_at:
            raise InvalidInput(
                "code: has expired (codes last a week); ask for a new one", field="code"
            )
        if invite.kind is InviteKind.patient:
            if actor.role is not Role.clinician:
                raise InvalidInput("code: this code is for a clinician to enter", field="code")
            person_id, clinician_id = invite.person_id, self._account_id()
        else:
            if actor.role is not Role.patient or actor.person_id is None:
                raise InvalidInput("code: this code is for a patient to enter", field="code")
            person_id, clinician_id = actor.person_id, invite.created_by_account_id
        assert person_id is not None
        if not repos.invites.redeem(invite.id, self._account_id(), now=now):
            raise InvalidInput("code: was already used; ask for a new one", field="code")
        repos.grants.add(person_id, clinician_id, now=now)
        clinician = repos.accounts.get(clinician_id)
        assert clinician is not None
        repos.audit.add(
            person_id,
            account_id=clinician_id,
            actor_name=clinician.display_name,
            actor_role=Role.clinician.value,
            action="grant",
            area="sharing",
            now=now,
        )
        grants = [g for g in repos.grants.of_person(person_id) if g.revoked_at is None]
        return next(g for g in grants if g.clinician_account_id == clinician_id)

    # -- grants ---------------------------------------------------------------------------------
    def grants(self) -> list[Grant]:
        """A patient's grants (past ones too), or a clinician's active ones."""
        actor = self._signed_in()
        with transaction(self._engine) as repos:
            if actor.role is Role.clinician:
                return repos.grants.of_clinician(self._account_id())
            if actor.person_id is None:
                return []
            return repos.grants.of_person(actor.person_id)

    def revoke(self, grant_id: int) -> Grant:
        """The patient stops sharing with one clinician; their access ends at once."""
        actor = self._signed_in()
        now = self._clock.now()
        with transaction(self._engine) as repos:
            if actor.person_id is None:
                raise NotFound(f"There is no grant {grant_id}.", field="id")
            grant = repos.grants.revoke(grant_id, actor.person_id, now=now)
            if grant is None:
                raise NotFound(f"There is no active grant {grant_id}.", field="id")
            repos.audit.add(
                actor.person_id,
                account_id=grant.clinician_account_id,
                actor_name=grant.clinician_name,
                actor_role=Role.clinician.value,
                action="revoke",
                area="sharing",
                now=now,
            )
            return grant

    def audit_log(self, *, limit: int = 500) -> list[AuditEvent]:
        """Who else read or changed the patient's records, newest first."""
        actor = self._signed_in()
        if actor.person_id is None:
            return []
        with transaction(self._engine) as repos:
            return repos.audit.of_person(actor.person_id, limit=limit)

    # -- helpers ----------------------------------------------------------------------------------
    def _signed_in(self) -> Actor:
        if self._actor.account_id is None:
            raise Unauthenticated(
                "Sharing needs clinic mode and a signed-in account.", field="account"
            )
        return self._actor

    def _account_id(self) -> int:
        account_id = self._signed_in().account_id
        assert account_id is not None
        return account_id
