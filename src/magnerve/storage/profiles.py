"""A person's profile (one row per person)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime

from sqlalchemy import Connection, insert, select, update

from magnerve.domain.patient import DiabetesType, Profile, Sex
from magnerve.domain.regimen import RegimenSettings
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
        """Store the profile fields; the regimen columns of the same row are left as they are."""
        values: dict[str, object] = {
            "birth_date": profile.birth_date,
            "age_years": profile.age_years,
            "age_as_of": profile.age_as_of,
            "sex": profile.sex.value if profile.sex else None,
            "pregnant": profile.pregnant,
            "lactating": profile.lactating,
            "diabetes": profile.diabetes.value if profile.diabetes else None,
            "timezone": profile.timezone,
            "updated_at": now,
        }
        self._upsert(person_id, values)

    def regimen(self, person_id: int) -> RegimenSettings:
        row = self._conn.execute(select(t).where(t.c.person_id == person_id)).first()
        if row is None:
            return RegimenSettings()
        m = row._mapping
        defaults = RegimenSettings()
        return RegimenSettings(
            breakfast_time=m["breakfast_time"] or defaults.breakfast_time,
            lunch_time=m["lunch_time"] or defaults.lunch_time,
            dinner_time=m["dinner_time"] or defaults.dinner_time,
            magnesium_target_mg=m["magnesium_target_mg"],
            magnesium_prescribed_mg=m["magnesium_prescribed_mg"],
            lab_interval_months=m["lab_interval_months"],
        )

    def save_regimen(self, person_id: int, regimen: RegimenSettings, *, now: datetime) -> None:
        self._upsert(person_id, {**asdict(regimen), "updated_at": now})

    def _upsert(self, person_id: int, values: dict[str, object]) -> None:
        exists = self._conn.execute(select(t.c.person_id).where(t.c.person_id == person_id)).first()
        if exists:
            self._conn.execute(update(t).where(t.c.person_id == person_id).values(**values))
        else:
            defaults = {"pregnant": False, "lactating": False, "timezone": "UTC"}
            self._conn.execute(insert(t).values(**{**defaults, **values, "person_id": person_id}))
