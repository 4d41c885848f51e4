"""Clock times people type for doses and medicines ("08:00", "8:00", "20:30"). Pure."""

from __future__ import annotations

import re

from magnerve.errors import InvalidInput

_HHMM = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*$")


def parse_time(text: str, *, field: str = "time") -> str:
    """A 24-hour ``HH:MM`` time, normalised to two-digit hours ("8:05" → "08:05")."""
    match = _HHMM.match(text)
    if match is None or int(match[1]) > 23 or int(match[2]) > 59:
        raise InvalidInput(
            f"'{text}' is not a time of day.",
            field=field,
            hint="Use 24-hour HH:MM, for example 08:00 or 20:30.",
        )
    return f"{int(match[1]):02d}:{match[2]}"


def parse_times(text: str, *, field: str = "times") -> tuple[str, ...]:
    """Comma-separated times, sorted, without repeats: "20:00, 8:00" → ("08:00", "20:00")."""
    parts = [p for p in text.split(",") if p.strip()]
    if not parts:
        raise InvalidInput(
            "No time given.", field=field, hint="Use HH:MM times separated by commas: 08:00,20:00."
        )
    return tuple(sorted({parse_time(p, field=field) for p in parts}))


def minutes(hhmm: str) -> int:
    """Minutes after midnight of an ``HH:MM`` time."""
    hours, mins = hhmm.split(":")
    return int(hours) * 60 + int(mins)
