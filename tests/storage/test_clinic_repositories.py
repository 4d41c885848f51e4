"""Clinic-mode repositories on both backends: the one-active-grant index, invites used once,
attempt counting, sessions, the audit log, notes, last activity and what deleting cascades."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, insert, select, update
from sqlalchemy.exc import IntegrityError

from magnerve.domain.access import Role
from magnerve.domain.diary import DiaryEntry
from magnerve.domain.sharing import InviteKind, NoteKind
from magnerve.services.unit_of_work import Repositories, transaction
from magnerve.storage import schema, tables
from magnerve.storage.activity import last_logged_day
from magnerve.storage.engine import make_engine

NOW = datetime(2026, 3, 14, 12, tzinfo=UTC)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'clinic.sqlite3'}"
    else:
        url = request.getfixturevalue("postgres_url")
    made = make_engine(url)
    schema.ensure_current(made)
    yield made
    made.dispose()


def _people(repos: Repositories) -> tuple[int, int, int]:
    """A patient (person and account) and a clinician account: (person, patient, clinician)."""
    ann = repos.people.create("p-ann", "Ann", is_example=False, now=NOW)
    patient = repos.accounts.create(
        email="ann@example.org",
        display_name="Ann",
        role=Role.patient,
        password_hash="$argon2id$x",
        person_id=ann.id,
        now=NOW,
    )
    lee = repos.accounts.create(
        email="lee@example.org",
        display_name="Dr Lee",
        role=Role.clinician,
        password_hash="$argon2id$y",
        person_id=None,
        now=NOW,
    )
    return ann.id, patient.id, lee.id


def test_one_active_grant_per_patient_and_clinician(engine: Engine) -> None:
    with transaction(engine) as repos:
        person, _, lee = _people(repos)
        assert repos.grants.add(person, lee, now=NOW) is True
        assert repos.grants.add(person, lee, now=NOW) is False  # already active
        assert repos.grants.is_active(person, lee)
    # The database itself refuses a second active grant (two app processes racing).
    with pytest.raises(IntegrityError), engine.begin() as conn:
        conn.execute(
            insert(tables.care_grant).values(
                person_id=person, clinician_account_id=lee, granted_at=NOW
            )
        )
    with transaction(engine) as repos:
        (grant,) = repos.grants.of_person(person)
        assert repos.grants.revoke(grant.id, person, now=NOW) is not None
        assert repos.grants.revoke(grant.id, person, now=NOW) is None  # once
        assert not repos.grants.is_active(person, lee)
        assert repos.grants.of_clinician(lee) == []
        assert len(repos.grants.of_clinician(lee, active_only=False)) == 1
        # After a revocation the same pair may be granted again.
        assert repos.grants.add(person, lee, now=NOW + timedelta(days=1)) is True
        grants = repos.grants.of_person(person)
    assert [g.revoked_at for g in grants] == [None, NOW]  # newest first, times UTC-aware
    assert grants[0].granted_at == NOW + timedelta(days=1)
    assert (grants[0].person_handle, grants[0].clinician_email) == ("p-ann", "lee@example.org")


def test_a_grant_is_revoked_only_by_its_patient(engine: Engine) -> None:
    with transaction(engine) as repos:
        person, _, lee = _people(repos)
        other = repos.people.create("p-bob", "Bob", is_example=False, now=NOW)
        repos.grants.add(person, lee, now=NOW)
        (grant,) = repos.grants.of_person(person)
        assert repos.grants.get(grant.id, other.id) is None
        assert repos.grants.revoke(grant.id, other.id, now=NOW) is None
        assert repos.grants.is_active(person, lee)


def test_an_invite_is_used_once(engine: Engine) -> None:
    with transaction(engine) as repos:
        person, ann, lee = _people(repos)
        invite = repos.invites.create(
            code_hash="h" * 64,
            kind=InviteKind.patient,
            created_by=ann,
            person_id=person,
            now=NOW,
            expires=NOW + timedelta(days=7),
        )
        assert repos.invites.by_code("h" * 64) == invite
        assert repos.invites.by_code("x" * 64) is None
        assert repos.invites.redeem(invite.id, lee, now=NOW) is True
        assert repos.invites.redeem(invite.id, lee, now=NOW) is False
        assert repos.invites.cancel(invite.id, ann, now=NOW) is False  # used: too late
        stored = repos.invites.by_code("h" * 64)
        assert stored is not None and stored.redeemed_at == NOW and not stored.usable(NOW)
        second = repos.invites.create(
            code_hash="g" * 64,
            kind=InviteKind.clinician,
            created_by=lee,
            person_id=None,
            now=NOW + timedelta(seconds=1),
            expires=NOW + timedelta(days=7),
        )
        assert repos.invites.cancel(second.id, ann, now=NOW) is False  # not Ann's
        assert repos.invites.cancel(second.id, lee, now=NOW) is True
        assert repos.invites.redeem(second.id, ann, now=NOW) is False  # cancelled
        assert [i.id for i in repos.invites.of_creator(lee)] == [second.id]
    assert invite.usable(NOW) and not invite.usable(NOW + timedelta(days=7))


def test_attempts_are_counted_by_address_and_by_client(engine: Engine) -> None:
    with transaction(engine) as repos:
        for minutes, subject, client, ok in [
            (0, "s1", "c1", False),
            (1, "s1", "c1", False),
            (2, "s1", "c2", False),
            (3, "s2", "c1", False),
            (4, "s1", "c1", True),
            (-30, "s1", "c1", False),  # outside the window
        ]:
            repos.attempts.add(
                "sign_in", subject, client, now=NOW + timedelta(minutes=minutes), ok=ok
            )
        repos.attempts.add("invite", "s1", "c1", now=NOW, ok=False)
        since = NOW - timedelta(minutes=15)
        assert repos.attempts.failures("sign_in", since=since, subject="s1", client="c1") == (
            2,
            NOW,
        )
        assert repos.attempts.failures("sign_in", since=since, subject="s1")[0] == 3
        assert repos.attempts.failures("sign_in", since=since, client="c1")[0] == 3
        assert repos.attempts.failures("invite", since=since, subject="s1")[0] == 1
        assert repos.attempts.failures("sign_in", since=NOW + timedelta(hours=1)) == (0, None)
        # A success forgets that client's failures for that address, not the others'.
        repos.attempts.clear_failures("sign_in", "s1", "c1")
        assert repos.attempts.failures("sign_in", since=since, subject="s1")[0] == 1
        assert repos.attempts.failures("sign_in", since=since, client="c1")[0] == 1
        repos.attempts.purge(before=NOW + timedelta(minutes=3))
        assert repos.attempts.failures("sign_in", since=NOW - timedelta(hours=1))[0] == 1


def test_sessions(engine: Engine) -> None:
    with transaction(engine) as repos:
        _, ann, lee = _people(repos)
        for token, account in (("t1", ann), ("t2", ann), ("t3", lee)):
            repos.sessions.create(account, token, now=NOW, expires=NOW + timedelta(hours=12))
        found = repos.sessions.get("t1")
        assert found is not None and found.account.email == "ann@example.org"
        assert found.expires_at == NOW + timedelta(hours=12) and found.last_seen_at == NOW
        repos.sessions.touch(found.id, now=NOW + timedelta(minutes=5))
        touched = repos.sessions.get("t1")
        assert touched is not None and touched.last_seen_at == NOW + timedelta(minutes=5)
        assert repos.sessions.delete_for_account(ann, keep="t1") == 1
        assert repos.sessions.get("t2") is None and repos.sessions.get("t1") is not None
        assert repos.sessions.count_for_account(ann) == 1
        repos.sessions.purge_expired(now=NOW + timedelta(hours=13))
        assert repos.sessions.get("t1") is None and repos.sessions.get("t3") is None


def test_the_audit_log_is_newest_first_and_per_person(engine: Engine) -> None:
    with transaction(engine) as repos:
        person, _, lee = _people(repos)
        other = repos.people.create("p-bob", "Bob", is_example=False, now=NOW)
        for minutes, action in [(0, "grant"), (5, "read"), (5, "denied"), (9, "revoke")]:
            repos.audit.add(
                person,
                account_id=lee,
                actor_name="Dr Lee",
                actor_role="clinician",
                action=action,
                area="labs",
                now=NOW + timedelta(minutes=minutes),
            )
        repos.audit.add(
            other.id,
            account_id=lee,
            actor_name="Dr Lee",
            actor_role="clinician",
            action="read",
            area="labs",
            now=NOW,
        )
        log = repos.audit.of_person(person)
        assert [e.action for e in log] == ["revoke", "denied", "read", "grant"]
        assert log[0].at == NOW + timedelta(minutes=9)
        assert [e.action for e in repos.audit.of_person(person, limit=2)] == ["revoke", "denied"]
        assert len(repos.audit.of_person(other.id)) == 1


def test_notes_newest_first_without_removed_ones(engine: Engine) -> None:
    with transaction(engine) as repos:
        person, _, lee = _people(repos)
        first = repos.notes.add(
            person, author_id=lee, author_name="Dr Lee", kind=NoteKind.note, text="One", now=NOW
        )
        repos.notes.add(
            person,
            author_id=lee,
            author_name="Dr Lee",
            kind=NoteKind.recommendation,
            text="Two",
            now=NOW + timedelta(hours=1),
        )
        gone = repos.notes.add(
            person, author_id=lee, author_name="Dr Lee", kind=NoteKind.note, text="Old", now=NOW
        )
    with engine.begin() as conn:
        conn.execute(
            update(tables.care_note).where(tables.care_note.c.id == gone.id).values(deleted_at=NOW)
        )
    with transaction(engine) as repos:
        notes = repos.notes.of_person(person)
    assert [(n.text, n.kind) for n in notes] == [
        ("Two", NoteKind.recommendation),
        ("One", NoteKind.note),
    ]
    assert notes[1] == first


def test_last_logged_day(engine: Engine) -> None:
    with transaction(engine) as repos:
        person, _, _ = _people(repos)
        other = repos.people.create("p-bob", "Bob", is_example=False, now=NOW)
    with engine.connect() as conn:
        assert last_logged_day(conn, person) is None
    with transaction(engine) as repos:
        repos.diary.record(person, date(2026, 3, 2), [DiaryEntry("pain", number=4)], now=NOW)
        repos.diary.record(other.id, date(2026, 3, 12), [DiaryEntry("pain", number=4)], now=NOW)
        repos.diary.record(person, date(2026, 3, 5), [DiaryEntry("pain", number=4)], now=NOW)
    with engine.connect() as conn:
        found = last_logged_day(conn, person)
    assert found == date(2026, 3, 5) and type(found) is date  # a date on both backends


def test_deleting_a_person_takes_their_sharing_with_it(engine: Engine) -> None:
    with transaction(engine) as repos:
        person, ann, lee = _people(repos)
        repos.grants.add(person, lee, now=NOW)
        repos.notes.add(
            person, author_id=lee, author_name="Dr Lee", kind=NoteKind.note, text="Hi", now=NOW
        )
        repos.audit.add(
            person,
            account_id=lee,
            actor_name="Dr Lee",
            actor_role="clinician",
            action="read",
            area="labs",
            now=NOW,
        )
        repos.invites.create(
            code_hash="h" * 64,
            kind=InviteKind.patient,
            created_by=ann,
            person_id=person,
            now=NOW,
            expires=NOW + timedelta(days=7),
        )
        repos.people.delete(person)
        account = repos.accounts.get(ann)
        assert account is not None and account.person_id is None  # SET NULL
    with engine.connect() as conn:
        for table in (tables.care_grant, tables.care_note, tables.audit_event, tables.share_invite):
            assert conn.execute(select(table)).all() == [], table.name


def test_deleting_a_clinician_keeps_their_notes_and_log_entries(engine: Engine) -> None:
    with transaction(engine) as repos:
        person, _, lee = _people(repos)
        repos.grants.add(person, lee, now=NOW)
        repos.notes.add(
            person, author_id=lee, author_name="Dr Lee", kind=NoteKind.note, text="Hi", now=NOW
        )
        repos.audit.add(
            person,
            account_id=lee,
            actor_name="Dr Lee",
            actor_role="clinician",
            action="read",
            area="labs",
            now=NOW,
        )
        repos.sessions.create(lee, "t", now=NOW, expires=NOW + timedelta(hours=1))
        repos.accounts.delete(lee)
        assert repos.grants.of_person(person) == []
        assert repos.sessions.get("t") is None
        assert [n.author_name for n in repos.notes.of_person(person)] == ["Dr Lee"]
        assert [e.actor_name for e in repos.audit.of_person(person)] == ["Dr Lee"]
    with engine.connect() as conn:
        assert conn.execute(select(tables.care_note.c.author_account_id)).scalar_one() is None
        assert conn.execute(select(tables.audit_event.c.account_id)).scalar_one() is None


def test_an_address_has_one_account(engine: Engine) -> None:
    with transaction(engine) as repos:
        _people(repos)
    with pytest.raises(IntegrityError), transaction(engine) as repos:
        repos.accounts.create(
            email="ann@example.org",
            display_name="Ann again",
            role=Role.patient,
            password_hash="$argon2id$z",
            person_id=None,
            now=NOW,
        )
    with transaction(engine) as repos:
        assert repos.accounts.count() == 2
        assert [a.email for a in repos.accounts.all()] == ["ann@example.org", "lee@example.org"]
