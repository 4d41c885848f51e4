"""A person's profile (one row per person)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, delete, insert, select

from magnerve.domain.patient import DiabetesType, Profile, Sex
from magnerve.storage.tables import profile as t


class ProfileRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def get(self, person_id: int) -> Profile | None:
        row = self._conn.execute(select(t).where(t.c.person_id == person_id)).first()
        if row is None:
            return None
        m = row._mapping
        return Profile(
            birth_date=m["birth_date"],
            age_years=m["age_years"],
            age_as_of=m["age_as_of"],
            sex=Sex(m["sex"]) if m["sex"] else None,
            pregnant=bool(m["pregnant"]),
            lactating=bool(m["lactating"]),
            diabetes=DiabetesType(m["diabetes"]) if m["diabetes"] else None,
            timezone=str(m["timezone"]),
        )

    def save(self, person_id: int, profile: Profile, *, now: datetime) -> None:
        self._conn.execute(delete(t).where(t.c.person_id == person_id))
        self._conn.execute(
            insert(t).values(
                person_id=person_id,
                birth_date=profile.birth_date,
                age_years=profile.age_years,
                age_as_of=profile.age_as_of,
                sex=profile.sex.value if profile.sex else None,
                pregnant=profile.pregnant,
                lactating=profile.lactating,
                diabetes=profile.diabetes.value if profile.diabetes else None,
                timezone=profile.timezone,
                updated_at=now,
            )
        )
