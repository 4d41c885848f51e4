"""Share invites, care grants and clinicians' notes (clinic mode)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, RowMapping, insert, select, update

from magnerve.domain.sharing import CareNote, Grant, Invite, InviteKind, NoteKind
from magnerve.storage.rows import aware, inserted_id
from magnerve.storage.tables import account, care_grant, care_note, person, share_invite


def _maybe(moment: datetime | None) -> datetime | None:
    return None if moment is None else aware(moment)


class InviteRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def create(
        self,
        *,
        code_hash: str,
        kind: InviteKind,
        created_by: int,
        person_id: int | None,
        now: datetime,
        expires: datetime,
    ) -> Invite:
        result = self._conn.execute(
            insert(share_invite).values(
                code_hash=code_hash,
                kind=kind.value,
                created_by_account_id=created_by,
                person_id=person_id,
                created_at=now,
                expires_at=expires,
            )
        )
        return Invite(inserted_id(result), kind, created_by, person_id, now, expires, None, None)

    def by_code(self, code_hash: str) -> Invite | None:
        row = self._conn.execute(
            select(share_invite).where(share_invite.c.code_hash == code_hash)
        ).first()
        return None if row is None else _invite(row._mapping)

    def of_creator(self, account_id: int) -> list[Invite]:
        rows = self._conn.execute(
            select(share_invite)
            .where(share_invite.c.created_by_account_id == account_id)
            .order_by(share_invite.c.created_at.desc(), share_invite.c.id.desc())
        ).all()
        return [_invite(r._mapping) for r in rows]

    def redeem(self, invite_id: int, account_id: int, *, now: datetime) -> bool:
        """Mark used; ``False`` if someone else used or cancelled it first (a race)."""
        result = self._conn.execute(
            update(share_invite)
            .where(
                share_invite.c.id == invite_id,
                share_invite.c.redeemed_at.is_(None),
                share_invite.c.cancelled_at.is_(None),
            )
            .values(redeemed_at=now, redeemed_by_account_id=account_id)
        )
        return result.rowcount == 1

    def cancel(self, invite_id: int, account_id: int, *, now: datetime) -> bool:
        result = self._conn.execute(
            update(share_invite)
            .where(
                share_invite.c.id == invite_id,
                share_invite.c.created_by_account_id == account_id,
                share_invite.c.redeemed_at.is_(None),
                share_invite.c.cancelled_at.is_(None),
            )
            .values(cancelled_at=now)
        )
        return result.rowcount == 1


def _invite(m: RowMapping) -> Invite:
    return Invite(
        id=int(m["id"]),
        kind=InviteKind(m["kind"]),
        created_by_account_id=int(m["created_by_account_id"]),
        person_id=None if m["person_id"] is None else int(m["person_id"]),
        created_at=aware(m["created_at"]),
        expires_at=aware(m["expires_at"]),
        redeemed_at=_maybe(m["redeemed_at"]),
        cancelled_at=_maybe(m["cancelled_at"]),
    )


class GrantRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def is_active(self, person_id: int, clinician_id: int) -> bool:
        row = self._conn.execute(
            select(care_grant.c.id).where(
                care_grant.c.person_id == person_id,
                care_grant.c.clinician_account_id == clinician_id,
                care_grant.c.revoked_at.is_(None),
            )
        ).first()
        return row is not None

    def add(self, person_id: int, clinician_id: int, *, now: datetime) -> bool:
        """Grant access; ``False`` when an active grant already exists (nothing changes)."""
        if self.is_active(person_id, clinician_id):
            return False
        self._conn.execute(
            insert(care_grant).values(
                person_id=person_id, clinician_account_id=clinician_id, granted_at=now
            )
        )
        return True

    def revoke(self, grant_id: int, person_id: int, *, now: datetime) -> Grant | None:
        grant = self.get(grant_id, person_id)
        if grant is None or grant.revoked_at is not None:
            return None
        self._conn.execute(
            update(care_grant).where(care_grant.c.id == grant_id).values(revoked_at=now)
        )
        return grant

    def get(self, grant_id: int, person_id: int) -> Grant | None:
        rows = self._select(care_grant.c.id == grant_id, care_grant.c.person_id == person_id)
        return rows[0] if rows else None

    def of_person(self, person_id: int) -> list[Grant]:
        return self._select(care_grant.c.person_id == person_id)

    def of_clinician(self, clinician_id: int, *, active_only: bool = True) -> list[Grant]:
        conditions = [care_grant.c.clinician_account_id == clinician_id]
        if active_only:
            conditions.append(care_grant.c.revoked_at.is_(None))
        return self._select(*conditions)

    def _select(self, *conditions: object) -> list[Grant]:
        rows = self._conn.execute(
            select(
                care_grant,
                person.c.handle,
                person.c.display_name.label("person_name"),
                account.c.display_name.label("clinician_name"),
                account.c.email,
            )
            .join(person, person.c.id == care_grant.c.person_id)
            .join(account, account.c.id == care_grant.c.clinician_account_id)
            .where(*conditions)  # type: ignore[arg-type]
            .order_by(care_grant.c.granted_at.desc(), care_grant.c.id.desc())
        ).all()
        return [_grant(r._mapping) for r in rows]


def _grant(m: RowMapping) -> Grant:
    return Grant(
        id=int(m["id"]),
        person_id=int(m["person_id"]),
        person_handle=str(m["handle"]),
        person_name=str(m["person_name"]),
        clinician_account_id=int(m["clinician_account_id"]),
        clinician_name=str(m["clinician_name"]),
        clinician_email=str(m["email"]),
        granted_at=aware(m["granted_at"]),
        revoked_at=_maybe(m["revoked_at"]),
    )


class NoteRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def add(
        self,
        person_id: int,
        *,
        author_id: int | None,
        author_name: str,
        kind: NoteKind,
        text: str,
        now: datetime,
    ) -> CareNote:
        result = self._conn.execute(
            insert(care_note).values(
                person_id=person_id,
                author_account_id=author_id,
                author_name=author_name,
                kind=kind.value,
                text=text,
                created_at=now,
            )
        )
        return CareNote(inserted_id(result), person_id, author_name, kind, text, now)

    def of_person(self, person_id: int) -> list[CareNote]:
        rows = self._conn.execute(
            select(care_note)
            .where(care_note.c.person_id == person_id, care_note.c.deleted_at.is_(None))
            .order_by(care_note.c.created_at.desc(), care_note.c.id.desc())
        ).all()
        return [
            CareNote(
                id=int(m["id"]),
                person_id=int(m["person_id"]),
                author_name=str(m["author_name"]),
                kind=NoteKind(m["kind"]),
                text=str(m["text"]),
                created_at=aware(m["created_at"]),
            )
            for m in (r._mapping for r in rows)
        ]
