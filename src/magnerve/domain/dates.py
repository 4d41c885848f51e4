"""Reading dates people type. Pure: 'today' is passed in."""

from __future__ import annotations

from datetime import date, timedelta

from magnerve.errors import InvalidInput

#: Dates before this are not plausible for a food diary.
EARLIEST_DATE = date(1900, 1, 1)


def parse_day(text: str, *, today: date, field: str = "date", allow_future: bool = False) -> date:
    """``YYYY-MM-DD``, ``today`` or ``yesterday``. Impossible or far-off dates are refused."""
    value = text.strip().lower()
    if value == "today":
        return today
    if value == "yesterday":
        return today - timedelta(days=1)
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(
            f"'{text}' is not a valid date.",
            field=field,
            hint="Use YYYY-MM-DD (for example 2026-03-14), 'today' or 'yesterday'.",
        ) from None
    if day < EARLIEST_DATE:
        raise InvalidInput(
            f"{day.isoformat()} is too far in the past.",
            field=field,
            hint=f"Use a date from {EARLIEST_DATE.isoformat()} on.",
        )
    if not allow_future and day > today:
        raise InvalidInput(
            f"{day.isoformat()} is in the future (today is {today.isoformat()}).",
            field=field,
            hint="Log what already happened: use today or an earlier date.",
        )
    return day
