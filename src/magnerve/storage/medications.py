"""A person's medicines (removal is a soft delete)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Connection, RowMapping, insert, select, update

from magnerve.domain.medication_list import MedicationEntry
from magnerve.storage.rows import inserted_id
from magnerve.storage.tables import medication as t


class MedicationRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def add(
        self,
        person_id: int,
        *,
        input_text: str,
        ingredients: tuple[str, ...],
        classes: tuple[str, ...],
        recognized: bool,
        times: tuple[str, ...],
        started_on: date | None,
        now: datetime,
    ) -> MedicationEntry:
        result = self._conn.execute(
            insert(t).values(
                person_id=person_id,
                input=input_text,
                ingredients=list(ingredients),
                classes=list(classes),
                recognized=recognized,
                times=list(times),
                started_on=started_on,
                created_at=now,
            )
        )
        entry = self.get(person_id, inserted_id(result))
        assert entry is not None
        return entry

    def get(self, person_id: int, medication_id: int) -> MedicationEntry | None:
        row = self._conn.execute(
            select(t).where(
                t.c.person_id == person_id, t.c.id == medication_id, t.c.deleted_at.is_(None)
            )
        ).first()
        return None if row is None else _entry(row._mapping)

    def list(self, person_id: int) -> list[MedicationEntry]:
        rows = self._conn.execute(
            select(t).where(t.c.person_id == person_id, t.c.deleted_at.is_(None)).order_by(t.c.id)
        )
        return [_entry(r._mapping) for r in rows]

    def remove(self, person_id: int, medication_id: int, *, now: datetime) -> bool:
        result = self._conn.execute(
            update(t)
            .where(t.c.person_id == person_id, t.c.id == medication_id, t.c.deleted_at.is_(None))
            .values(deleted_at=now)
        )
        return bool(result.rowcount)

    def stop(self, person_id: int, medication_id: int, *, on: date) -> bool:
        result = self._conn.execute(
            update(t)
            .where(t.c.person_id == person_id, t.c.id == medication_id, t.c.deleted_at.is_(None))
            .values(stopped_on=on)
        )
        return bool(result.rowcount)


def _entry(m: RowMapping) -> MedicationEntry:
    return MedicationEntry(
        id=int(m["id"]),
        input=str(m["input"]),
        ingredients=tuple(m["ingredients"]),
        classes=tuple(m["classes"]),
        recognized=bool(m["recognized"]),
        times=tuple(m["times"]),
        started_on=m["started_on"],
        stopped_on=m["stopped_on"],
    )
