"""People: the owners of every record."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Connection, RowMapping, delete, insert, select, update

from magnerve.domain.person import Person
from magnerve.storage.rows import inserted_id
from magnerve.storage.tables import person


class PersonRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def get_by_handle(self, handle: str) -> Person | None:
        row = self._conn.execute(select(person).where(person.c.handle == handle)).first()
        return None if row is None else _to_person(row._mapping)

    def get(self, person_id: int) -> Person | None:
        row = self._conn.execute(select(person).where(person.c.id == person_id)).first()
        return None if row is None else _to_person(row._mapping)

    def create(self, handle: str, display_name: str, *, is_example: bool, now: datetime) -> Person:
        result = self._conn.execute(
            insert(person).values(
                handle=handle, display_name=display_name, is_example=is_example, created_at=now
            )
        )
        new_id = inserted_id(result)
        return Person(new_id, handle, display_name, is_example)

    def ensure(self, handle: str, display_name: str, *, now: datetime) -> Person:
        """The person with ``handle``, created if missing. Safe when two requests race to
        create it: the loser's insert does nothing (ON CONFLICT DO NOTHING) and both read it."""
        values = {
            "handle": handle,
            "display_name": display_name,
            "is_example": False,
            "created_at": now,
        }
        if self._conn.dialect.name == "postgresql":
            from sqlalchemy.dialects.postgresql import insert as upsert
        else:
            from sqlalchemy.dialects.sqlite import insert as upsert  # type: ignore[assignment]
        self._conn.execute(
            upsert(person).values(**values).on_conflict_do_nothing(index_elements=["handle"])
        )
        found = self.get_by_handle(handle)
        assert found is not None
        return found

    def bump(self, person_id: int) -> None:
        """Something in the person's records changed (same transaction as the change)."""
        self._conn.execute(
            update(person).where(person.c.id == person_id).values(revision=person.c.revision + 1)
        )

    def revision(self, person_id: int) -> tuple[int, object]:
        """(revision, created_at): together they say whether a summary is still current."""
        row = self._conn.execute(
            select(person.c.revision, person.c.created_at).where(person.c.id == person_id)
        ).one()
        return int(row[0]), row[1]

    def last_logged_day(self, person_id: int) -> date | None:
        from magnerve.storage.activity import last_logged_day

        return last_logged_day(self._conn, person_id)

    def delete(self, person_id: int) -> None:
        # Child rows go with it: foreign keys are ON DELETE CASCADE on both backends.
        self._conn.execute(delete(person).where(person.c.id == person_id))


def _to_person(m: RowMapping) -> Person:
    return Person(
        id=int(m["id"]),
        handle=str(m["handle"]),
        display_name=str(m["display_name"]),
        is_example=bool(m["is_example"]),
    )
