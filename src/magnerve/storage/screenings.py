"""Deficiency screenings a person filled in (the ids ticked, never a diagnosis)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Connection, RowMapping, insert, select

from magnerve.storage.rows import aware, inserted_id
from magnerve.storage.tables import screening as t


@dataclass(frozen=True)
class ScreeningRecord:
    id: int
    day: date
    symptoms: tuple[str, ...]
    risk_factors: tuple[str, ...]
    logged_at: datetime


class ScreeningRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def add(
        self,
        person_id: int,
        *,
        day: date,
        symptoms: tuple[str, ...],
        risk_factors: tuple[str, ...],
        now: datetime,
    ) -> ScreeningRecord:
        result = self._conn.execute(
            insert(t).values(
                person_id=person_id,
                local_date=day,
                symptoms=list(symptoms),
                risk_factors=list(risk_factors),
                logged_at=now,
            )
        )
        return ScreeningRecord(inserted_id(result), day, symptoms, risk_factors, now)

    def latest(self, person_id: int, *, on_or_before: date) -> ScreeningRecord | None:
        row = self._conn.execute(
            select(t)
            .where(t.c.person_id == person_id, t.c.local_date <= on_or_before)
            .order_by(t.c.local_date.desc(), t.c.id.desc())
            .limit(1)
        ).first()
        return None if row is None else _record(row._mapping)


def _record(m: RowMapping) -> ScreeningRecord:
    return ScreeningRecord(
        id=int(m["id"]),
        day=m["local_date"],
        symptoms=tuple(m["symptoms"]),
        risk_factors=tuple(m["risk_factors"]),
        logged_at=aware(m["logged_at"]),
    )
