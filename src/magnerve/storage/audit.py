"""The audit log: who other than the owner read or changed a person's records, and when."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, insert, select

from magnerve.domain.sharing import AuditEvent
from magnerve.storage.rows import aware
from magnerve.storage.tables import audit_event


class AuditRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def add(
        self,
        person_id: int,
        *,
        account_id: int | None,
        actor_name: str,
        actor_role: str,
        action: str,
        area: str,
        now: datetime,
    ) -> None:
        self._conn.execute(
            insert(audit_event).values(
                person_id=person_id,
                account_id=account_id,
                actor_name=actor_name,
                actor_role=actor_role,
                action=action,
                area=area,
                at=now,
            )
        )

    def of_person(self, person_id: int, *, limit: int = 500) -> list[AuditEvent]:
        rows = self._conn.execute(
            select(audit_event)
            .where(audit_event.c.person_id == person_id)
            .order_by(audit_event.c.at.desc(), audit_event.c.id.desc())
            .limit(limit)
        ).all()
        return [
            AuditEvent(
                id=int(m["id"]),
                actor_name=str(m["actor_name"]),
                actor_role=str(m["actor_role"]),
                action=str(m["action"]),
                area=str(m["area"]),
                at=aware(m["at"]),
            )
            for m in (r._mapping for r in rows)
        ]
