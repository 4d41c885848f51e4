"""Who may do what with a person's records: every cell of the table."""

from __future__ import annotations

import pytest

from magnerve.domain.access import OPERATOR, Access, Actor, Role, audited, permits

PERSON = 7  # the records in question
OTHER = 8

OWNER = Actor(account_id=1, role=Role.patient, name="Ann", person_id=PERSON)
ANOTHER_PATIENT = Actor(account_id=2, role=Role.patient, name="Bob", person_id=OTHER)
CLINICIAN = Actor(account_id=3, role=Role.clinician, name="Dr Lee")
ADMIN = Actor(account_id=4, role=Role.admin, name="Ada")
PATIENT_WITHOUT_RECORDS = Actor(account_id=5, role=Role.patient, name="Cy", person_id=None)

R, W, N = Access.read, Access.write, Access.note

# (actor, granted) → the accesses allowed. ``granted``: an active grant from PERSON to this
# actor (meaningful for clinicians only; anyone else gets nothing from a grant).
TABLE: list[tuple[str, Actor, bool, set[Access]]] = [
    ("operator", OPERATOR, False, {R, W}),
    ("operator, grant irrelevant", OPERATOR, True, {R, W}),
    ("owner", OWNER, False, {R, W}),
    ("owner, grant irrelevant", OWNER, True, {R, W}),
    ("clinician with a grant", CLINICIAN, True, {R, N}),
    ("clinician without a grant", CLINICIAN, False, set()),
    ("another patient", ANOTHER_PATIENT, False, set()),
    ("another patient, even with a grant", ANOTHER_PATIENT, True, set()),
    ("admin", ADMIN, False, set()),
    ("admin, even with a grant", ADMIN, True, set()),
    ("patient without records", PATIENT_WITHOUT_RECORDS, False, set()),
]


@pytest.mark.parametrize("access", list(Access))
@pytest.mark.parametrize(
    ("actor", "granted", "allowed"),
    [(actor, granted, allowed) for _, actor, granted, allowed in TABLE],
    ids=[label for label, *_ in TABLE],
)
def test_permission_table(
    actor: Actor, granted: bool, allowed: set[Access], access: Access
) -> None:
    assert permits(actor, PERSON, access, granted=granted) is (access in allowed)


def test_the_table_has_every_access() -> None:
    assert set(Access) == {Access.read, Access.write, Access.note}


@pytest.mark.parametrize(
    ("actor", "logged"),
    [
        (OPERATOR, False),
        (OWNER, False),
        (ANOTHER_PATIENT, True),
        (CLINICIAN, True),
        (ADMIN, True),
        (PATIENT_WITHOUT_RECORDS, True),
    ],
    ids=["operator", "owner", "another patient", "clinician", "admin", "patient without records"],
)
def test_everyone_but_the_owner_is_audited(actor: Actor, logged: bool) -> None:
    assert audited(actor, PERSON) is logged


def test_the_operator_owns_every_person_and_a_patient_only_their_own() -> None:
    assert OPERATOR.is_operator and OPERATOR.owns(PERSON) and OPERATOR.owns(OTHER)
    assert OWNER.owns(PERSON) and not OWNER.owns(OTHER)
    assert not OWNER.is_operator
    assert not CLINICIAN.owns(PERSON) and not ADMIN.owns(PERSON)
    assert not PATIENT_WITHOUT_RECORDS.owns(PERSON)
