"""Sharing records with clinicians: one-time codes both ways, revocation, the audit log, notes."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from magnerve.domain.access import OPERATOR
from magnerve.domain.sharing import InviteKind, NoteKind
from magnerve.errors import Forbidden, InvalidInput, NotFound, TooManyAttempts, Unauthenticated
from magnerve.storage import tables
from tests.services.conftest import CLIENT, NOW, Clinic, Member


def invite_attempts(clinic: Clinic) -> int:
    with clinic.app.engine.connect() as conn:
        return int(
            conn.execute(
                select(func.count())
                .select_from(tables.attempt)
                .where(tables.attempt.c.kind == "invite")
            ).scalar_one()
        )


def redeem(clinic: Clinic, member: Member, code: str, *, app: Any = None) -> Any:
    return clinic.acting(member, app=app).sharing.redeem(code, client=CLIENT)


def refused(clinic: Clinic, member: Member, code: str, *, app: Any = None) -> InvalidInput:
    with pytest.raises(InvalidInput) as caught:
        redeem(clinic, member, code, app=app)
    assert caught.value.field == "code"
    assert type(caught.value) is InvalidInput  # not a NotFound, not a rate limit
    return caught.value


# -- both directions ---------------------------------------------------------------------------
def test_a_patient_code_entered_by_a_clinician(clinic: Clinic) -> None:
    ann, lee = clinic.patient(), clinic.clinician()
    made = clinic.acting(ann).sharing.create_invite()
    assert made.invite.kind is InviteKind.patient
    assert made.invite.person_id == ann.actor.person_id
    assert made.invite.expires_at == NOW + timedelta(days=7)

    grant = redeem(clinic, lee, made.code)

    assert (grant.person_handle, grant.person_name) == (ann.handle, "Ann Patient")
    assert (grant.clinician_account_id, grant.clinician_name) == (lee.actor.account_id, "Dr Lee")
    assert grant.clinician_email == lee.email and grant.revoked_at is None
    assert [g.id for g in clinic.acting(lee).sharing.grants()] == [grant.id]
    assert [g.id for g in clinic.acting(ann).sharing.grants()] == [grant.id]
    (invite,) = clinic.acting(ann).sharing.invites()
    assert invite.redeemed_at == NOW and not invite.usable(NOW)
    assert clinic.acting(lee, ann.handle).profile.show().person.handle == ann.handle


def test_a_clinician_code_entered_by_a_patient(clinic: Clinic) -> None:
    ann, lee = clinic.patient(), clinic.clinician()
    made = clinic.acting(lee).sharing.create_invite()
    assert made.invite.kind is InviteKind.clinician and made.invite.person_id is None

    grant = redeem(clinic, ann, made.code.lower().replace("-", " "))  # typed loosely

    assert grant.person_handle == ann.handle
    assert grant.clinician_account_id == lee.actor.account_id
    assert clinic.acting(lee, ann.handle).profile.show().person.handle == ann.handle


def test_only_the_code_hash_is_stored(clinic: Clinic) -> None:
    ann = clinic.patient()
    made = clinic.acting(ann).sharing.create_invite()
    with clinic.app.engine.connect() as conn:
        (row,) = conn.execute(select(tables.share_invite)).all()
    stored = " ".join(str(v) for v in row._mapping.values())
    assert made.code not in stored and made.code.replace("-", "") not in stored


@pytest.mark.parametrize("who", ["patient", "clinician"])
def test_a_code_entered_by_the_wrong_role_is_refused_and_stays_usable(
    clinic: Clinic, who: str
) -> None:
    ann, bob = clinic.patient(), clinic.patient("Bob Other")
    lee, kim = clinic.clinician(), clinic.clinician("Dr Kim")
    creator, wrong, right = (ann, bob, lee) if who == "patient" else (lee, kim, ann)
    code = clinic.acting(creator).sharing.create_invite().code

    error = refused(clinic, wrong, code)
    assert "for a " in error.message
    refused(clinic, creator, code)  # nor by its own creator
    assert invite_attempts(clinic) == 2
    assert redeem(clinic, right, code).person_handle == ann.handle


def test_a_used_code_is_refused(clinic: Clinic) -> None:
    ann, lee, kim = clinic.patient(), clinic.clinician(), clinic.clinician("Dr Kim")
    code = clinic.acting(ann).sharing.create_invite().code
    redeem(clinic, lee, code)
    assert "already used" in refused(clinic, kim, code).message
    assert invite_attempts(clinic) == 1
    assert [g.clinician_name for g in clinic.acting(ann).sharing.grants()] == ["Dr Lee"]


def test_a_cancelled_code_is_refused(clinic: Clinic) -> None:
    ann, lee = clinic.patient(), clinic.clinician()
    made = clinic.acting(ann).sharing.create_invite()
    clinic.acting(ann).sharing.cancel_invite(made.invite.id)
    assert "cancelled" in refused(clinic, lee, made.code).message
    assert invite_attempts(clinic) == 1
    assert clinic.acting(ann).sharing.grants() == []


def test_an_expired_code_is_refused(clinic: Clinic) -> None:
    ann, lee = clinic.patient(), clinic.clinician()
    code = clinic.acting(ann).sharing.create_invite().code
    later = clinic.later(days=8)
    assert "expired" in refused(clinic, lee, code, app=later).message
    assert invite_attempts(clinic) == 1
    # Just inside the week it still works.
    assert redeem(clinic, lee, code, app=clinic.later(days=6, hours=23))


@pytest.mark.parametrize(
    "code", ["", "hello", "7K3M-Q9PX-2HD", "7K3M-Q9PX-2HDU", "7K3M-Q9PX-2HDT!"]
)
def test_a_malformed_code_is_refused(clinic: Clinic, code: str) -> None:
    lee = clinic.clinician()
    assert "12-character" in refused(clinic, lee, code).message
    assert invite_attempts(clinic) == 1


def test_an_unknown_code_is_refused(clinic: Clinic) -> None:
    lee = clinic.clinician()
    assert "not a code we know" in refused(clinic, lee, "7K3M-Q9PX-2HDT").message
    assert invite_attempts(clinic) == 1


def test_ten_wrong_codes_stop_the_account_for_a_while(clinic: Clinic) -> None:
    ann, lee, kim = clinic.patient(), clinic.clinician(), clinic.clinician("Dr Kim")
    good = clinic.acting(ann).sharing.create_invite().code
    for i in range(10):
        refused(clinic, lee, f"0000-0000-{i:04d}")
    with pytest.raises(TooManyAttempts) as caught:
        redeem(clinic, lee, good)  # even a good code
    assert caught.value.code == "rate_limited" and caught.value.field == "code"
    assert 0 < caught.value.details["retry_after_s"] <= 15 * 60 + 1  # type: ignore[operator]
    assert invite_attempts(clinic) == 10  # the refused try is not counted again
    # Another account is not held up, and after the window Dr Lee may try again.
    other = clinic.acting(kim).sharing.create_invite().code
    assert redeem(clinic, ann, other).clinician_name == "Dr Kim"
    assert redeem(clinic, lee, good, app=clinic.later(minutes=16)).clinician_name == "Dr Lee"


# -- revoking -----------------------------------------------------------------------------------
def test_revoking_ends_access_at_once_and_the_refusal_is_logged(clinic: Clinic) -> None:
    ann, lee = clinic.patient(), clinic.clinician()
    grant = clinic.share(ann, lee)
    lee_on_ann = clinic.acting(lee, ann.handle)
    lee_on_ann.labs.list()  # a read while shared

    revoked = clinic.acting(ann).sharing.revoke(grant.id)
    assert revoked.id == grant.id

    with pytest.raises(NotFound) as caught:
        lee_on_ann.labs.list()
    assert caught.value.field == "person"
    assert clinic.acting(lee).sharing.grants() == []
    (past,) = clinic.acting(ann).sharing.grants()
    assert past.revoked_at == NOW
    # The log, oldest first: grant, the read, the revocation, and the refused read (written
    # although the refused work's own transaction was rolled back).
    log = list(reversed(clinic.acting(ann).sharing.audit_log()))
    assert [(e.action, e.area, e.actor_name, e.actor_role) for e in log] == [
        ("grant", "sharing", "Dr Lee", "clinician"),
        ("read", "labs", "Dr Lee", "clinician"),
        ("revoke", "sharing", "Dr Lee", "clinician"),
        ("denied", "labs", "Dr Lee", "clinician"),
    ]
    assert all(e.at == NOW for e in log)


def test_revoking_twice_or_someone_elses_grant_is_not_found(clinic: Clinic) -> None:
    ann, bob, lee = clinic.patient(), clinic.patient("Bob Other"), clinic.clinician()
    grant = clinic.share(ann, lee)
    for member in (bob, lee):
        with pytest.raises(NotFound) as caught:
            clinic.acting(member).sharing.revoke(grant.id)
        assert caught.value.field == "id"
    assert clinic.acting(lee, ann.handle).labs.list()  # still shared
    clinic.acting(ann).sharing.revoke(grant.id)
    with pytest.raises(NotFound):
        clinic.acting(ann).sharing.revoke(grant.id)
    with pytest.raises(NotFound):
        clinic.acting(ann).sharing.revoke(9999)


def test_sharing_again_after_revoking(clinic: Clinic) -> None:
    ann, lee = clinic.patient(), clinic.clinician()
    first = clinic.share(ann, lee)
    clinic.acting(ann).sharing.revoke(first.id)
    second = clinic.share(ann, lee)
    assert second.id != first.id and second.revoked_at is None
    assert [g.id for g in clinic.acting(ann).sharing.grants()] == [second.id, first.id]
    assert clinic.acting(lee, ann.handle).labs.list()


def test_a_second_code_while_shared_keeps_one_grant(clinic: Clinic) -> None:
    ann, lee = clinic.patient(), clinic.clinician()
    first = clinic.share(ann, lee)
    again = clinic.share(ann, lee)
    assert again.id == first.id
    assert len(clinic.acting(ann).sharing.grants()) == 1


# -- who may share ---------------------------------------------------------------------------
def test_an_admin_cannot_create_codes(clinic: Clinic) -> None:
    ada = clinic.admin()
    with pytest.raises(Forbidden) as caught:
        clinic.acting(ada).sharing.create_invite()
    assert caught.value.code == "forbidden"
    assert clinic.acting(ada).sharing.grants() == []
    assert clinic.acting(ada).sharing.audit_log() == []


def test_an_admin_cannot_redeem_codes(clinic: Clinic) -> None:
    ann, ada = clinic.patient(), clinic.admin()
    code = clinic.acting(ann).sharing.create_invite().code
    refused(clinic, ada, code)


def test_sharing_needs_someone_signed_in(clinic: Clinic) -> None:
    sharing = clinic.app.for_person("me", OPERATOR).sharing
    for call in (
        sharing.create_invite,
        sharing.invites,
        sharing.grants,
        sharing.audit_log,
        lambda: sharing.redeem("7K3M-Q9PX-2HDT", client=CLIENT),
        lambda: sharing.revoke(1),
        lambda: sharing.cancel_invite(1),
    ):
        with pytest.raises(Unauthenticated):
            call()


def test_only_the_creator_cancels_a_code(clinic: Clinic) -> None:
    ann, bob = clinic.patient(), clinic.patient("Bob Other")
    made = clinic.acting(ann).sharing.create_invite()
    with pytest.raises(NotFound):
        clinic.acting(bob).sharing.cancel_invite(made.invite.id)
    clinic.acting(ann).sharing.cancel_invite(made.invite.id)
    with pytest.raises(NotFound):
        clinic.acting(ann).sharing.cancel_invite(made.invite.id)  # already cancelled
    (invite,) = clinic.acting(ann).sharing.invites()
    assert invite.cancelled_at == NOW
    assert clinic.acting(bob).sharing.invites() == []


# -- notes --------------------------------------------------------------------------------------
def test_a_clinicians_notes_reach_the_patient(clinic: Clinic) -> None:
    ann, lee = clinic.patient(), clinic.clinician()
    clinic.share(ann, lee)
    lee_on_ann = clinic.acting(lee, ann.handle)
    lee_on_ann.notes.add("  Take it with the evening meal.  ")
    lee_on_ann.notes.add("Check magnesium in May.", kind="recommendation")
    notes = clinic.acting(ann).notes.list()
    assert [(n.author_name, n.kind, n.text) for n in notes] == [
        ("Dr Lee", NoteKind.recommendation, "Check magnesium in May."),
        ("Dr Lee", NoteKind.note, "Take it with the evening meal."),
    ]
    assert [n.id for n in lee_on_ann.notes.list()] == [n.id for n in notes]
    actions = [(e.action, e.area) for e in clinic.acting(ann).sharing.audit_log()]
    assert actions[:3] == [("read", "notes"), ("note", "notes"), ("note", "notes")]


@pytest.mark.parametrize(
    ("text", "kind", "field"),
    [("   ", "note", "text"), ("x" * 4001, "note", "text"), ("Fine.", "memo", "kind")],
)
def test_a_bad_note_is_refused(clinic: Clinic, text: str, kind: str, field: str) -> None:
    ann, lee = clinic.patient(), clinic.clinician()
    clinic.share(ann, lee)
    with pytest.raises(InvalidInput) as caught:
        clinic.acting(lee, ann.handle).notes.add(text, kind=kind)
    assert caught.value.field == field
    assert clinic.acting(ann).notes.list() == []


def test_a_patient_does_not_write_notes_to_themselves(clinic: Clinic) -> None:
    ann = clinic.patient()
    with pytest.raises(Forbidden) as caught:
        clinic.acting(ann).notes.add("A note to self.")
    assert caught.value.field == "person"
    assert clinic.acting(ann).notes.list() == []
    assert clinic.acting(ann).sharing.audit_log() == []


def test_a_note_without_a_grant_is_not_found(clinic: Clinic) -> None:
    ann, lee = clinic.patient(), clinic.clinician()
    with pytest.raises(NotFound):
        clinic.acting(lee, ann.handle).notes.add("Hello.")
    assert clinic.acting(ann).notes.list() == []
    assert [(e.action, e.area) for e in clinic.acting(ann).sharing.audit_log()] == [
        ("denied", "notes")
    ]


# -- PostgreSQL -------------------------------------------------------------------------------
@pytest.mark.postgres
def test_sharing_on_postgresql(pg_clinic: Clinic) -> None:
    clinic = pg_clinic
    ann, lee = clinic.patient(), clinic.clinician()
    first = clinic.share(ann, lee)
    assert clinic.acting(lee, ann.handle).labs.list()[0].handle == ann.handle
    clinic.acting(ann).sharing.revoke(first.id)
    with pytest.raises(NotFound):
        clinic.acting(lee, ann.handle).labs.list()
    second = redeem(clinic, ann, clinic.acting(lee).sharing.create_invite().code)
    assert second.id != first.id  # a new active grant beside the revoked one
    assert clinic.acting(lee, ann.handle).labs.list()[0].handle == ann.handle
    log = list(reversed(clinic.acting(ann).sharing.audit_log()))
    assert [e.action for e in log] == ["grant", "read", "revoke", "denied", "grant", "read"]
    refused(clinic, lee, "7K3M-Q9PX-2HDT")
    assert invite_attempts(clinic) == 1


@pytest.mark.parametrize(
    "fixture", ["clinic", pytest.param("pg_clinic", marks=pytest.mark.postgres)]
)
def test_a_note_keeps_its_line_breaks_but_no_other_control_characters(
    request: pytest.FixtureRequest, fixture: str
) -> None:
    clinic: Clinic = request.getfixturevalue(fixture)
    ann, lee = clinic.patient(), clinic.clinician()
    clinic.share(ann, lee)
    notes = clinic.acting(lee, ann.handle).notes
    with pytest.raises(InvalidInput) as caught:
        notes.add("Take it\x00 with food.")
    assert caught.value.field == "text"
    notes.add("Morning:\n\tone tablet\r\nEvening: none")
    assert [n.text for n in clinic.acting(ann).notes.list()] == [
        "Morning:\n\tone tablet\r\nEvening: none"
    ]


def test_a_code_from_an_odd_client_address_is_still_counted(clinic: Clinic) -> None:
    lee = clinic.clinician()
    refused(clinic, lee, "0000-0000-0000")
    with pytest.raises(InvalidInput):
        clinic.acting(lee).sharing.redeem("0000-0000-0000", client="x" * 200 + "\x00")
    assert invite_attempts(clinic) == 2
    with clinic.app.engine.connect() as conn:
        clients = (
            conn.execute(select(tables.attempt.c.client).where(tables.attempt.c.kind == "invite"))
            .scalars()
            .all()
        )
    assert sorted(clients) == sorted([CLIENT, "x" * 64])
