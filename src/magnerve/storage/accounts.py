"""Accounts, sign-in sessions and rate-limit attempts (clinic mode)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, RowMapping, and_, delete, func, insert, select, update

from magnerve.domain.access import Role
from magnerve.storage.rows import aware, inserted_id
from magnerve.storage.tables import account, attempt, auth_session


@dataclass(frozen=True)
class AccountRecord:
    id: int
    email: str
    display_name: str
    role: Role
    person_id: int | None
    password_hash: str
    created_at: datetime


class AccountRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def create(
        self,
        *,
        email: str,
        display_name: str,
        role: Role,
        password_hash: str,
        person_id: int | None,
        now: datetime,
    ) -> AccountRecord:
        result = self._conn.execute(
            insert(account).values(
                email=email,
                display_name=display_name,
                role=role.value,
                person_id=person_id,
                password_hash=password_hash,
                created_at=now,
                password_changed_at=now,
            )
        )
        return AccountRecord(
            inserted_id(result), email, display_name, role, person_id, password_hash, now
        )

    def get(self, account_id: int) -> AccountRecord | None:
        row = self._conn.execute(select(account).where(account.c.id == account_id)).first()
        return None if row is None else _account(row._mapping)

    def get_by_email(self, email: str) -> AccountRecord | None:
        row = self._conn.execute(select(account).where(account.c.email == email)).first()
        return None if row is None else _account(row._mapping)

    def by_person(self, person_id: int) -> AccountRecord | None:
        row = self._conn.execute(select(account).where(account.c.person_id == person_id)).first()
        return None if row is None else _account(row._mapping)

    def all(self) -> list[AccountRecord]:
        rows = self._conn.execute(select(account).order_by(account.c.email)).all()
        return [_account(r._mapping) for r in rows]

    def count(self) -> int:
        return int(self._conn.execute(select(func.count()).select_from(account)).scalar_one())

    def set_password(self, account_id: int, password_hash: str, *, now: datetime) -> None:
        self._conn.execute(
            update(account)
            .where(account.c.id == account_id)
            .values(password_hash=password_hash, password_changed_at=now)
        )

    def rehash(self, account_id: int, password_hash: str) -> None:
        """Same password, stronger hash parameters (no change of 'password changed')."""
        self._conn.execute(
            update(account).where(account.c.id == account_id).values(password_hash=password_hash)
        )

    def delete(self, account_id: int) -> None:
        self._conn.execute(delete(account).where(account.c.id == account_id))


def _account(m: RowMapping) -> AccountRecord:
    return AccountRecord(
        id=int(m["id"]),
        email=str(m["email"]),
        display_name=str(m["display_name"]),
        role=Role(m["role"]),
        person_id=None if m["person_id"] is None else int(m["person_id"]),
        password_hash=str(m["password_hash"]),
        created_at=aware(m["created_at"]),
    )


@dataclass(frozen=True)
class SessionRecord:
    id: int
    account: AccountRecord
    created_at: datetime
    last_seen_at: datetime
    expires_at: datetime


class SessionRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def create(self, account_id: int, token_hash: str, *, now: datetime, expires: datetime) -> None:
        self._conn.execute(
            insert(auth_session).values(
                token_hash=token_hash,
                account_id=account_id,
                created_at=now,
                last_seen_at=now,
                expires_at=expires,
            )
        )

    def get(self, token_hash: str) -> SessionRecord | None:
        s = auth_session.c
        row = self._conn.execute(
            select(
                account,
                s.id.label("session_id"),
                s.created_at.label("session_created_at"),
                s.last_seen_at.label("session_last_seen_at"),
                s.expires_at.label("session_expires_at"),
            )
            .join(auth_session, account.c.id == s.account_id)
            .where(s.token_hash == token_hash)
        ).first()
        if row is None:
            return None
        m = row._mapping
        return SessionRecord(
            id=int(m["session_id"]),
            account=_account(m),
            created_at=aware(m["session_created_at"]),
            last_seen_at=aware(m["session_last_seen_at"]),
            expires_at=aware(m["session_expires_at"]),
        )

    def touch(self, session_id: int, *, now: datetime) -> None:
        self._conn.execute(
            update(auth_session).where(auth_session.c.id == session_id).values(last_seen_at=now)
        )

    def delete(self, token_hash: str) -> None:
        self._conn.execute(delete(auth_session).where(auth_session.c.token_hash == token_hash))

    def delete_by_id(self, session_id: int) -> None:
        self._conn.execute(delete(auth_session).where(auth_session.c.id == session_id))

    def delete_for_account(self, account_id: int, *, keep: str | None = None) -> int:
        """End the account's sessions (all, or all but the one whose hash is ``keep``)."""
        condition = auth_session.c.account_id == account_id
        if keep is not None:
            condition = and_(condition, auth_session.c.token_hash != keep)
        return int(self._conn.execute(delete(auth_session).where(condition)).rowcount)

    def count_for_account(self, account_id: int) -> int:
        return int(
            self._conn.execute(
                select(func.count())
                .select_from(auth_session)
                .where(auth_session.c.account_id == account_id)
            ).scalar_one()
        )

    def purge_expired(self, *, now: datetime) -> None:
        self._conn.execute(delete(auth_session).where(auth_session.c.expires_at < now))


class AttemptRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def add(self, kind: str, subject: str, client: str, *, now: datetime, ok: bool) -> None:
        self._conn.execute(
            insert(attempt).values(kind=kind, subject=subject, client=client, at=now, succeeded=ok)
        )

    def failures(
        self, kind: str, *, since: datetime, subject: str | None = None, client: str | None = None
    ) -> tuple[int, datetime | None]:
        """How many failed attempts since ``since`` (by subject or by client), and the oldest."""
        condition = and_(attempt.c.kind == kind, attempt.c.at >= since, ~attempt.c.succeeded)
        if subject is not None:
            condition = and_(condition, attempt.c.subject == subject)
        if client is not None:
            condition = and_(condition, attempt.c.client == client)
        row = self._conn.execute(
            select(func.count(), func.min(attempt.c.at)).where(condition)
        ).one()
        return int(row[0]), None if row[1] is None else aware(row[1])

    def clear_failures(self, kind: str, subject: str, client: str) -> None:
        """A successful sign-in forgets the earlier failures for that address from the same
        client (someone who mistyped, then got it right). Failures from other clients still
        count: they may be someone else guessing."""
        self._conn.execute(
            delete(attempt).where(
                attempt.c.kind == kind,
                attempt.c.subject == subject,
                attempt.c.client == client,
                ~attempt.c.succeeded,
            )
        )

    def purge(self, *, before: datetime) -> None:
        self._conn.execute(delete(attempt).where(attempt.c.at < before))
