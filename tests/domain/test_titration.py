"""The titration plan: worked examples, the limit, prescriptions, diarrhoea, inputs, properties."""

from __future__ import annotations

import itertools
import math
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from magnerve.domain.plan_settings import PlanSettings
from magnerve.domain.titration import TitrationStep, titration_plan
from magnerve.errors import InvalidInput
from magnerve.knowledge.load import load_plan_settings

SETTINGS = load_plan_settings()
START = date(2026, 1, 5)
ADULT_UL = 350.0


def _plan(
    target: float = 300,
    ul: float | None = ADULT_UL,
    prescribed: float | None = None,
    *,
    diarrhoea_on: date | None = None,
    current: float | None = None,
    settings_: PlanSettings = SETTINGS,
) -> list[TitrationStep]:
    return titration_plan(
        start=START,
        target_mg=target,
        ul_mg=ul,
        prescribed_mg=prescribed,
        settings=settings_,
        diarrhoea_on=diarrhoea_on,
        current_mg=current,
    )


def _levels(steps: list[TitrationStep]) -> list[tuple[str, float]]:
    return [(s.from_date.isoformat(), s.elemental_mg_per_day) for s in steps]


def test_from_150_to_300_in_steps_of_50_every_two_weeks() -> None:
    steps = _plan(300)
    assert _levels(steps) == [
        ("2026-01-05", 150.0),
        ("2026-01-19", 200.0),
        ("2026-02-02", 250.0),
        ("2026-02-16", 300.0),
    ]
    assert steps[0].note == "Start with 150 mg a day, taken with food."
    assert steps[1].note == (
        "If the last 14 days brought no stomach or bowel upset, go up to 200 mg a day."
    )
    assert steps[-1].note.endswith("This is the target: stay at this amount.")


def test_a_target_above_the_limit_stops_at_the_limit() -> None:
    steps = _plan(500)
    assert [s.elemental_mg_per_day for s in steps] == [150, 200, 250, 300, 350]
    assert steps[-1].note.endswith(
        "The target of 500 mg is above the supplemental upper limit of 350 mg a day for your "
        "age, so the plan stops at 350 mg. Going higher needs a dose prescribed by a clinician."
    )


def test_the_limit_follows_age() -> None:
    assert [s.elemental_mg_per_day for s in _plan(300, ul=110)] == [110]  # age 4-8
    assert "upper limit of 110 mg" in _plan(300, ul=110)[0].note


def test_a_prescription_above_the_limit_raises_the_ceiling_to_it() -> None:
    steps = _plan(500, prescribed=450)
    assert steps[-1].elemental_mg_per_day == 450
    assert len(steps) == 7
    assert steps[-1].note.endswith(
        "A clinician prescribed 450 mg a day, above the supplemental upper limit of 350 mg a "
        "day; the plan goes no higher than the prescribed dose. The target of 500 mg is lowered "
        "to 450 mg."
    )
    assert _plan(400, prescribed=450)[-1].elemental_mg_per_day == 400
    assert "lowered" not in _plan(400, prescribed=450)[-1].note


def test_a_prescription_within_the_limit_leaves_the_limit_as_the_ceiling() -> None:
    assert _plan(300, prescribed=200)[-1].elemental_mg_per_day == 300
    assert _plan(500, prescribed=200)[-1].elemental_mg_per_day == ADULT_UL


def test_without_a_known_limit_the_plan_says_so() -> None:
    steps = _plan(300, ul=None)
    assert steps[-1].elemental_mg_per_day == 300
    assert "No supplemental upper limit is known" in steps[-1].note
    assert _plan(600, ul=None, prescribed=400)[-1].elemental_mg_per_day == 400


def test_a_small_target_is_reached_at_once() -> None:
    steps = _plan(100)
    assert _levels(steps) == [("2026-01-05", 100.0)]
    assert steps[0].note == (
        "Start with 100 mg a day, taken with food. This is the target: stay at this amount."
    )


def test_what_the_person_takes_now() -> None:
    assert [s.elemental_mg_per_day for s in _plan(300, current=200)] == [200, 250, 300]
    assert _plan(300, current=200)[0].note == "Go on with 200 mg a day, taken with food."
    assert [s.elemental_mg_per_day for s in _plan(300, current=120)] == [120, 170, 220, 270, 300]
    lowered = _plan(300, current=500)
    assert _levels(lowered) == [("2026-01-05", 300.0)]
    assert lowered[0].note.startswith("Lower from 500 mg to 300 mg a day, taken with food.")
    assert _plan(300, current=0) == _plan(300)


# --- diarrhoea ------------------------------------------------------------------------------------


def test_diarrhoea_steps_back_one_step_and_holds() -> None:
    steps = _plan(300, diarrhoea_on=date(2026, 2, 1))  # on 200 mg since 19 January
    assert _levels(steps) == [("2026-01-05", 150.0), ("2026-01-19", 200.0), ("2026-02-01", 150.0)]
    assert steps[-1].note == (
        "Diarrhoea or other stomach or bowel upset on 2026-02-01: go back to 150 mg a day from "
        "that day and stay there. Talk to your clinician before trying a higher amount."
    )


