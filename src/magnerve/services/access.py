"""The one authorisation check for a person's records, and its audit trail."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine

from magnerve.domain.access import Access, Actor, Role, audited, permits
from magnerve.domain.person import Person
from magnerve.errors import Forbidden
from magnerve.services.people import no_such_person
from magnerve.services.unit_of_work import Repositories, transaction


def authorize(
    engine: Engine,
    repos: Repositories,
    actor: Actor,
    person: Person,
    access: Access,
    *,
    area: str,
    now: datetime,
    log_allowed: bool = True,
) -> None:
    """Allow ``access`` or raise. Allowed access by a non-owner is logged in the same
    transaction as the work (unless ``log_allowed`` is off: a look-ahead check that does no
    work); a refusal is logged in its own (the work's is rolled back)."""
    granted = (
        actor.role is Role.clinician
        and actor.account_id is not None
        and repos.grants.is_active(person.id, actor.account_id)
    )
    if permits(actor, person.id, access, granted=granted):
        if log_allowed and audited(actor, person.id):
            _log(repos, actor, person, access.value, area, now)
        return
    if actor.owns(person.id):  # the owner may do anything but write a clinician's note
        raise Forbidden(
            "Notes and recommendations are written by a clinician you share your records with.",
            field="person",
        )
    if not actor.is_operator:
        with transaction(engine) as own:
            _log(own, actor, person, "denied", area, now)
    if granted:
        raise Forbidden(
            "A clinician can read these records and add notes; only the patient can change them.",
            field="person",
        )
    raise no_such_person(person.handle)


def _log(
    repos: Repositories, actor: Actor, person: Person, action: str, area: str, now: datetime
) -> None:
    repos.audit.add(
        person.id,
        account_id=actor.account_id,
        actor_name=actor.name,
        actor_role=actor.role.value if actor.role else "operator",
        action=action,
        area=area,
        now=now,
    )
