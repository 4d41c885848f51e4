"""A person's supplement trials: the current one and the ones it replaced."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Connection, RowMapping, insert, select, update

from magnerve.storage.rows import inserted_id
from magnerve.storage.tables import trial as t


@dataclass(frozen=True)
class TrialRecord:
    id: int
    start_date: date
    product_id: int | None
    created_at: datetime
    ended_at: datetime | None = None


class TrialRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def start(
        self, person_id: int, *, start_date: date, product_id: int | None, now: datetime
    ) -> tuple[TrialRecord, TrialRecord | None]:
        """Begin a trial, ending the current one; returns (new, ended or None)."""
        ended = self.current(person_id)
        if ended is not None:
            self._conn.execute(update(t).where(t.c.id == ended.id).values(ended_at=now))
        result = self._conn.execute(
            insert(t).values(
                person_id=person_id, start_date=start_date, product_id=product_id, created_at=now
            )
        )
        new = TrialRecord(inserted_id(result), start_date, product_id, now)
        return new, ended

    def current(self, person_id: int) -> TrialRecord | None:
        row = self._conn.execute(
            select(t)
            .where(t.c.person_id == person_id, t.c.ended_at.is_(None))
            .order_by(t.c.id.desc())
            .limit(1)
        ).first()
        return None if row is None else _record(row._mapping)


def _record(m: RowMapping) -> TrialRecord:
    return TrialRecord(
        id=int(m["id"]),
        start_date=m["start_date"],
        product_id=m["product_id"],
        created_at=m["created_at"],
        ended_at=m["ended_at"],
    )
