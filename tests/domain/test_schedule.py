"""The day plan: worked examples, midnight, conflicts, inputs, properties checked by brute force."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from magnerve.domain.medicine_windows import blocked_by
from magnerve.domain.plan_settings import PlanSettings
from magnerve.domain.regimen import DEFAULT_MEAL_TIMES
from magnerve.domain.schedule import (
    DayPlan,
    Item,
    MedicationTimes,
    Slot,
    candidate_minutes,
    plan_day,
    split_daily,
)
from magnerve.domain.times import minutes
from magnerve.errors import InvalidInput
from magnerve.knowledge.load import load_plan_settings

SETTINGS = load_plan_settings()
MEALS = dict(DEFAULT_MEAL_TIMES)  # breakfast 08:00, lunch 12:30, dinner 19:00
DAY = 24 * 60

METFORMIN = MedicationTimes("metformin 500 mg", "metformin", ("08:00", "19:00"))
GABAPENTIN = MedicationTimes("gabapentin 300 mg", "gabapentin", ("08:00", "14:00", "22:00"), 2, 2)
LEVOTHYROXINE = MedicationTimes("levothyroxine 50 µg", "levothyroxine", ("06:00",), 4, 4)
CIPROFLOXACIN = MedicationTimes("ciprofloxacin 500 mg", "ciprofloxacin", ("09:00", "21:00"), 6, 2)
THE_ISSUES_PERSON = (METFORMIN, GABAPENTIN, LEVOTHYROXINE, CIPROFLOXACIN)


def _with(settings_: PlanSettings, group: str, name: str, value: object) -> PlanSettings:
    section = getattr(settings_, group)
    item = getattr(section, name).model_copy(update={"value": value})
    return settings_.model_copy(update={group: section.model_copy(update={name: item})})


def _plan(
    medications: Sequence[MedicationTimes] = (),
    daily: float = 300,
    *,
    meals: dict[str, str] = MEALS,
    settings: PlanSettings = SETTINGS,
    per_dose_cap_mg: float | None = None,
) -> DayPlan:
    return plan_day(
        meals=meals,
        medications=medications,
        daily_elemental_mg=daily,
        settings=settings,
        per_dose_cap_mg=per_dose_cap_mg,
    )


def _magnesium(plan: DayPlan) -> list[tuple[str, float | None, str | None]]:
    return [(time, item.elemental_mg, item.note) for time, item in plan.magnesium_items]


# --- worked examples ------------------------------------------------------------------------------


def test_the_issues_person() -> None:
    """Metformin, gabapentin, levothyroxine and ciprofloxacin leave 11:00-12:00 free: one dose of
    150 mg at 12:00 (closest to lunch) with a snack; the second dose has nowhere to go, and the
    planner names ciprofloxacin and gabapentin as the medicines that block it."""
    plan = _plan(THE_ISSUES_PERSON, 300, per_dose_cap_mg=175)
    assert plan.doses_mg == (150.0, 150.0)
    assert [(s.time, [i.name for i in s.items]) for s in plan.schedule] == [
        ("06:00", ["levothyroxine 50 µg"]),
        ("08:00", ["gabapentin 300 mg", "metformin 500 mg"]),
        ("09:00", ["ciprofloxacin 500 mg"]),
        ("12:00", ["magnesium"]),
        ("14:00", ["gabapentin 300 mg"]),
        ("19:00", ["metformin 500 mg"]),
        ("21:00", ["ciprofloxacin 500 mg"]),
        ("22:00", ["gabapentin 300 mg"]),
    ]
    assert _magnesium(plan) == [("12:00", 150.0, "with a snack")]
    (conflict,) = plan.conflicts
    assert conflict.rule == "separation"
    assert conflict.ingredients == ("ciprofloxacin", "gabapentin")
    assert (conflict.unplaced_doses, conflict.unplaced_mg) == (1, 150.0)
    assert conflict.message == (
        "Ciprofloxacin at 09:00 and 21:00 (no magnesium in the 6 h before or the 2 h after each "
        "dose) and gabapentin at 08:00, 14:00 and 22:00 (no magnesium in the 2 h before or the "
        "2 h after each dose) leave only 11:00-12:00 free for magnesium, and doses must be at "
        "least 4 h apart. Only 1 of the 2 doses fits; the other 150 mg has no safe time. Ask "
        "your pharmacist or clinician what to do, for example whether to take less magnesium "
        "while you take ciprofloxacin and gabapentin."
    )
    assert plan.notes == (
        "300 mg a day is split into 2 doses of 150 mg, so that no dose is above 175 mg.",
        "The dose at 12:00 is not at a meal time: take it with a snack.",
    )
    assert plan.unplaced_mg == 150.0


def test_without_the_antibiotic_both_doses_fit() -> None:
    plan = _plan((METFORMIN, GABAPENTIN, LEVOTHYROXINE), 300)
    assert _magnesium(plan) == [("12:00", 150.0, "with a snack"), ("19:00", 150.0, "with dinner")]
    assert plan.conflicts == ()
    slot = next(s for s in plan.schedule if s.time == "19:00")
    assert [i.kind for i in slot.items] == ["medication", "supplement"]


def test_no_medicines_breakfast_and_dinner() -> None:
    plan = _plan((), 300)
    assert _magnesium(plan) == [("08:00", 150.0, "with breakfast"), ("19:00", 150.0, "with dinner")]
    assert plan.notes[1:] == ()


def test_three_doses_go_with_the_three_meals() -> None:
    plan = _plan((METFORMIN,), 500)
    assert [(t, round(mg or 0, 2), n) for t, mg, n in _magnesium(plan)] == [
        ("08:00", 166.67, "with breakfast"),
        ("12:30", 166.67, "with lunch"),
        ("19:00", 166.67, "with dinner"),
    ]


def test_one_dose_goes_with_the_first_free_meal() -> None:
    assert _magnesium(_plan((), 150)) == [("08:00", 150.0, "with breakfast")]
    plan = _plan((LEVOTHYROXINE,), 150)
    assert _magnesium(plan) == [("12:30", 150.0, "with lunch")]
    assert plan.notes == ("150 mg a day is taken as one dose (not above 175 mg).",)


def test_nothing_to_plan() -> None:
    plan = _plan((METFORMIN,), 0)
    assert plan.doses_mg == () and plan.conflicts == () and plan.notes == ()
    assert [s.time for s in plan.schedule] == ["08:00", "19:00"]


# --- splitting ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("daily", "cap", "doses"),
    [
        (300, 175, (150.0, 150.0)),
        (350, 175, (175.0, 175.0)),
        (351, 175, (117.0, 117.0, 117.0)),
        (175, 175, (175.0,)),
        (100, 175, (100.0,)),
        (0, 175, ()),
        (1.1, 0.1, (1.1 / 11,) * 11),
    ],
)
def test_fewest_equal_doses_under_the_cap(
    daily: float, cap: float, doses: tuple[float, ...]
) -> None:
    assert split_daily(daily, cap) == doses


def test_the_cap_defaults_to_plan_yaml() -> None:
    assert _plan((), 350).doses_mg == (175.0, 175.0)
    assert _plan((), 351).doses_mg == (117.0, 117.0, 117.0)
    assert _plan((), 300, per_dose_cap_mg=100).doses_mg == (100.0, 100.0, 100.0)


# --- windows and midnight -------------------------------------------------------------------------


def _blocked(med: MedicationTimes, time: str) -> bool:
    return blocked_by(minutes(time), [med]) != ()


def test_window_edges() -> None:
    # No magnesium in the 6 h before ciprofloxacin or the 2 h after; exactly at the edge is fine.
    assert _blocked(CIPROFLOXACIN, "09:00")
    assert _blocked(CIPROFLOXACIN, "03:15") and not _blocked(CIPROFLOXACIN, "03:00")
    assert _blocked(CIPROFLOXACIN, "10:45") and not _blocked(CIPROFLOXACIN, "11:00")
    assert not _blocked(METFORMIN, "08:00")  # no window: same time is fine
    before_only = MedicationTimes("x", "x", ("12:00",), 3, 0)
    assert _blocked(before_only, "12:00") and _blocked(before_only, "09:15")
    assert not _blocked(before_only, "09:00") and not _blocked(before_only, "12:01")


def test_windows_wrap_round_midnight() -> None:
    evening = MedicationTimes("late", "late", ("22:00",), 6, 0)
    assert not _blocked(evening, "16:00") and _blocked(evening, "16:15")
    assert _blocked(evening, "21:45") and not _blocked(evening, "22:15")
    night = MedicationTimes("night", "night", ("23:00",), 0, 2)
    assert _blocked(night, "23:30") and _blocked(night, "00:45") and not _blocked(night, "01:00")
    early = MedicationTimes("early", "early", ("01:00",), 6, 0)
    assert _blocked(early, "19:15") and _blocked(early, "23:59") and not _blocked(early, "19:00")
    # A meal just after midnight is blocked by the late-night medicine.
    plan = _plan((night,), 150, meals={"breakfast": "00:30"})
    assert _magnesium(plan) == [("22:30", 150.0, "with a snack")]  # the nearest time that is free


def test_gaps_between_doses_are_measured_round_the_clock() -> None:
    # Meals at 01:00 and 23:30 are 1.5 h apart across midnight: not both can take a dose.
    plan = _plan((), 300, meals={"breakfast": "01:00", "dinner": "23:30"})
    times = [minutes(t) for t, _, _ in _magnesium(plan)]
    assert len(times) == 2 and plan.conflicts == ()
    assert min((times[1] - times[0]) % DAY, (times[0] - times[1]) % DAY) >= 240
    assert sorted(n or "" for _, _, n in _magnesium(plan)) == ["with a snack", "with breakfast"]


# --- conflicts ------------------------------------------------------------------------------------


def test_a_medicine_can_leave_no_time_at_all() -> None:
    blocker = MedicationTimes("twice daily", "dolutegravir", ("08:00", "20:00"), 6, 7)
    plan = _plan((blocker, METFORMIN), 300)
    assert _magnesium(plan) == []
    (conflict,) = plan.conflicts
    assert (conflict.rule, conflict.ingredients) == ("separation", ("dolutegravir",))
    assert (conflict.unplaced_doses, conflict.unplaced_mg) == (2, 300.0)
    assert conflict.message.startswith(
        "Dolutegravir at 08:00 and 20:00 (no magnesium in the 6 h before or the 7 h after each "
        "dose) leaves no time for magnesium between 06:00 and 22:30 or at a meal. No dose "
        "(300 mg a day) fits."
    )
    assert [s.time for s in plan.schedule] == ["08:00", "19:00", "20:00"]  # medicines still shown


def test_too_many_doses_for_the_day() -> None:
    plan = _plan((), 1000)  # 6 doses of 166.7 mg; 06:00-22:30 holds 5 doses 4 h apart
    assert len(plan.doses_mg) == 6 and len(plan.magnesium_items) == 5
    (conflict,) = plan.conflicts
    assert (conflict.rule, conflict.ingredients, conflict.unplaced_doses) == ("dose-spacing", (), 1)
    assert conflict.message.startswith(
        "6 doses of 166.7 mg do not fit between 06:00 and 22:30 or at a meal when doses are kept "
        "at least 4 h apart: only 5 can be planned"
    )


def test_only_the_medicines_to_blame_are_named() -> None:
    # Levothyroxine blocks 02:15-09:45, all inside what ciprofloxacin and gabapentin block anyway.
    plan = _plan(THE_ISSUES_PERSON, 300)
    assert "levothyroxine" not in plan.conflicts[0].message
    assert plan.conflicts[0].ingredients == ("ciprofloxacin", "gabapentin")


def test_a_time_typed_twice_is_one_item() -> None:
    twice = MedicationTimes("metformin", "metformin", ("8:00", "08:00"))
    assert [(s.time, len(s.items)) for s in _plan((twice,), 0).schedule] == [("08:00", 1)]


def test_a_medicine_without_times_is_flagged() -> None:
    untimed = MedicationTimes("Cipro", "ciprofloxacin", (), 6, 2)
    plan = _plan((untimed,), 150)
    assert plan.notes[-1] == (
        "Cipro has no times recorded, so the plan could not keep magnesium apart from it. Add "
        "the times you take it."
    )


# --- settings from plan.yaml ----------------------------------------------------------------------


def test_grid_and_waking_window() -> None:
    grid = candidate_minutes({}, SETTINGS)
    assert grid[0] == minutes("06:00") and grid[-1] == minutes("22:30")
    assert {b - a for a, b in itertools.pairwise(grid)} == {15}
    assert minutes("05:30") in candidate_minutes({"breakfast": "05:30"}, SETTINGS)
    coarse = _with(SETTINGS, "grid", "step_minutes", 60)
    assert len(candidate_minutes({}, coarse)) == 17


def test_the_gap_between_doses_comes_from_plan_yaml() -> None:
    meals = {"breakfast": "08:00", "lunch": "11:00"}  # 3 h apart: not both with 4 h between doses
    default = [n for _, _, n in _magnesium(_plan((), 300, meals=meals))]
    assert len(default) == 2 and "with a snack" in default
    short = _with(SETTINGS, "splitting", "min_hours_between_doses", 3)
    assert [t for t, _, _ in _magnesium(_plan((), 300, meals=meals, settings=short))] == [
        "08:00",
        "11:00",
    ]


def test_without_the_food_rule_there_are_no_food_notes() -> None:
    anytime = _with(SETTINGS, "splitting", "take_with_food", False)
    plan = _plan((LEVOTHYROXINE, GABAPENTIN), 150, settings=anytime)
    assert [n for _, _, n in _magnesium(plan)] == [None]
    assert not any("snack" in note for note in plan.notes)


# --- input ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"daily": -1}, "daily_elemental_mg"),
        ({"daily": 2001}, "daily_elemental_mg"),
        ({"daily": float("nan")}, "daily_elemental_mg"),
        ({"per_dose_cap_mg": 0}, "per_dose_cap_mg"),
        ({"meals": {}}, "meals"),
        ({"meals": {"brunch": "10:00"}}, "meals.brunch"),
        ({"meals": {"lunch": "25:00"}}, "meals.lunch"),
        ({"medications": [MedicationTimes("", "x", ("08:00",))]}, "medications[0].name"),
        ({"medications": [MedicationTimes("x", "x", ("8am",))]}, "medications[0].times"),
        ({"medications": [MedicationTimes("x", "x", (), 25)]}, "medications[0].mg_before_drug_h"),
        ({"medications": [MedicationTimes("x", "x", (), 0, -1)]}, "medications[0].mg_after_drug_h"),
    ],
)  # fmt: skip
def test_bad_input_names_the_field(kwargs: dict[str, object], field: str) -> None:
    with pytest.raises(InvalidInput) as error:
        _plan(**kwargs)  # type: ignore[arg-type]  # the cases mix argument types
    assert error.value.field == field


def test_every_bad_field_is_reported_at_once() -> None:
    with pytest.raises(InvalidInput) as error:
        _plan(daily=-5, meals={"tea": "16:00"})
    assert [e.field for e in error.value.errors] == ["daily_elemental_mg", "meals.tea"]


def test_output_does_not_depend_on_the_order_of_medicines() -> None:
    forward = _plan(THE_ISSUES_PERSON, 300)
    assert _plan(tuple(reversed(THE_ISSUES_PERSON)), 300) == forward
    assert _plan(THE_ISSUES_PERSON, 300) == forward
    assert isinstance(forward.schedule[0], Slot) and isinstance(forward.schedule[0].items[0], Item)


# --- properties -----------------------------------------------------------------------------------

HOURS = st.sampled_from([0, 0.5, 1, 2, 3, 4, 6, 8])
CLOCK = st.integers(0, DAY - 1).map(lambda m: f"{m // 60:02d}:{m % 60:02d}")
MEDICINES = st.lists(
    st.builds(
        MedicationTimes,
        name=st.sampled_from(["a", "b", "c", "d"]),
        ingredient=st.sampled_from(["alpha", "beta", "gamma", "delta"]),
        times=st.lists(CLOCK, min_size=1, max_size=3, unique=True).map(tuple),
        mg_before_drug_h=HOURS,
        mg_after_drug_h=HOURS,
    ),
    max_size=4,
)
MEAL_SETS = st.dictionaries(st.sampled_from(["breakfast", "lunch", "dinner"]), CLOCK, min_size=1)


def _keeps_windows(minute: int, medications: Sequence[MedicationTimes]) -> bool:
    """Written apart from the planner: the minutes after each dose, and the minutes until it."""
    for med in medications:
        for time in med.times:
            since = (minute - minutes(time)) % DAY
            until = (DAY - since) % DAY
            if since < med.mg_after_drug_h * 60 or until < med.mg_before_drug_h * 60:
                return False
    return True


def _apart(a: int, b: int, gap: int) -> bool:
    return min((a - b) % DAY, (b - a) % DAY) >= gap


def _fits(free: list[int], count: int, gap: int, chosen: tuple[int, ...] = ()) -> bool:
    """Brute force: can ``count`` of ``free`` be chosen, each ``gap`` apart round the clock?"""
    if len(chosen) == count:
        return True
    start = free.index(chosen[-1]) + 1 if chosen else 0
    return any(
        _fits(free, count, gap, (*chosen, m))
        for m in free[start:]
        if all(_apart(m, c, gap) for c in chosen)
    )


@settings(max_examples=150, deadline=None)
@given(
    medications=MEDICINES,
    meals=MEAL_SETS,
    daily=st.floats(0, 900, allow_nan=False),
    cap=st.floats(100, 400, allow_nan=False),
)
def test_every_plan_keeps_every_rule(
    medications: list[MedicationTimes], meals: dict[str, str], daily: float, cap: float
) -> None:
    plan = plan_day(
        meals=meals,
        medications=medications,
        daily_elemental_mg=daily,
        per_dose_cap_mg=cap,
        settings=SETTINGS,
    )
    gap = SETTINGS.min_gap_minutes
    placed = [minutes(t) for t, _ in plan.magnesium_items]
    # every dose within the cap; the doses add up to the daily amount, placed or not
    assert all(dose <= cap + 1e-9 for dose in plan.doses_mg)
    assert sum(plan.doses_mg) == pytest.approx(daily)
    placed_mg = sum(item.elemental_mg or 0 for _, item in plan.magnesium_items)
    assert placed_mg + plan.unplaced_mg == pytest.approx(daily)
    # every magnesium time keeps every window and the gap between doses
    assert all(_keeps_windows(m, medications) for m in placed)
    assert all(_apart(a, b, gap) for a, b in itertools.combinations(placed, 2))
    # medicines appear at their own times; slots sorted and unique
    times = [s.time for s in plan.schedule]
    assert times == sorted(set(times))
    for med in medications:
        for time in med.times:
            slot = next(s for s in plan.schedule if s.time == time)
            assert any(i.kind == "medication" and i.name == med.name for i in slot.items)
    # a conflict means brute force over the whole grid finds no time for one more dose
    free = [m for m in candidate_minutes(meals, SETTINGS) if _keeps_windows(m, medications)]
    if plan.conflicts:
        assert len(placed) < len(plan.doses_mg)
        assert not _fits(free, len(placed) + 1, gap)
    else:
        assert len(placed) == len(plan.doses_mg)
    # a single dose goes with a meal whenever a meal time is free
    meal_minutes = {minutes(t) for t in meals.values()}
    if len(placed) == 1 and meal_minutes & set(free):
        assert placed[0] in meal_minutes


@settings(max_examples=60, deadline=None)
@given(medications=MEDICINES, meals=MEAL_SETS, daily=st.floats(200, 700, allow_nan=False))
def test_the_named_medicines_alone_block_the_dose(
    medications: list[MedicationTimes], meals: dict[str, str], daily: float
) -> None:
    plan = plan_day(
        meals=meals, medications=medications, daily_elemental_mg=daily, settings=SETTINGS
    )
    if not plan.conflicts:
        return
    (conflict,) = plan.conflicts
    placed = len(plan.magnesium_items)

    def fits_with(ingredients: Sequence[str]) -> int:
        named = [m for m in medications if m.ingredient in ingredients]
        again = plan_day(
            meals=meals, medications=named, daily_elemental_mg=daily, settings=SETTINGS
        )
        return len(again.magnesium_items)

    assert fits_with(conflict.ingredients) == placed
    for left_out in conflict.ingredients:  # and every one of them is needed
        rest = [i for i in conflict.ingredients if i != left_out]
        assert fits_with(rest) > placed
    assert (conflict.rule == "dose-spacing") == (conflict.ingredients == ())


@given(medications=MEDICINES, meals=MEAL_SETS, daily=st.floats(0, 900, allow_nan=False))
@settings(max_examples=30, deadline=None)
def test_plans_are_deterministic(
    medications: list[MedicationTimes], meals: dict[str, str], daily: float
) -> None:
    def once(meds: Sequence[MedicationTimes]) -> DayPlan:
        return plan_day(meals=meals, medications=meds, daily_elemental_mg=daily, settings=SETTINGS)

    assert once(medications) == once(list(medications))
    assert once(medications) == once(list(reversed(medications)))
