"""The day plan: when to take each magnesium dose around meals and medicines. Pure.

:func:`plan_day` splits the daily amount into the fewest equal doses so that none is above the
per-dose cap, then picks a time for each dose:

- a dose never falls within a medicine's window: no magnesium in the ``mg_before_drug_h`` hours
  before any dose of the medicine, nor in the ``mg_after_drug_h`` hours after it. Exactly at the
  edge is allowed (6 h before a 6-hour window is fine); the medicine's own time is blocked
  whenever either window is above zero;
- magnesium doses are at least ``min_hours_between_doses`` apart;
- a meal time is preferred (take with food); otherwise the grid time within the waking window
  closest to a meal ("take with a snack");
- among equally good choices the doses are spread as widely as possible, then the earliest.

**The day is circular.** Medicines are taken at the same clock times every day, so every window
wraps around midnight: a 22:00 medicine with a 6-hour "before" window blocks 16:00-22:00, and a
23:00 medicine with a 2-hour "after" window blocks 23:00 to 01:00 the next morning (and a 01:00
medicine's "before" window reaches back to the previous evening). Gaps between magnesium doses are
measured round the clock as well.

The candidate times are the grid times in the waking window plus the meal times. The planner
places as many doses as the rules allow (an exact search, not a greedy guess). When a dose cannot
be placed, ``conflicts`` says so and names the smallest set of medicines whose windows alone
leave no room for it (or the dose gap, when no medicine is to blame); the medicine slots are
returned either way. Output is deterministic and sorted by time.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from magnerve.domain.dose_times import Candidate, best_times, circular_gap, hhmm, max_fit
from magnerve.domain.medicine_windows import (
    Blocker,
    MedicationTimes,
    and_list,
    blockers,
    culprits,
    free_minutes,
    hours_text,
    ingredient_of,
)
from magnerve.domain.plan_settings import PlanSettings
from magnerve.domain.times import minutes, parse_time
from magnerve.errors import InvalidInput, Problems

MEAL_NAMES: tuple[str, ...] = ("breakfast", "lunch", "dinner")
ItemKind = Literal["medication", "supplement"]
ConflictRule = Literal["separation", "dose-spacing"]


@dataclass(frozen=True)
class Item:
    """One thing to take. ``elemental_mg`` is set for magnesium only; ``note`` says with what."""

    kind: ItemKind
    name: str
    ingredient: str
    elemental_mg: float | None = None
    note: str | None = None


@dataclass(frozen=True)
class Slot:
    time: str
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Conflict:
    """Doses that found no time. ``ingredients`` are the medicines whose windows block them
    (empty when the dose gap alone is the reason)."""

    rule: ConflictRule
    ingredients: tuple[str, ...]
    unplaced_doses: int
    unplaced_mg: float
    message: str


@dataclass(frozen=True)
class DayPlan:
    schedule: tuple[Slot, ...]
    conflicts: tuple[Conflict, ...]
    notes: tuple[str, ...]
    #: Every dose the daily amount was split into, placed or not.
    doses_mg: tuple[float, ...]

    @property
    def magnesium_items(self) -> tuple[tuple[str, Item], ...]:
        return tuple(
            (slot.time, item)
            for slot in self.schedule
            for item in slot.items
            if item.kind == "supplement"
        )

    @property
    def unplaced_mg(self) -> float:
        return sum(c.unplaced_mg for c in self.conflicts)


def split_daily(daily_mg: float, cap_mg: float) -> tuple[float, ...]:
    """The fewest equal doses, none above ``cap_mg``: 300 mg with a 175 mg cap → 150 + 150."""
    if daily_mg <= 0:
        return ()
    count = max(1, math.ceil(daily_mg / cap_mg - 1e-9))
    return (daily_mg / count,) * count


def candidate_minutes(meals: Mapping[str, str], settings: PlanSettings) -> tuple[int, ...]:
    """Every time the planner considers: the grid in the waking window, and the meal times."""
    grid = settings.grid
    step = grid.step_minutes.value
    times = set(range(grid.waking_from.minute, grid.waking_until.minute + 1, step))
    times.update(minutes(parse_time(t)) for t in meals.values())
    return tuple(sorted(times))


def plan_day(
    *,
    meals: Mapping[str, str],
    medications: Sequence[MedicationTimes],
    daily_elemental_mg: float,
    settings: PlanSettings,
    per_dose_cap_mg: float | None = None,
    supplement_name: str = "magnesium",
) -> DayPlan:
    """Split ``daily_elemental_mg`` and place each dose; see the module notes for the rules.

    ``per_dose_cap_mg`` defaults to the cap in ``plan.yaml``. Raises InvalidInput naming the
    field for bad meals, times, windows or amounts.
    """
    cap = settings.per_dose_cap_mg if per_dose_cap_mg is None else per_dose_cap_mg
    meal_minutes = _check(meals, medications, daily_elemental_mg, cap, settings)
    doses = split_daily(daily_elemental_mg, cap)
    gap = settings.min_gap_minutes
    with_food = settings.splitting.take_with_food.value
    candidates = _candidates(meals, meal_minutes, settings, with_food)
    windows = blockers(medications)
    free = [c for c in candidates if not any(b.blocks(c.minute) for b in windows)]
    placed = best_times(free, min(len(doses), max_fit([c.minute for c in free], gap)), gap)

    notes = _notes(daily_elemental_mg, doses, cap, placed, medications, with_food)
    conflicts: tuple[Conflict, ...] = ()
    if len(placed) < len(doses):
        conflicts = (_conflict(doses, len(placed), candidates, windows, settings),)

    items: dict[int, list[Item]] = {}
    for med in medications:
        for minute in sorted({minutes(parse_time(text)) for text in med.times}):
            items.setdefault(minute, []).append(
                Item("medication", med.name.strip(), ingredient_of(med))
            )
    for candidate, dose in zip(placed, doses, strict=False):
        note = (
            (f"with {candidate.meal}" if candidate.meal else "with a snack") if with_food else None
        )
        items.setdefault(candidate.minute, []).append(
            Item("supplement", supplement_name, "magnesium", dose, note)
        )
    schedule = tuple(
        Slot(hhmm(m), tuple(sorted(items[m], key=lambda i: (i.kind, i.name, i.ingredient))))
        for m in sorted(items)
    )
    return DayPlan(schedule, conflicts, notes, doses)


# --- input ---------------------------------------------------------------------------------------


def _check(
    meals: Mapping[str, str],
    medications: Sequence[MedicationTimes],
    daily_mg: float,
    cap: float,
    settings: PlanSettings,
) -> dict[str, int]:
    problems = Problems()
    top = settings.titration.plausible_max_mg_per_day.value
    if not (math.isfinite(daily_mg) and 0 <= daily_mg <= top):
        problems.add("daily_elemental_mg", f"must be from 0 to {top:g} mg of elemental magnesium")
    if not (math.isfinite(cap) and 0 < cap <= top):
        problems.add("per_dose_cap_mg", f"must be above 0 and at most {top:g} mg")
    meal_minutes: dict[str, int] = {}
    for name, text in meals.items():
        if name not in MEAL_NAMES:
            problems.add(f"meals.{name}", f"unknown meal; use {', '.join(MEAL_NAMES)}")
        elif not _is_time(text):
            problems.add(f"meals.{name}", f"'{text}' is not a 24-hour HH:MM time")
        else:
            meal_minutes[name] = minutes(parse_time(text))
    if not meals:
        problems.add("meals", "give at least one meal time")
    for index, med in enumerate(medications):
        where = f"medications[{index}]"
        if not med.name.strip():
            problems.add(f"{where}.name", "must not be empty")
        for text in med.times:
            if not _is_time(text):
                problems.add(f"{where}.times", f"'{text}' is not a 24-hour HH:MM time")
        for field in ("mg_before_drug_h", "mg_after_drug_h"):
            hours = getattr(med, field)
            if not (math.isfinite(hours) and 0 <= hours <= 24):
                problems.add(f"{where}.{field}", "must be from 0 to 24 hours")
    problems.raise_if_any(hint="Times are 24-hour HH:MM; amounts are mg of elemental magnesium.")
    return meal_minutes


def _is_time(text: object) -> bool:
    if not isinstance(text, str):
        return False
    try:
        parse_time(text)
    except InvalidInput:
        return False
    return True


def _mg(value: float) -> str:
    return f"{round(value, 1):g} mg"


def _candidates(
    meals: Mapping[str, str], meal_minutes: dict[str, int], settings: PlanSettings, food: bool
) -> list[Candidate]:
    at_meal: dict[int, str] = {}
    for name in MEAL_NAMES:  # the first meal at a time names it
        if name in meal_minutes:
            at_meal.setdefault(meal_minutes[name], name)
    result = []
    for minute in candidate_minutes(meals, settings):
        meal = at_meal.get(minute)
        distance = min(circular_gap(minute, m) for m in meal_minutes.values())
        cost = (0, 0) if meal is not None or not food else (1, distance)
        result.append(Candidate(minute, meal, cost))
    return result


def _notes(
    daily_mg: float,
    doses: tuple[float, ...],
    cap: float,
    placed: Sequence[Candidate],
    medications: Sequence[MedicationTimes],
    with_food: bool,
) -> tuple[str, ...]:
    notes = []
    if len(doses) > 1:
        notes.append(
            f"{_mg(daily_mg)} a day is split into {len(doses)} doses of {_mg(doses[0])}, so that "
            f"no dose is above {_mg(cap)}."
        )
    elif doses:
        notes.append(f"{_mg(daily_mg)} a day is taken as one dose (not above {_mg(cap)}).")
    snacks = [hhmm(c.minute) for c in placed if c.meal is None]
    if with_food and snacks:
        notes.append(f"The dose at {and_list(snacks)} is not at a meal time: take it with a snack.")
    untimed = sorted(
        {
            med.name.strip()
            for med in medications
            if not med.times and (med.mg_before_drug_h > 0 or med.mg_after_drug_h > 0)
        }
    )
    notes += [
        f"{name} has no times recorded, so the plan could not keep magnesium apart from it. "
        "Add the times you take it."
        for name in untimed
    ]
    return tuple(notes)


# --- conflicts -----------------------------------------------------------------------------------


def _ranges(ms: Sequence[int], step: int) -> str:
    groups: list[list[int]] = []
    for minute in ms:
        if groups and minute - groups[-1][-1] <= step:
            groups[-1].append(minute)
        else:
            groups.append([minute])
    spans = [hhmm(g[0]) if len(g) == 1 else f"{hhmm(g[0])}-{hhmm(g[-1])}" for g in groups]
    return and_list(spans)


def _conflict(
    doses: tuple[float, ...],
    placed: int,
    candidates: Sequence[Candidate],
    windows: Sequence[Blocker],
    settings: PlanSettings,
) -> Conflict:
    gap, grid = settings.min_gap_minutes, settings.grid
    count, missing = len(doses), len(doses) - placed
    unplaced = sum(doses[placed:])
    spacing = f"at least {hours_text(settings.splitting.min_hours_between_doses.value)} apart"
    day = f"between {grid.waking_from.value} and {grid.waking_until.value} or at a meal"
    blame = culprits(candidates, windows, placed, gap)
    if not blame:
        message = (
            f"{count} doses of {_mg(doses[0])} do not fit {day} when doses are kept {spacing}: "
            f"only {placed} can be planned, and {_mg(unplaced)} has no time. Ask your clinician "
            "about the daily amount."
        )
        return Conflict("dose-spacing", (), missing, unplaced, message)
    who = and_list([b.description for b in blame])
    who = who[0].upper() + who[1:]
    verb = "leaves" if len(blame) == 1 else "leave"
    if placed == 0:
        first = f"{who} {verb} no time for magnesium {day}. No dose ({_mg(unplaced)} a day) fits."
    else:
        free = _ranges(free_minutes(candidates, blame), grid.step_minutes.value)
        fits = "fits" if placed == 1 else "fit"
        first = (
            f"{who} {verb} only {free} free for magnesium, and doses must be {spacing}. Only "
            f"{placed} of the {count} doses {fits}; the other {_mg(unplaced)} has no safe time."
        )
    names = and_list([b.ingredient for b in blame])
    message = (
        f"{first} Ask your pharmacist or clinician what to do, for example whether to take less "
        f"magnesium while you take {names}."
    )
    return Conflict("separation", tuple(b.ingredient for b in blame), missing, unplaced, message)


__all__ = [
    "MEAL_NAMES",
    "Conflict",
    "ConflictRule",
    "DayPlan",
    "Item",
    "ItemKind",
    "MedicationTimes",
    "Slot",
    "candidate_minutes",
    "plan_day",
    "split_daily",
]
