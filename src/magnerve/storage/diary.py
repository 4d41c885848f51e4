"""A person's symptom diary. Re-logging marks the old value replaced; nothing is deleted."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime

from sqlalchemy import Connection, RowMapping, insert, select, update

from magnerve.domain.diary import DiaryEntry, DiaryValue
from magnerve.storage.rows import aware, inserted_id
from magnerve.storage.tables import diary_value as t


class DiaryRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def record(
        self, person_id: int, day: date, entries: Sequence[DiaryEntry], *, now: datetime
    ) -> tuple[list[DiaryValue], list[DiaryValue]]:
        """Save each entry as the day's current value; returns (saved, replaced)."""
        saved: list[DiaryValue] = []
        replaced: list[DiaryValue] = []
        for entry in entries:
            previous = self._current(person_id, day, entry.item)
            if previous is not None:
                self._conn.execute(update(t).where(t.c.id == previous.id).values(replaced_at=now))
                replaced.append(replace(previous, replaced_at=now))
            result = self._conn.execute(
                insert(t).values(
                    person_id=person_id,
                    local_date=day,
                    item=entry.item,
                    number=entry.number,
                    text=entry.text,
                    logged_at=now,
                )
            )
            new_id = inserted_id(result)
            saved.append(
                DiaryValue(
                    id=new_id,
                    item=entry.item,
                    day=day,
                    number=entry.number,
                    text=entry.text,
                    logged_at=now,
                )
            )
        return saved, replaced

    def _current(self, person_id: int, day: date, item: str) -> DiaryValue | None:
        row = self._conn.execute(
            select(t).where(
                t.c.person_id == person_id,
                t.c.local_date == day,
                t.c.item == item,
                t.c.replaced_at.is_(None),
            )
        ).first()
        return None if row is None else _value(row._mapping)

    def between(
        self, person_id: int, start: date, end: date, *, with_history: bool = False
    ) -> list[DiaryValue]:
        """Values from ``start`` to ``end`` inclusive, by day then item then time logged."""
        query = select(t).where(
            t.c.person_id == person_id, t.c.local_date >= start, t.c.local_date <= end
        )
        if not with_history:
            query = query.where(t.c.replaced_at.is_(None))
        rows = self._conn.execute(query.order_by(t.c.local_date, t.c.item, t.c.id))
        return [_value(r._mapping) for r in rows]

    def first_day(self, person_id: int, item: str) -> date | None:
        row = self._conn.execute(
            select(t.c.local_date)
            .where(t.c.person_id == person_id, t.c.item == item, t.c.replaced_at.is_(None))
            .order_by(t.c.local_date)
            .limit(1)
        ).first()
        return None if row is None else row[0]


def _value(m: RowMapping) -> DiaryValue:
    return DiaryValue(
        id=int(m["id"]),
        item=m["item"],
        day=m["local_date"],
        number=m["number"],
        text=m["text"],
        logged_at=aware(m["logged_at"]),
        replaced_at=None if m["replaced_at"] is None else aware(m["replaced_at"]),
    )
