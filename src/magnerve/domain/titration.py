"""The titration plan: how to build up to a daily amount of magnesium. Pure.

:func:`titration_plan` starts low (the bottom of the starting range in ``plan.yaml``, or what the
person already takes), goes up one step every few days while there is no stomach or bowel upset,
and stops at the target. The plan never goes above the supplemental upper limit (UL) for the
person's age; a clinician-prescribed dose above the UL raises that ceiling to the prescribed dose,
never further. On diarrhoea the plan goes back one step from that day and holds there.

Amounts are mg of elemental magnesium a day from supplements (the UL does not count food).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

from magnerve.domain.plan_settings import PlanSettings
from magnerve.errors import Problems

_TOLERANCE = 1e-9


@dataclass(frozen=True)
class TitrationStep:
    """From ``from_date`` on, take ``elemental_mg_per_day``; ``note`` says why, in plain words."""

    from_date: date
    elemental_mg_per_day: float
    note: str


def _mg(value: float) -> str:
    return f"{round(value, 1):g} mg"


def _check(
    start: date,
    target_mg: float,
    ul_mg: float | None,
    prescribed_mg: float | None,
    current_mg: float | None,
    diarrhoea_on: date | None,
    settings: PlanSettings,
) -> None:
    problems = Problems()
    top = settings.titration.plausible_max_mg_per_day.value
    limit = f"up to {top:g} mg of elemental magnesium a day"
    if not (math.isfinite(target_mg) and 0 < target_mg <= top):
        problems.add("target_mg", f"must be above 0 and {limit}")
    for field, value in (("ul_mg", ul_mg), ("prescribed_mg", prescribed_mg)):
        if value is not None and not (math.isfinite(value) and 0 < value <= top):
            problems.add(field, f"must be above 0 and {limit}")
    if current_mg is not None and not (math.isfinite(current_mg) and 0 <= current_mg <= top):
        problems.add("current_mg", f"must be from 0 {limit}")
    if diarrhoea_on is not None and diarrhoea_on < start:
        problems.add("diarrhoea_on", f"must not be before the start of the plan ({start})")
    problems.raise_if_any(hint="Amounts are mg of elemental magnesium (not of the whole salt).")


def _ceiling(
    target: float, ul: float | None, prescribed: float | None, use_ul: bool
) -> tuple[float | None, str | None]:
    """The most the plan may reach, and a note when it holds the target down or is unknown."""
    if prescribed is not None and (ul is None or not use_ul or prescribed > ul):
        above = f", above the supplemental upper limit of {_mg(ul)} a day" if ul else ""
        note = (
            f"A clinician prescribed {_mg(prescribed)} a day{above}; the plan goes no higher "
            "than the prescribed dose."
        )
        if target > prescribed + _TOLERANCE:
            note += f" The target of {_mg(target)} is lowered to {_mg(prescribed)}."
        return prescribed, note
    if ul is None or not use_ul:
        return None, (
            "No supplemental upper limit is known for this person (for example, the age is not "
            "set), so this plan is not checked against one. Ask a clinician before going above "
            "the starting dose."
        )
    if target > ul + _TOLERANCE:
        return ul, (
            f"The target of {_mg(target)} is above the supplemental upper limit of {_mg(ul)} a "
            f"day for your age, so the plan stops at {_mg(ul)}. Going higher needs a dose "
            "prescribed by a clinician."
        )
    return ul, None


def _levels(first: float, goal: float, step: float) -> list[float]:
    levels = [float(first)]
    while levels[-1] < goal - _TOLERANCE:
        levels.append(float(min(levels[-1] + step, goal)))
    return levels


def titration_plan(
    *,
    start: date,
    target_mg: float,
    ul_mg: float | None,
    prescribed_mg: float | None,
    settings: PlanSettings,
    diarrhoea_on: date | None = None,
    current_mg: float | None = None,
) -> list[TitrationStep]:
    """Steps from ``start`` up to ``target_mg`` (held to the ceiling), each with a plain note.

    ``current_mg``: what the person takes now (the plan starts there instead of at the bottom of
    the starting range). ``diarrhoea_on``: the day diarrhoea was noted; the plan steps back from
    then and holds. Raises InvalidInput naming the field for an implausible amount or date.
    """
    _check(start, target_mg, ul_mg, prescribed_mg, current_mg, diarrhoea_on, settings)
    rules = settings.titration
    step, every = rules.step_mg.value, rules.step_every_days.value
    ceiling, ceiling_note = _ceiling(
        target_mg, ul_mg, prescribed_mg, rules.cap_at_supplemental_ul.value
    )
    goal = target_mg if ceiling is None else min(target_mg, ceiling)
    taking = current_mg if current_mg else None
    first = min(taking if taking is not None else rules.start_mg_per_day.low, goal)
    levels = _levels(first, goal, step)

    steps: list[TitrationStep] = []
    for index, level in enumerate(levels):
        if index == 0 and taking is not None and taking > level + _TOLERANCE:
            note = f"Lower from {_mg(taking)} to {_mg(level)} a day, taken with food."
        elif index == 0 and taking is not None:
            note = f"Go on with {_mg(level)} a day, taken with food."
        elif index == 0:
            note = f"Start with {_mg(level)} a day, taken with food."
        else:
            note = (
                f"If the last {every} days brought no stomach or bowel upset, go up to "
                f"{_mg(level)} a day."
            )
        if index == len(levels) - 1:
            note += " This is the target: stay at this amount."
            if ceiling_note:
                note += f" {ceiling_note}"
        steps.append(TitrationStep(start + timedelta(days=every * index), level, note))
    if diarrhoea_on is not None:
        steps = _step_back(steps, levels, diarrhoea_on, step, rules.diarrhoea_step_back_steps.value)
    return steps


def _step_back(
    steps: list[TitrationStep], levels: list[float], on: date, step: float, back: int
) -> list[TitrationStep]:
    """Go back ``back`` steps from the step in force on ``on``, and hold there."""
    current = max(i for i, s in enumerate(steps) if s.from_date <= on)
    target = current - back
    level = levels[target] if target >= 0 else max(levels[0] + step * target, 0.0)
    if level > 0:
        note = (
            f"Diarrhoea or other stomach or bowel upset on {on.isoformat()}: go back to "
            f"{_mg(level)} a day from that day and stay there. Talk to your clinician before "
            "trying a higher amount."
        )
    else:
        note = (
            f"Diarrhoea or other stomach or bowel upset on {on.isoformat()}: stop magnesium from "
            "that day and talk to your clinician."
        )
    kept = [s for s in steps if s.from_date < on]
    return [*kept, TitrationStep(on, level, note)]


__all__ = ["TitrationStep", "titration_plan"]
