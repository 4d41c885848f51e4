"""The lab schedule as an iCalendar file: parses back, stable UIDs, reminders, same bytes."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from icalendar import Calendar

from magnerve.domain.lab_schedule import LabDue, lab_schedule
from magnerve.interfaces.calendar import PRODID, event_uid, person_key, schedule_to_ics
from magnerve.knowledge.load import load_lab_schedule

KEY = person_key("me")
CREATED = datetime(2026, 6, 15, 9, 30, 12, 345, tzinfo=UTC)
ITEMS = lab_schedule(
    load_lab_schedule(),
    today=date(2026, 6, 15),
    last_results={"serum-magnesium": date(2026, 1, 31), "vitamin-b12": date(2025, 7, 1)},
    supplementing_since=date(2026, 1, 10),
    on_metformin=True,
    has_diabetes=True,
)


def _events(ics: bytes) -> list[Calendar]:
    return list(Calendar.from_ical(ics).walk("VEVENT"))


def test_the_schedule_used_here_has_every_kind_of_row() -> None:
    assert [(i.analyte, i.baseline) for i in ITEMS] == [
        ("creatinine", True),
        ("serum-magnesium", False),
        ("hba1c", False),
        ("vitamin-b12", False),
    ]


def test_same_input_same_bytes() -> None:
    first = schedule_to_ics(ITEMS, person_label="Ann", key=KEY, created=CREATED)
    second = schedule_to_ics(list(ITEMS), person_label="Ann", key=KEY, created=CREATED)
    assert first == second
    assert first.startswith(b"BEGIN:VCALENDAR\r\n") and first.endswith(b"END:VCALENDAR\r\n")


def test_calendar_header() -> None:
    calendar = Calendar.from_ical(
        schedule_to_ics(ITEMS, person_label="Ann", key=KEY, created=CREATED)
    )
    assert str(calendar["PRODID"]) == PRODID == "-//magnerve//lab schedule//EN"
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["X-WR-CALNAME"]) == "magnerve lab tests: Ann"


def test_one_all_day_event_per_item_on_its_due_date() -> None:
    events = _events(schedule_to_ics(ITEMS, person_label="Ann", key=KEY, created=CREATED))
    assert len(events) == len(ITEMS) == 4
    starts = [e["DTSTART"].dt for e in events]
    assert starts == [date(2026, 1, 10), date(2026, 4, 30), date(2026, 6, 15), date(2026, 7, 1)]
    assert all(type(s) is date for s in starts)  # all-day: a DATE, not a DATE-TIME
    assert [e["DTEND"].dt - e["DTSTART"].dt for e in events] == [timedelta(days=1)] * 4
    assert all(e["DTSTAMP"].dt == datetime(2026, 6, 15, 9, 30, 12, tzinfo=UTC) for e in events)


def test_uids_are_unique_and_stable() -> None:
    events = _events(schedule_to_ics(ITEMS, person_label="Ann", key=KEY, created=CREATED))
    uids = [str(e["UID"]) for e in events]
    assert uids == [
        f"lab-{KEY}-creatinine-20260110@magnerve",
        f"lab-{KEY}-serum-magnesium-20260430@magnerve",
        f"lab-{KEY}-hba1c-20260615@magnerve",
        f"lab-{KEY}-vitamin-b12-20260701@magnerve",
    ]
    assert len(set(uids)) == len(uids)
    later = datetime(2026, 7, 1, tzinfo=UTC)
    other = _events(schedule_to_ics(ITEMS, person_label="Bo", key=KEY, created=later))
    assert [str(e["UID"]) for e in other] == uids  # neither the label nor the time changes them


def test_every_event_has_a_display_reminder_three_days_before() -> None:
    for event in _events(schedule_to_ics(ITEMS, person_label="Ann", key=KEY, created=CREATED)):
        (alarm,) = event.walk("VALARM")
        assert str(alarm["ACTION"]) == "DISPLAY"
        assert alarm["TRIGGER"].dt == timedelta(days=-3)
        assert str(alarm["DESCRIPTION"]).startswith("In 3 days: ")


def test_summary_names_the_test_and_description_gives_the_reason() -> None:
    events = _events(schedule_to_ics(ITEMS, person_label="Ann", key=KEY, created=CREATED))
    assert [str(e["SUMMARY"]) for e in events] == [
        "First (baseline) lab test due: kidney function (creatinine and eGFR)",
        "Lab test due: blood magnesium",
        "Lab test due: HbA1c",
        "Lab test due: vitamin B12",
    ]
    for event, item in zip(events, ITEMS, strict=True):
        description = str(event["DESCRIPTION"])
        assert description.startswith(item.reason)
        assert "for Ann" in description
        assert str(event["TRANSP"]) == "TRANSPARENT"


def test_no_health_values_in_the_file() -> None:
    """Only test names, reasons and dates: a result value never reaches the calendar."""
    item = LabDue(
        analyte="serum-magnesium",
        name="blood magnesium",
        due_date=date(2026, 9, 1),
        status="ok",
        reason="Check it.",
        last_date=date(2026, 6, 1),
    )
    text = schedule_to_ics([item], person_label="Ann", key=KEY, created=CREATED).decode()
    assert "mmol" not in text and "flag" not in text.lower()
    assert "20260601" not in text  # not even the date of the last result


def test_created_time_is_stored_in_utc() -> None:
    local = CREATED.astimezone(timezone(timedelta(hours=2)))
    assert schedule_to_ics(ITEMS, person_label="Ann", key=KEY, created=local) == schedule_to_ics(
        ITEMS, person_label="Ann", key=KEY, created=CREATED
    )


def test_an_empty_schedule_is_a_valid_empty_calendar() -> None:
    ics = schedule_to_ics([], person_label="Ann", key=KEY, created=CREATED)
    assert _events(ics) == []
    assert str(Calendar.from_ical(ics)["PRODID"]) == PRODID


def test_naive_time_and_duplicates_are_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        schedule_to_ics(ITEMS, person_label="Ann", key=KEY, created=datetime(2026, 6, 15, 9, 30))
    with pytest.raises(ValueError, match="scheduled twice"):
        schedule_to_ics([ITEMS[0], ITEMS[0]], person_label="Ann", key=KEY, created=CREATED)


def test_event_uid() -> None:
    assert event_uid(ITEMS[1], "3f2a9c1e") == "lab-3f2a9c1e-serum-magnesium-20260430@magnerve"


def test_two_people_never_share_a_uid_and_the_handle_is_not_written() -> None:
    mine = schedule_to_ics(ITEMS, person_label="Ann", key=person_key("me"), created=CREATED)
    theirs = schedule_to_ics(ITEMS, person_label="Bo", key=person_key("bo-1"), created=CREATED)
    uids = {str(e["UID"]) for e in _events(mine)}
    assert uids.isdisjoint(str(e["UID"]) for e in _events(theirs))
    assert person_key("me") == person_key("me") and len(person_key("me")) == 8
    assert b"bo-1" not in theirs


def test_importing_the_module_does_not_import_icalendar() -> None:
    code = "import sys, magnerve.interfaces.calendar; print('icalendar' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == "False"
