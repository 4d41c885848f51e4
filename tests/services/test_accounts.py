"""Accounts (clinic mode): registering, signing in and out, rate limits, what is stored,
session lifetimes, changing the password and deleting the account."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from sqlalchemy import func, select

from magnerve.domain.access import OPERATOR, Role
from magnerve.errors import InvalidInput, MagnerveError, TooManyAttempts, Unauthenticated
from magnerve.storage import tables
from tests.services.conftest import CLIENT, PASSWORD, Clinic


def rows(clinic: Clinic, table: Any) -> list[dict[str, Any]]:
    with clinic.app.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(select(table)).all()]


def count(clinic: Clinic, table: Any, *where: Any) -> int:
    with clinic.app.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table).where(*where)).scalar_one())


def fail(clinic: Clinic, email: str, *, client: str = CLIENT, app: Any = None) -> MagnerveError:
    with pytest.raises((Unauthenticated, TooManyAttempts)) as caught:
        (app or clinic.app).accounts.sign_in(email, "not the password at all", client=client)
    return caught.value


# -- registering --------------------------------------------------------------------------------
def test_a_patient_gets_their_own_empty_records(clinic: Clinic) -> None:
    signed = clinic.app.accounts.register(" Ann@Example.ORG ", "  Ann Smith ", PASSWORD)
    assert signed.email == "ann@example.org"  # trimmed and lower-cased
    assert signed.actor.role is Role.patient and signed.actor.name == "Ann Smith"
    assert signed.person_handle is not None and signed.person_handle.startswith("p-")
    person = rows(clinic, tables.person)
    assert [(p["handle"], p["display_name"]) for p in person] == [
        (signed.person_handle, "Ann Smith")
    ]
    assert signed.actor.person_id == person[0]["id"]


@pytest.mark.parametrize("role", [Role.clinician, Role.admin])
def test_clinicians_and_admins_have_no_records(clinic: Clinic, role: Role) -> None:
    signed = clinic.app.accounts.register("lee@example.org", "Dr Lee", PASSWORD, role=role)
    assert signed.person_handle is None and signed.actor.person_id is None
    assert signed.actor.role is role
    assert count(clinic, tables.person) == 0
    assert [a["role"] for a in rows(clinic, tables.account)] == [role.value]


def test_every_bad_field_is_reported_at_once(clinic: Clinic) -> None:
    with pytest.raises(InvalidInput) as caught:
        clinic.app.accounts.register("not an address", "   ", "short")
    assert {e.field for e in caught.value.errors} == {"email", "display_name", "password"}
    assert caught.value.field == "email"
    assert count(clinic, tables.account) == 0 and count(clinic, tables.person) == 0


def test_a_password_like_the_address_is_refused(clinic: Clinic) -> None:
    with pytest.raises(InvalidInput) as caught:
        clinic.app.accounts.register("annsmith@example.org", "Ann", "AnnSmith@example.org")
    assert [e.field for e in caught.value.errors] == ["password"]


def test_the_same_address_twice_is_refused_whatever_the_case(clinic: Clinic) -> None:
    clinic.app.accounts.register("ann@example.org", "Ann", PASSWORD)
    with pytest.raises(InvalidInput) as caught:
        clinic.app.accounts.register("ANN@Example.org ", "Another Ann", PASSWORD)
    assert caught.value.field == "email" and caught.value.code == "invalid_input"
    assert count(clinic, tables.account) == 1
    assert count(clinic, tables.person) == 1  # no orphan records for the refused one


def test_the_stored_password_is_an_argon2id_hash(clinic: Clinic) -> None:
    clinic.patient()
    (account,) = rows(clinic, tables.account)
    assert account["password_hash"].startswith("$argon2id$")
    assert PASSWORD not in account["password_hash"]


def test_the_password_is_compared_in_its_nfkc_form(clinic: Clinic) -> None:
    clinic.app.accounts.register("ann@example.org", "Ann", "ｍａｐｌｅ ｋｅｔｔｌｅ ｏｒｂｉｔ")
    session = clinic.app.accounts.sign_in("ann@example.org", "maple kettle orbit", client=CLIENT)
    assert session.signed_in.email == "ann@example.org"


# -- signing in ---------------------------------------------------------------------------------
def test_sign_in_gives_a_session_that_names_the_actor(clinic: Clinic) -> None:
    ann = clinic.patient()
    session = clinic.app.accounts.sign_in(
        " ANN.patient@example.org", PASSWORD, client="198.51.100.7"
    )
    assert session.token and session.token != ann.token
    found = clinic.app.accounts.session(session.token)
    assert found is not None
    assert found.actor == session.signed_in.actor == ann.actor
    assert found.person_handle == ann.handle and found.session_id == session.signed_in.session_id
    assert clinic.app.accounts.session("no such token") is None


def test_wrong_password_and_unknown_address_get_the_same_answer(clinic: Clinic) -> None:
    clinic.patient()
    wrong = fail(clinic, "ann.patient@example.org")
    unknown = fail(clinic, "nobody@example.org")
    for error in (wrong, unknown):
        assert isinstance(error, Unauthenticated)
        assert error.code == "unauthenticated" and error.field == "password"
    assert (wrong.message, wrong.hint) == (unknown.message, unknown.hint)


def test_a_lone_surrogate_is_a_wrong_password_not_a_crash(clinic: Clinic) -> None:
    clinic.patient()
    with pytest.raises(Unauthenticated):
        clinic.app.accounts.sign_in("ann.patient@example.org", "maple\ud800kettle", client=CLIENT)


def test_a_session_token_is_stored_only_as_its_sha256(clinic: Clinic) -> None:
    ann = clinic.patient()
    (stored,) = rows(clinic, tables.auth_session)
    assert stored["token_hash"] == hashlib.sha256(ann.token.encode()).hexdigest()
    assert all(ann.token not in str(value) for value in stored.values())


def test_the_attempt_log_never_holds_the_address(clinic: Clinic) -> None:
    clinic.patient()
    fail(clinic, "ann.patient@example.org")
    fail(clinic, "someone.else@example.org")
    clinic.app.accounts.sign_in("ann.patient@example.org", PASSWORD, client=CLIENT)
    attempts = rows(clinic, tables.attempt)
    # Ann's two successes, and the failure for someone else (Ann's was forgotten on success).
    assert sorted(a["succeeded"] for a in attempts) == [False, True, True]
    for row in attempts:
        text = " ".join(str(v) for v in row.values()).lower()
        assert "example.org" not in text and "someone" not in text and "ann" not in text


# -- rate limits ------------------------------------------------------------------------------
def test_five_failures_from_one_client_stop_that_address_there(clinic: Clinic) -> None:
    ann = clinic.patient()
    for _ in range(5):
        assert isinstance(fail(clinic, ann.email), Unauthenticated)
    with pytest.raises(TooManyAttempts) as caught:  # even the right password
        clinic.app.accounts.sign_in(ann.email, PASSWORD, client=CLIENT)
    error = caught.value
    assert error.code == "rate_limited" and error.field == "password"
    retry = error.details["retry_after_s"]
    assert isinstance(retry, int) and 0 < retry <= 15 * 60 + 1
    assert f"wait {(retry + 59) // 60} minutes" in error.message
    # Another client may still sign in to the same account.
    assert clinic.app.accounts.sign_in(ann.email, PASSWORD, client="203.0.113.5").token
    # That success does not unlock the client that failed (it may be someone guessing):
    # within the window it stays closed; once the window has passed it opens again.
    with pytest.raises(TooManyAttempts):
        clinic.later(minutes=14).accounts.sign_in(ann.email, PASSWORD, client=CLIENT)
    assert clinic.later(minutes=16).accounts.sign_in(ann.email, PASSWORD, client=CLIENT).token


def test_a_success_forgets_the_earlier_failures(clinic: Clinic) -> None:
    ann = clinic.patient()
    for _ in range(4):
        fail(clinic, ann.email)
    clinic.app.accounts.sign_in(ann.email, PASSWORD, client=CLIENT)
    for _ in range(4):
        assert isinstance(fail(clinic, ann.email), Unauthenticated)  # not rate limited


def test_one_client_trying_many_addresses_is_stopped(clinic: Clinic) -> None:
    ann = clinic.patient()
    for i in range(30):  # one failure each, so no address reaches its own limit
        assert isinstance(fail(clinic, f"guess{i}@example.org"), Unauthenticated)
    with pytest.raises(TooManyAttempts) as caught:
        clinic.app.accounts.sign_in(ann.email, PASSWORD, client=CLIENT)
    assert caught.value.details["retry_after_s"] > 0  # type: ignore[operator]
    assert clinic.app.accounts.sign_in(ann.email, PASSWORD, client="203.0.113.5").token


def test_one_address_tried_from_many_clients_is_stopped(clinic: Clinic) -> None:
    ann = clinic.patient()
    for i in range(50):  # ten clients, five failures each (each at its own limit, no more)
        assert isinstance(fail(clinic, ann.email, client=f"10.0.0.{i // 5}"), Unauthenticated)
    with pytest.raises(TooManyAttempts):
        clinic.app.accounts.sign_in(ann.email, PASSWORD, client="10.0.1.1")
    assert clinic.later(minutes=16).accounts.sign_in(ann.email, PASSWORD, client="10.0.1.1")


def test_old_failures_do_not_count(clinic: Clinic) -> None:
    ann = clinic.patient()
    for _ in range(4):
        fail(clinic, ann.email)
    later = clinic.later(minutes=16)
    for _ in range(4):  # 8 failures in all, but never 5 in one window
        assert isinstance(fail(clinic, ann.email, app=later), Unauthenticated)


# -- sessions -----------------------------------------------------------------------------------
def test_a_session_ends_after_two_idle_hours(clinic: Clinic) -> None:
    ann = clinic.patient()
    assert clinic.later(hours=1, minutes=59).accounts.session(ann.token) is not None
    # That request counted as activity: two hours after *it* the session ends.
    assert clinic.later(hours=3, minutes=58).accounts.session(ann.token) is not None
    assert clinic.later(hours=5, minutes=58).accounts.session(ann.token) is None
    assert count(clinic, tables.auth_session) == 0  # and it is gone from the database
    assert clinic.later(hours=3).accounts.session(ann.token) is None  # not back, ever


def test_a_session_ends_twelve_hours_after_sign_in_however_busy(clinic: Clinic) -> None:
    ann = clinic.patient()
    for hours in range(1, 12):
        assert clinic.later(hours=hours).accounts.session(ann.token) is not None, hours
    assert clinic.later(hours=11, minutes=59).accounts.session(ann.token) is not None
    assert clinic.later(hours=12).accounts.session(ann.token) is None


def test_sign_out_ends_the_session(clinic: Clinic) -> None:
    ann = clinic.patient()
    other = clinic.app.accounts.sign_in(ann.email, PASSWORD, client=CLIENT)
    clinic.app.accounts.sign_out(ann.token)
    assert clinic.app.accounts.session(ann.token) is None
    assert clinic.app.accounts.session(other.token) is not None  # only that one
    clinic.app.accounts.sign_out(ann.token)  # twice is harmless


def test_signing_in_clears_sessions_that_have_expired(clinic: Clinic) -> None:
    ann = clinic.patient()
    clinic.later(hours=13).accounts.sign_in(ann.email, PASSWORD, client=CLIENT)
    assert count(clinic, tables.auth_session) == 1


# -- changing the password -----------------------------------------------------------------
def test_change_password(clinic: Clinic) -> None:
    ann = clinic.patient()
    elsewhere = clinic.app.accounts.sign_in(ann.email, PASSWORD, client="203.0.113.5")
    new = "violin harbour meadow copper"
    ended = clinic.app.accounts.change_password(ann.actor, PASSWORD, new, keep_token=ann.token)
    assert ended == 1
    assert clinic.app.accounts.session(ann.token) is not None  # this browser stays signed in
    assert clinic.app.accounts.session(elsewhere.token) is None
    with pytest.raises(Unauthenticated):
        clinic.app.accounts.sign_in(ann.email, PASSWORD, client=CLIENT)
    assert clinic.app.accounts.sign_in(ann.email, new, client=CLIENT).token
    (account,) = rows(clinic, tables.account)
    assert account["password_hash"].startswith("$argon2id$")


def test_change_password_with_the_wrong_current_one(clinic: Clinic) -> None:
    ann = clinic.patient()
    (before,) = rows(clinic, tables.account)
    with pytest.raises(InvalidInput) as caught:
        clinic.app.accounts.change_password(
            ann.actor, "not my password at all", "violin harbour meadow copper", keep_token=""
        )
    assert caught.value.field == "current_password"
    assert rows(clinic, tables.account) == [before]
    assert clinic.app.accounts.session(ann.token) is not None


@pytest.mark.parametrize(
    "weak", ["short", "passwordpassword", "ann.patient@example.org", "Ann Patient Ann Patient"]
)
def test_change_password_to_a_weak_one(clinic: Clinic, weak: str) -> None:
    ann = clinic.patient()
    (before,) = rows(clinic, tables.account)
    with pytest.raises(InvalidInput) as caught:
        clinic.app.accounts.change_password(ann.actor, PASSWORD, weak, keep_token=ann.token)
    assert caught.value.field == "new_password"
    assert rows(clinic, tables.account) == [before]


def test_the_operator_has_no_password_to_change(clinic: Clinic) -> None:
    with pytest.raises(Unauthenticated):
        clinic.app.accounts.change_password(OPERATOR, PASSWORD, PASSWORD + " x", keep_token="")
    with pytest.raises(Unauthenticated):
        clinic.app.accounts.delete_account(OPERATOR, PASSWORD)


# -- deleting the account -------------------------------------------------------------------
PERSON_TABLES = [
    tables.profile,
    tables.intake_entry,
    tables.supplement_product,
    tables.supplement_dose,
    tables.medication,
    tables.lab_result,
    tables.diary_value,
    tables.trial,
    tables.screening,
    tables.care_grant,
    tables.care_note,
    tables.audit_event,
    tables.share_invite,
]


def _fill(clinic: Clinic, patient: Any) -> None:
    mine = clinic.acting(patient)
    mine.profile.set(age=64, sex="female")
    product = mine.supplements.add_product(
        "Glycinate", form="glycinate", elemental_mg_per_serving=100
    )
    mine.supplements.log_dose(str(product.product.id), day="2026-03-13")
    mine.medications.add("metformin")
    mine.labs.add("serum-magnesium", 0.8, "mmol/L", day="2026-03-01")
    mine.intake.log_food("usda_sr28:12061", "30", "g", day="2026-03-13")
    for day in range(7, 14):
        mine.diary.log_pain("6", day=f"2026-03-{day:02d}")
    mine.trial.start(day="2026-03-13")
    mine.screening.screen(["muscle-cramps"], day="2026-03-13")
    mine.sharing.create_invite()  # one still open


def test_delete_account_needs_the_password(clinic: Clinic) -> None:
    ann = clinic.patient()
    _fill(clinic, ann)
    before = {t.name: rows(clinic, t) for t in [tables.account, tables.person, *PERSON_TABLES]}
    with pytest.raises(InvalidInput) as caught:
        clinic.app.accounts.delete_account(ann.actor, "not my password at all")
    assert caught.value.field == "password"
    after = {t.name: rows(clinic, t) for t in [tables.account, tables.person, *PERSON_TABLES]}
    assert after == before
    assert clinic.app.accounts.session(ann.token) is not None


def test_delete_a_patient_account_removes_every_record(clinic: Clinic) -> None:
    ann, bob, lee = clinic.patient(), clinic.patient("Bob Other"), clinic.clinician()
    _fill(clinic, ann)
    _fill(clinic, bob)
    clinic.share(ann, lee)
    clinic.share(bob, lee)
    clinic.acting(lee, ann.handle).notes.add("Please bring your tablets next time.")
    ann_id, bob_id = ann.actor.person_id, bob.actor.person_id

    clinic.app.accounts.delete_account(ann.actor, PASSWORD)

    assert count(clinic, tables.account, tables.account.c.id == ann.actor.account_id) == 0
    assert count(clinic, tables.person, tables.person.c.id == ann_id) == 0
    for table in PERSON_TABLES:
        if "person_id" in table.c:
            assert count(clinic, table, table.c.person_id == ann_id) == 0, table.name
    assert (
        count(clinic, tables.auth_session, tables.auth_session.c.account_id == ann.actor.account_id)
        == 0
    )
    assert clinic.app.accounts.session(ann.token) is None
    with pytest.raises(Unauthenticated):
        clinic.app.accounts.sign_in(ann.email, PASSWORD, client=CLIENT)
    # Bob's records and the clinician are untouched.
    for table in (tables.supplement_product, tables.diary_value, tables.care_grant):
        assert count(clinic, table, table.c.person_id == bob_id) > 0, table.name
    assert [g.person_handle for g in clinic.acting(lee).sharing.grants()] == [bob.handle]
    assert clinic.app.accounts.session(lee.token) is not None


def test_a_deleted_clinicians_notes_stay_with_their_name(clinic: Clinic) -> None:
    ann, lee = clinic.patient(), clinic.clinician("Dr Lee")
    clinic.share(ann, lee)
    clinic.acting(lee, ann.handle).notes.add("Take the magnesium with your evening meal.")
    clinic.acting(lee).sharing.create_invite()

    clinic.app.accounts.delete_account(lee.actor, PASSWORD)

    notes = clinic.acting(ann).notes.list()
    assert [(n.author_name, n.text) for n in notes] == [
        ("Dr Lee", "Take the magnesium with your evening meal.")
    ]
    (note,) = rows(clinic, tables.care_note)
    assert note["author_account_id"] is None
    assert count(clinic, tables.care_grant) == 0  # the access went with the account
    invites = tables.share_invite.c
    assert (
        count(clinic, tables.share_invite, invites.created_by_account_id == lee.actor.account_id)
        == 0
    )
    assert count(clinic, tables.share_invite) == 1  # Ann's used code stays with her
    assert (
        count(clinic, tables.auth_session, tables.auth_session.c.account_id == lee.actor.account_id)
        == 0
    )
    # The patient's audit log keeps the name, without the account.
    events = rows(clinic, tables.audit_event)
    assert events and all(e["actor_name"] == "Dr Lee" and e["account_id"] is None for e in events)
    assert clinic.acting(ann).sharing.grants() == []


# -- a password typed again while signed in ---------------------------------------------------
def test_wrong_current_passwords_are_limited_like_sign_ins(clinic: Clinic) -> None:
    ann = clinic.patient()
    new = "violin harbour meadow copper"
    for _ in range(5):
        with pytest.raises(InvalidInput) as wrong:
            clinic.app.accounts.change_password(
                ann.actor, "not my password at all", new, keep_token=ann.token
            )
        assert wrong.value.field == "current_password"
    with pytest.raises(TooManyAttempts) as caught:  # even the right one, for a while
        clinic.app.accounts.change_password(ann.actor, PASSWORD, new, keep_token=ann.token)
    assert caught.value.field == "current_password"
    assert "wrong passwords" in caught.value.message
    with pytest.raises(TooManyAttempts) as deleting:
        clinic.app.accounts.delete_account(ann.actor, PASSWORD)
    assert deleting.value.field == "password"
    assert count(clinic, tables.account) == 1
    # Signing in from a browser is not held up, and after the window the change goes through.
    assert clinic.app.accounts.sign_in(ann.email, PASSWORD, client=CLIENT).token
    later = clinic.later(minutes=16)
    assert later.accounts.change_password(ann.actor, PASSWORD, new, keep_token=ann.token) >= 1


def test_wrong_passwords_when_deleting_are_limited(clinic: Clinic) -> None:
    ann = clinic.patient()
    for _ in range(5):
        with pytest.raises(InvalidInput):
            clinic.app.accounts.delete_account(ann.actor, "not my password at all")
    with pytest.raises(TooManyAttempts):
        clinic.app.accounts.delete_account(ann.actor, PASSWORD)
    assert count(clinic, tables.account) == 1 and count(clinic, tables.person) == 1


# -- characters no address, name or client needs --------------------------------------------
def _awkward_input(clinic: Clinic) -> None:
    with pytest.raises(InvalidInput) as caught:
        clinic.app.accounts.register("ann\x00@example.org", "Ann\x00Smith", PASSWORD)
    assert {e.field for e in caught.value.errors} == {"email", "display_name"}
    with pytest.raises(InvalidInput) as caught:
        clinic.app.accounts.register("ann@example.org", "Ann\nSmith", PASSWORD)
    assert caught.value.field == "display_name"
    ann = clinic.patient()
    with pytest.raises(Unauthenticated):  # the same answer as any unknown address
        clinic.app.accounts.sign_in("ann.patient\x00@example.org", PASSWORD, client=CLIENT)
    # A client address is kept short and printable, whatever a proxy passed on.
    odd_client = "2001:db8::1, " * 20 + "\x00"
    assert clinic.app.accounts.sign_in(ann.email, PASSWORD, client=odd_client).token
    for _ in range(5):
        fail(clinic, ann.email, client=odd_client)
    with pytest.raises(TooManyAttempts):
        clinic.app.accounts.sign_in(ann.email, PASSWORD, client=odd_client)
    assert all(
        len(a["client"]) <= 64 and "\x00" not in a["client"] for a in rows(clinic, tables.attempt)
    )


def test_control_characters_are_refused_not_stored(clinic: Clinic) -> None:
    _awkward_input(clinic)


@pytest.mark.postgres
def test_control_characters_are_refused_on_postgresql(pg_clinic: Clinic) -> None:
    # PostgreSQL cannot store NUL at all: without the checks these were internal errors.
    _awkward_input(pg_clinic)
