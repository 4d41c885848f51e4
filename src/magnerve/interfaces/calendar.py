"""The lab schedule as an iCalendar file (RFC 5545) that calendar apps can import.

One all-day event per scheduled test, on its due date, with a reminder a few days before.
The file carries the test's name and why it is due, never a result or any other health value.

The same schedule, label and creation time always give the same bytes: each event's UID comes
from the person, the test and its due date (``lab-3f2a9c1e-serum-magnesium-20260430@magnerve``),
so importing an updated file replaces an event for the same test and date instead of adding a
copy, two people's files in one calendar never replace each other's events, and DTSTAMP is
``created``, not the clock. The person appears in the UID only as a short one-way hash.
``icalendar`` is imported only when a file is made, so the CLI starts without it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from magnerve.domain.lab_schedule import LabDue
    from magnerve.services.labs import LabSchedule

PRODID = "-//magnerve//lab schedule//EN"
#: The reminder goes off this many days before the due date.
REMINDER_DAYS_BEFORE = 3
UID_DOMAIN = "magnerve"


def person_key(handle: str) -> str:
    """A short, stable, one-way key for a person (their handle is not written into the file)."""
    return hashlib.sha256(handle.encode("utf-8")).hexdigest()[:8]


def event_uid(item: LabDue, key: str) -> str:
    """The stable UID of a scheduled test: the person's key, the analyte and the due date."""
    return f"lab-{key}-{item.analyte}-{item.due_date:%Y%m%d}@{UID_DOMAIN}"


def lab_schedule_ics(schedule: LabSchedule, created: datetime) -> bytes:
    """A person's lab schedule (``LabService.schedule``) as a calendar file."""
    return schedule_to_ics(
        schedule.items,
        person_label=schedule.person.display_name,
        key=person_key(schedule.person.handle),
        created=created,
    )


def schedule_to_ics(
    items: Sequence[LabDue], *, person_label: str, key: str, created: datetime
) -> bytes:
    """An iCalendar file with one all-day event (and a reminder) per scheduled test.

    ``created`` (timezone-aware) becomes every event's DTSTAMP. Raises :class:`ValueError` for a
    naive ``created`` or two items with the same test and due date.
    """
    from icalendar import Alarm, Calendar, Event

    if created.tzinfo is None or created.utcoffset() is None:
        raise ValueError("created must be a timezone-aware datetime")
    stamp = created.astimezone(UTC).replace(microsecond=0)
    label = " ".join(person_label.split()) or "you"
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"magnerve lab tests: {label}")
    seen: set[str] = set()
    for item in items:
        uid = event_uid(item, key)
        if uid in seen:
            raise ValueError(f"{item.analyte} is scheduled twice on {item.due_date.isoformat()}")
        seen.add(uid)
        kind = "first (baseline) lab test" if item.baseline else "lab test"
        event = Event()
        event.add("uid", uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", item.due_date)
        event.add("dtend", item.due_date + timedelta(days=1))
        event.add("summary", f"{kind.capitalize()} due: {item.name}")
        event.add(
            "description",
            f"{item.reason}\n\nA reminder from magnerve for {label}. Ask your clinician or lab "
            "to arrange the test, then add the result to magnerve.",
        )
        event.add("transp", "TRANSPARENT")
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", f"In {REMINDER_DAYS_BEFORE} days: {kind} ({item.name})")
        alarm.add("trigger", timedelta(days=-REMINDER_DAYS_BEFORE))
        event.add_component(alarm)
        calendar.add_component(event)
    ics: bytes = calendar.to_ical()
    return ics


__all__ = [
    "PRODID",
    "REMINDER_DAYS_BEFORE",
    "event_uid",
    "lab_schedule_ics",
    "person_key",
    "schedule_to_ics",
]
