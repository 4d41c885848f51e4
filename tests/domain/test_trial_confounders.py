"""Confounders found in records: pain medicines started, stopped or changed; dose levels."""

from __future__ import annotations

from datetime import date, timedelta

from magnerve.domain.medication_list import MedicationEntry
from magnerve.domain.trial_confounders import (
    MIN_DAYS_AT_LEVEL,
    amount_events,
    medication_events,
    period,
)

FIRST, LAST = date(2026, 3, 1), date(2026, 5, 31)
PAIN = ("gabapentinoid", "snri", "tricyclic_antidepressant")


def _med(
    id_: int, name: str, ingredient: str, cls: str, start: date | None, stop: date | None = None
) -> MedicationEntry:
    return MedicationEntry(id_, name, (ingredient,), (cls,), True, (), start, stop)


def test_started_stopped_and_changed_pain_medicines() -> None:
    gaba, tca = "gabapentinoid", "tricyclic_antidepressant"
    entries = [
        _med(1, "gabapentin 300 mg", "gabapentin", gaba, date(2025, 1, 1), date(2026, 4, 1)),
        _med(2, "gabapentin 600 mg", "gabapentin", gaba, date(2026, 4, 2)),
        _med(3, "duloxetine", "duloxetine", "snri", date(2026, 3, 10)),
        _med(4, "amitriptyline", "amitriptyline", tca, None, date(2026, 5, 1)),
        _med(5, "metformin", "metformin", "biguanide", date(2026, 3, 5)),  # not a pain medicine
        _med(6, "pregabalin", "pregabalin", gaba, date(2026, 1, 1)),  # before the period
    ]
    events = medication_events(entries, classes=PAIN, first=FIRST, last=LAST)
    assert [(e.date, e.kind, e.involves) for e in events] == [
        (date(2026, 3, 10), "pain-medicine-started", ("duloxetine",)),
        (date(2026, 4, 2), "pain-medicine-changed", ("gabapentin",)),
        (date(2026, 5, 1), "pain-medicine-stopped", ("amitriptyline",)),
    ]
    assert "gabapentin 300 mg to gabapentin 600 mg" in events[1].description


def test_a_stop_and_a_start_far_apart_are_two_events() -> None:
    entries = [
        _med(1, "gabapentin 300 mg", "gabapentin", "gabapentinoid", None, date(2026, 3, 5)),
        _med(2, "gabapentin 600 mg", "gabapentin", "gabapentinoid", date(2026, 3, 20)),
    ]
    kinds = [e.kind for e in medication_events(entries, classes=PAIN, first=FIRST, last=LAST)]
    assert kinds == ["pain-medicine-stopped", "pain-medicine-started"]


def _days(start: date, amounts: list[float]) -> dict[date, float]:
    return {start + timedelta(days=i): a for i, a in enumerate(amounts)}


def test_dose_levels_need_three_days_in_a_row() -> None:
    assert MIN_DAYS_AT_LEVEL == 3
    daily = _days(date(2026, 3, 1), [100, 100, 100, 200, 200, 100, 200, 200, 200, 300, 300, 300])
    events = amount_events(daily, what="Magnesium", first=FIRST, last=LAST)
    assert [(e.date, e.description) for e in events] == [
        (date(2026, 3, 7), "Magnesium from supplements changed from 100 mg to 200 mg a day"),
        (date(2026, 3, 10), "Magnesium from supplements changed from 200 mg to 300 mg a day"),
    ]
    assert all(e.kind == "dose-changed" for e in events)


def test_the_first_level_is_not_a_change_and_events_outside_the_period_are_left_out() -> None:
    daily = _days(date(2026, 2, 20), [0] * 5 + [600] * 10)  # ALA started on 25 Feb
    assert amount_events(daily, what="Alpha-lipoic acid", first=FIRST, last=LAST) == []
    inside = amount_events(daily, what="Alpha-lipoic acid", first=date(2026, 2, 21), last=LAST)
    assert [e.involves for e in inside] == [("alpha-lipoic acid",)]
    assert amount_events(_days(FIRST, [300] * 30), what="Magnesium", first=FIRST, last=LAST) == []


def test_period_starts_at_the_first_baseline_day() -> None:
    assert period(date(2026, 3, 8), date(2026, 6, 1), 7) == (date(2026, 3, 1), date(2026, 6, 1))
