"""What else changed during a supplement trial, found in the person's own records. Pure.

:func:`magnerve.domain.trials.evaluate_trial` lists these next to the verdict, because a change
in pain during a trial may come from them rather than from magnesium.

- **Pain medicines** (the classes ``trial.yaml`` names): a start date or a last day inside the
  period is an event. A medicine stopped and one with the same ingredient started within a day
  of it is one "changed" event (a dose change is entered as stop old, add new).
- **Supplement amounts**: the daily amounts on days with a logged dose are read as *levels*: the
  same amount (to the nearest mg) on at least :data:`MIN_DAYS_AT_LEVEL` logged days in a row. A
  move from one level to another is an event dated on the first day of the new level, so one
  missed capsule is not a change. Magnesium and alpha-lipoic acid are read separately (ALA is
  itself tried for nerve pain).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from datetime import date, timedelta
from itertools import pairwise

from magnerve.domain.medication_list import MedicationEntry
from magnerve.domain.trials import ConfounderEvent

#: Logged days in a row at the same amount before it counts as a level (a product rule).
MIN_DAYS_AT_LEVEL = 3


def _inside(day: date | None, first: date, last: date) -> bool:
    return day is not None and first <= day <= last


def medication_events(
    entries: Iterable[MedicationEntry], *, classes: Collection[str], first: date, last: date
) -> list[ConfounderEvent]:
    """Pain medicines started, stopped or changed from ``first`` to ``last`` (both included)."""
    relevant = [e for e in entries if set(e.classes) & set(classes)]
    started = [e for e in relevant if _inside(e.started_on, first, last)]
    stopped = [e for e in relevant if _inside(e.stopped_on, first, last)]
    events: list[ConfounderEvent] = []
    paired: set[int] = set()
    for old in stopped:
        assert old.stopped_on is not None
        new = next(
            (
                e
                for e in started
                if e.id not in paired
                and e.id != old.id
                and set(e.ingredients) & set(old.ingredients)
                and e.started_on is not None
                and abs((e.started_on - old.stopped_on).days) <= 1
            ),
            None,
        )
        if new is not None and new.started_on is not None:
            paired.update({old.id, new.id})
            events.append(
                ConfounderEvent(
                    date=new.started_on,
                    kind="pain-medicine-changed",
                    description=f"Pain medicine changed: {old.input} to {new.input}",
                    involves=tuple(dict.fromkeys(old.ingredients + new.ingredients)),
                )
            )
    for e in stopped:
        if e.id not in paired and e.stopped_on is not None:
            events.append(
                ConfounderEvent(
                    date=e.stopped_on,
                    kind="pain-medicine-stopped",
                    description=f"Pain medicine stopped: {e.input}",
                    involves=e.ingredients or (e.input.lower(),),
                )
            )
    for e in started:
        if e.id not in paired and e.started_on is not None:
            events.append(
                ConfounderEvent(
                    date=e.started_on,
                    kind="pain-medicine-started",
                    description=f"Pain medicine started: {e.input}",
                    involves=e.ingredients or (e.input.lower(),),
                )
            )
    return sorted(events, key=lambda event: (event.date, event.kind, event.description))


def _levels(daily: Mapping[date, float]) -> list[tuple[date, int]]:
    """(first day, amount) of each level, in order; see the module docstring."""
    levels: list[tuple[date, int]] = []
    run_start: date | None = None
    run_amount: int | None = None
    run_length = 0
    for day in sorted(daily):
        amount = round(daily[day])
        if amount == run_amount:
            run_length += 1
        else:
            run_start, run_amount, run_length = day, amount, 1
        new_level = not levels or levels[-1][1] != amount
        if run_length == MIN_DAYS_AT_LEVEL and run_start is not None and new_level:
            levels.append((run_start, amount))
    return levels


def amount_events(
    daily: Mapping[date, float], *, what: str, first: date, last: date
) -> list[ConfounderEvent]:
    """Moves between levels of a daily amount (mg) whose new level begins in the period.

    ``daily`` holds the amount on each day with a logged dose (0 where that day's doses had
    none of it). The first level is where the person started, not a change.
    """
    levels = _levels(daily)
    events = []
    for (_, before), (day, after) in pairwise(levels):
        if _inside(day, first, last):
            events.append(
                ConfounderEvent(
                    date=day,
                    kind="dose-changed",
                    description=f"{what} from supplements changed from {before} mg to "
                    f"{after} mg a day",
                    involves=(what.lower(),),
                )
            )
    return events


def period(start: date, evaluated_on: date, baseline_days: int) -> tuple[date, date]:
    """The days confounders are looked for in: the first baseline day to the evaluation date."""
    return start - timedelta(days=baseline_days), evaluated_on
