"""One column value in an export file, and back: chosen from the column's SQLAlchemy type.

Dates are ``YYYY-MM-DD``; timestamps with a time zone are ISO 8601 in UTC
(``2026-03-14T18:00:00+00:00``, microseconds when there are any); JSON columns stay JSON;
floats are written as Python's shortest round-tripping repr, so they come back exactly. SQLite
hands back naive timestamps (everything is stored in UTC) and PostgreSQL hands back the
session's time zone: both are written as UTC, so the two databases export the same text.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Column, Date, DateTime, Float, Integer, String

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?")


class BadValue(ValueError):
    """A value in the file does not fit its column; the message says what is allowed."""


def kind(column: Column[Any]) -> str:
    """The export's name for a column's type. Raises TypeError for a type we cannot carry."""
    kind_type = column.type
    if isinstance(kind_type, DateTime):
        return "timestamp" if kind_type.timezone else "naive_timestamp"
    if isinstance(kind_type, Date):
        return "date"
    if isinstance(kind_type, Boolean):
        return "boolean"
    if isinstance(kind_type, Integer):
        return "integer"
    if isinstance(kind_type, Float):
        return "float"
    if isinstance(kind_type, String):  # Text is a String
        return "text"
    if isinstance(kind_type, JSON):
        return "json"
    raise TypeError(f"{column.table.name}.{column.name}: no export rule for {kind_type!r}")


def encode(column: Column[Any], value: Any) -> Any:
    """A database value as it is written to the file."""
    if value is None:
        return None
    match kind(column):
        case "timestamp":
            moment = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
            return moment.astimezone(UTC).isoformat()
        case "naive_timestamp" | "date":
            return value.isoformat()
        case "boolean":
            return bool(value)
        case "integer":
            return int(value)
        case "float":
            return float(value)
        case "text":
            return str(value)
        case _:  # json: already plain JSON values
            return value


def decode(column: Column[Any], value: Any) -> Any:
    """A value from the file as the database takes it; :class:`BadValue` when it does not fit."""
    if value is None:
        if not column.nullable:
            raise BadValue("must have a value (null is not allowed here)")
        return None
    column_kind = kind(column)
    if column_kind == "json":
        return value
    decoder = _DECODERS[column_kind]
    return decoder(column, value)


def _timestamp(_column: Column[Any], value: Any) -> datetime:
    moment = _parse_datetime(value)
    if moment.tzinfo is None:
        raise BadValue("must be a date and time with its time zone, like 2026-03-14T18:00:00+00:00")
    return moment.astimezone(UTC)


def _naive_timestamp(_column: Column[Any], value: Any) -> datetime:
    moment = _parse_datetime(value)
    if moment.tzinfo is not None:
        raise BadValue("must be a date and time without a time zone, like 2026-03-14T18:00:00")
    return moment


def _parse_datetime(value: Any) -> datetime:
    if isinstance(value, str) and _DATETIME.match(value):
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            pass
    raise BadValue("must be a date and time, like 2026-03-14T18:00:00+00:00")


def _date(_column: Column[Any], value: Any) -> date:
    if isinstance(value, str) and _DATE.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise BadValue("must be a date, like 2026-03-14")


def _boolean(_column: Column[Any], value: Any) -> bool:
    if isinstance(value, bool):
        return value
    raise BadValue("must be true or false")


def _integer(_column: Column[Any], value: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise BadValue("must be a whole number")


def _float(_column: Column[Any], value: Any) -> float:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    raise BadValue("must be a number")


def _text(column: Column[Any], value: Any) -> str:
    length = getattr(column.type, "length", None)
    if not isinstance(value, str):
        raise BadValue("must be text" + (f" of at most {length} characters" if length else ""))
    if length is not None and len(value) > length:
        raise BadValue(f"must be at most {length} characters long (it has {len(value)})")
    return value


_DECODERS = {
    "timestamp": _timestamp,
    "naive_timestamp": _naive_timestamp,
    "date": _date,
    "boolean": _boolean,
    "integer": _integer,
    "float": _float,
    "text": _text,
}
