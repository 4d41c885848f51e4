"""Food intake entries. Every query is scoped to one person; removal is a soft delete."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, RowMapping, and_, func, insert, select, update

from magnerve.domain.intake import IntakeEntry, Meal, NewIntakeEntry
from magnerve.storage.rows import inserted_id
from magnerve.storage.tables import intake_entry as t


class IntakeRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def add(self, person_id: int, new: NewIntakeEntry, *, now: datetime) -> IntakeEntry:
        values = {
            "person_id": person_id,
            "local_date": new.local_date,
            "meal": new.meal.value,
            "food_id": new.food_id,
            "description": new.description,
            "input_text": new.input_text,
            "amount": new.amount,
            "unit": new.unit,
            "portion_label": new.portion_label,
            "grams": new.grams,
            "nutrients": dict(new.nutrients),
            "food_data_version": new.food_data_version,
            "logged_at": now,
            "updated_at": now,
        }
        result = self._conn.execute(insert(t).values(**values))
        new_id = inserted_id(result)
        entry = self.get(person_id, new_id)
        assert entry is not None
        return entry

    def get(
        self, person_id: int, entry_id: int, *, include_deleted: bool = False
    ) -> IntakeEntry | None:
        query = select(t).where(t.c.person_id == person_id, t.c.id == entry_id)
        if not include_deleted:
            query = query.where(t.c.deleted_at.is_(None))
        row = self._conn.execute(query).first()
        return None if row is None else _to_entry(row._mapping)

    def between(self, person_id: int, start: date, end: date) -> list[IntakeEntry]:
        """Entries with ``start <= local_date <= end``, oldest first."""
        rows = self._conn.execute(
            select(t)
            .where(
                and_(
                    t.c.person_id == person_id,
                    t.c.local_date >= start,
                    t.c.local_date <= end,
                    t.c.deleted_at.is_(None),
                )
            )
            .order_by(t.c.local_date, t.c.logged_at, t.c.id)
        )
        return [_to_entry(r._mapping) for r in rows]

    def update(
        self, person_id: int, entry_id: int, changes: Mapping[str, Any], *, now: datetime
    ) -> bool:
        allowed = {
            "local_date",
            "meal",
            "amount",
            "unit",
            "portion_label",
            "grams",
            "nutrients",
            "food_id",
            "description",
            "food_data_version",
        }
        unknown = set(changes) - allowed
        if unknown:
            raise ValueError(f"cannot update {sorted(unknown)}")
        values = {k: (v.value if isinstance(v, Meal) else v) for k, v in changes.items()}
        result = self._conn.execute(
            update(t)
            .where(t.c.person_id == person_id, t.c.id == entry_id, t.c.deleted_at.is_(None))
            .values(**values, updated_at=now)
        )
        return bool(result.rowcount)

    def soft_delete(self, person_id: int, entry_id: int, *, now: datetime) -> bool:
        result = self._conn.execute(
            update(t)
            .where(t.c.person_id == person_id, t.c.id == entry_id, t.c.deleted_at.is_(None))
            .values(deleted_at=now, updated_at=now)
        )
        return bool(result.rowcount)

    def restore(self, person_id: int, entry_id: int, *, now: datetime) -> bool:
        result = self._conn.execute(
            update(t)
            .where(t.c.person_id == person_id, t.c.id == entry_id, t.c.deleted_at.is_not(None))
            .values(deleted_at=None, updated_at=now)
        )
        return bool(result.rowcount)

    def recent_food_ids(self, person_id: int, limit: int = 30) -> list[str]:
        """The person's most recently logged distinct foods, newest first."""
        last = func.max(t.c.logged_at).label("last")
        rows = self._conn.execute(
            select(t.c.food_id, last)
            .where(t.c.person_id == person_id, t.c.deleted_at.is_(None))
            .group_by(t.c.food_id)
            .order_by(last.desc())
            .limit(limit)
        )
        return [str(r.food_id) for r in rows]

    def count(self, person_id: int) -> int:
        return int(
            self._conn.execute(
                select(func.count())
                .select_from(t)
                .where(t.c.person_id == person_id, t.c.deleted_at.is_(None))
            ).scalar_one()
        )


def _to_entry(m: RowMapping) -> IntakeEntry:
    return IntakeEntry(
        id=int(m["id"]),
        food_id=str(m["food_id"]),
        description=str(m["description"]),
        local_date=m["local_date"],
        meal=Meal(m["meal"]),
        amount=float(m["amount"]),
        unit=m["unit"],
        portion_label=m["portion_label"],
        grams=float(m["grams"]),
        nutrients=dict(m["nutrients"]),
        food_data_version=str(m["food_data_version"]),
        input_text=m["input_text"],
        logged_at=m["logged_at"],
    )