def test_diarrhoea_on_the_day_of_a_step_undoes_that_step() -> None:
    steps = _plan(300, diarrhoea_on=date(2026, 1, 19))
    assert _levels(steps) == [("2026-01-05", 150.0), ("2026-01-19", 150.0)]


def test_diarrhoea_at_the_target() -> None:
    steps = _plan(300, diarrhoea_on=date(2026, 6, 1))
    assert _levels(steps)[-1] == ("2026-06-01", 250.0)
    assert len(steps) == 5


def test_diarrhoea_on_the_starting_dose() -> None:
    assert _levels(_plan(300, diarrhoea_on=START)) == [("2026-01-05", 100.0)]
    stop = _plan(40, diarrhoea_on=START)
    assert _levels(stop) == [("2026-01-05", 0.0)]
    assert "stop magnesium from that day" in stop[0].note


def test_settings_come_from_plan_yaml() -> None:
    titration = SETTINGS.titration
    first = _plan(2000, ul=None)
    assert first[0].elemental_mg_per_day == titration.start_mg_per_day.low
    assert {
        b.elemental_mg_per_day - a.elemental_mg_per_day for a, b in itertools.pairwise(first)
    } == {titration.step_mg.value}
    assert {(b.from_date - a.from_date).days for a, b in itertools.pairwise(first)} == {
        titration.step_every_days.value
    }
    assert titration.cap_at_supplemental_ul.value is True
    assert titration.diarrhoea_step_back_steps.value == 1


def test_without_the_limit_rule_the_limit_is_not_applied() -> None:
    section = SETTINGS.titration
    off = SETTINGS.model_copy(
        update={
            "titration": section.model_copy(
                update={
                    "cap_at_supplemental_ul": section.cap_at_supplemental_ul.model_copy(
                        update={"value": False}
                    )
                }
            )
        }
    )
    assert _plan(500, settings_=off)[-1].elemental_mg_per_day == 500


# --- input ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"target": 0}, "target_mg"),
        ({"target": -100}, "target_mg"),
        ({"target": math.nan}, "target_mg"),
        ({"target": math.inf}, "target_mg"),
        ({"target": 2001}, "target_mg"),
        ({"ul": 0}, "ul_mg"),
        ({"prescribed": -1}, "prescribed_mg"),
        ({"prescribed": 5000}, "prescribed_mg"),
        ({"current": -5}, "current_mg"),
        ({"diarrhoea_on": START - timedelta(days=1)}, "diarrhoea_on"),
    ],
)
def test_bad_input_names_the_field(kwargs: dict[str, object], field: str) -> None:
    with pytest.raises(InvalidInput) as error:
        _plan(**kwargs)  # type: ignore[arg-type]  # the cases mix argument types
    assert error.value.field == field


def test_the_plausible_maximum_is_plan_yaml_s() -> None:
    top = SETTINGS.titration.plausible_max_mg_per_day.value
    assert _plan(top, ul=None)[-1].elemental_mg_per_day == top
    with pytest.raises(InvalidInput):
        _plan(top + 1, ul=None)


# --- properties -----------------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(
    target=st.floats(1, 2000),
    ul=st.one_of(st.none(), st.sampled_from([65.0, 110.0, 350.0]), st.floats(1, 2000)),
    prescribed=st.one_of(st.none(), st.floats(1, 2000)),
    current=st.one_of(st.none(), st.floats(0, 2000)),
    diarrhoea_after=st.one_of(st.none(), st.integers(0, 500)),
)
def test_titration_properties(
    target: float,
    ul: float | None,
    prescribed: float | None,
    current: float | None,
    diarrhoea_after: int | None,
) -> None:
    diarrhoea_on = None if diarrhoea_after is None else START + timedelta(days=diarrhoea_after)
    steps = _plan(target, ul, prescribed, diarrhoea_on=diarrhoea_on, current=current)
    levels = [s.elemental_mg_per_day for s in steps]
    dates = [s.from_date for s in steps]
    assert steps[0].from_date == START
    assert dates == sorted(set(dates))
    assert all(level >= 0 for level in levels) and all(s.note for s in steps)
    # never above the UL unless a clinician prescribed more; never above the prescription then
    if ul is not None:
        ceiling = max(ul, prescribed) if prescribed is not None else ul
        assert max(levels) <= ceiling + 1e-9
    rising = levels[:-1] if diarrhoea_on is not None else levels
    assert rising == sorted(rising)  # non-decreasing until diarrhoea
    step = SETTINGS.titration.step_mg.value
    assert all(b - a <= step + 1e-9 for a, b in itertools.pairwise(rising))
    if diarrhoea_on is None:
        if prescribed is not None and (ul is None or prescribed > ul):
            ceiling_ = prescribed
        else:
            ceiling_ = math.inf if ul is None else ul
        assert levels[-1] == pytest.approx(min(target, ceiling_))
    else:
        assert steps[-1].from_date == diarrhoea_on
        in_force = [s for s in _plan(target, ul, prescribed, current=current)
                    if s.from_date <= diarrhoea_on][-1]  # fmt: skip
        assert levels[-1] < in_force.elemental_mg_per_day
