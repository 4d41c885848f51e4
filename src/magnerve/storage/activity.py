"""When a person last logged anything (for the clinician panel's 'no data for a week')."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Connection, func, select, union_all

from magnerve.storage.tables import diary_value, intake_entry, lab_result, supplement_dose


def last_logged_day(conn: Connection, person_id: int) -> date | None:
    """The latest day with a food, dose, diary or lab entry (removed entries do not count)."""
    parts = union_all(
        select(func.max(intake_entry.c.local_date).label("d")).where(
            intake_entry.c.person_id == person_id, intake_entry.c.deleted_at.is_(None)
        ),
        select(func.max(supplement_dose.c.local_date).label("d")).where(
            supplement_dose.c.person_id == person_id, supplement_dose.c.deleted_at.is_(None)
        ),
        select(func.max(diary_value.c.local_date).label("d")).where(
            diary_value.c.person_id == person_id, diary_value.c.replaced_at.is_(None)
        ),
        select(func.max(lab_result.c.local_date).label("d")).where(
            lab_result.c.person_id == person_id, lab_result.c.deleted_at.is_(None)
        ),
    ).subquery()
    value = conn.execute(select(func.max(parts.c.d))).scalar()
    if value is None:
        return None
    return value if isinstance(value, date) else date.fromisoformat(str(value))
