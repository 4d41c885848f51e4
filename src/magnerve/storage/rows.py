"""Reading results back from SQLAlchemy, the same way on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import CursorResult


def inserted_id(result: CursorResult[Any]) -> int:
    """The primary key of the row an INSERT just wrote."""
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])


def aware(moment: datetime) -> datetime:
    """A stored timestamp as UTC-aware (SQLite hands back naive datetimes; all are UTC)."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
