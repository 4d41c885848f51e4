"""Lab results, scoped to one person (removal is a soft delete)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Connection, RowMapping, insert, select, update

from magnerve.domain.lab_history import LabResult
from magnerve.storage.rows import inserted_id
from magnerve.storage.tables import lab_result as t


class LabRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def add(
        self,
        person_id: int,
        *,
        analyte: str,
        value: float,
        unit: str,
        canonical_value: float,
        canonical_unit: str,
        flag: str | None,
        day: date,
        now: datetime,
        derived_from_id: int | None = None,
    ) -> LabResult:
        result = self._conn.execute(
            insert(t).values(
                person_id=person_id,
                analyte=analyte,
                value=value,
                unit=unit,
                canonical_value=canonical_value,
                canonical_unit=canonical_unit,
                flag=flag,
                local_date=day,
                derived_from_id=derived_from_id,
                logged_at=now,
            )
        )
        found = self.get(person_id, inserted_id(result))
        assert found is not None
        return found

    def get(self, person_id: int, lab_id: int) -> LabResult | None:
        row = self._conn.execute(
            select(t).where(t.c.person_id == person_id, t.c.id == lab_id, t.c.deleted_at.is_(None))
        ).first()
        return None if row is None else _result(row._mapping)

    def list(self, person_id: int, analyte: str | None = None) -> list[LabResult]:
        query = select(t).where(t.c.person_id == person_id, t.c.deleted_at.is_(None))
        if analyte is not None:
            query = query.where(t.c.analyte == analyte)
        rows = self._conn.execute(query.order_by(t.c.local_date, t.c.id))
        return [_result(r._mapping) for r in rows]

    def remove(self, person_id: int, lab_id: int, *, now: datetime) -> bool:
        """Remove a result and anything computed from it (an eGFR from a creatinine)."""
        result = self._conn.execute(
            update(t)
            .where(
                t.c.person_id == person_id,
                t.c.deleted_at.is_(None),
                (t.c.id == lab_id) | (t.c.derived_from_id == lab_id),
            )
            .values(deleted_at=now)
        )
        return bool(result.rowcount)


def _result(m: RowMapping) -> LabResult:
    return LabResult(
        id=int(m["id"]),
        analyte=str(m["analyte"]),
        value=float(m["value"]),
        unit=str(m["unit"]),
        canonical_value=float(m["canonical_value"]),
        canonical_unit=str(m["canonical_unit"]),
        flag=m["flag"],
        local_date=m["local_date"],
        derived_from_id=m["derived_from_id"],
    )
