"""``plan``: a day schedule that keeps every separation rule, and a titration plan.

Separation windows come from the same cited interaction rules that ``check`` reports, so the
plan and the findings can never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from magnerve.domain.access import Access
from magnerve.domain.dates import parse_day
from magnerve.domain.diary import first_day_with_gi
from magnerve.domain.person import Person
from magnerve.domain.rules import evaluate
from magnerve.domain.schedule import DayPlan, MedicationTimes, plan_day
from magnerve.domain.titration import TitrationStep, titration_plan
from magnerve.knowledge.load import load_citations, load_plan_settings, load_rules
from magnerve.services.base import PersonService
from magnerve.services.clock import local_today, person_timezone
from magnerve.services.profile import profile_targets
from magnerve.services.safety import gather_facts
from magnerve.services.unit_of_work import transaction


@dataclass(frozen=True)
class PlanResult:
    person: Person
    day: date
    daily_elemental_mg: float
    day_plan: DayPlan
    titration: list[TitrationStep]


class PlanService(PersonService):
    area = "plan"

    def plan(self, day: str | None = None) -> PlanResult:
        settings = load_plan_settings()
        with transaction(self._engine) as repos:
            person = self._person(repos, Access.read)
            profile = repos.profiles.get(person.id)
            today = local_today(self._clock, person_timezone(profile))
            when = parse_day(day, today=today, allow_future=True) if day else today
            facts = gather_facts(repos, person, when)
            regimen = repos.profiles.regimen(person.id)
            medications = [m for m in repos.medications.list(person.id) if m.active_on(when)]
            first_dose = repos.supplements.first_dose_date(person.id)
            upset_on = (
                first_day_with_gi(repos.diary.between(person.id, first_dose, when), at_least="mild")
                if first_dose is not None and first_dose <= when
                else None
            )
        daily = regimen.magnesium_target_mg or facts.supplemental_mg_per_day
        # The plan is for taking magnesium, so judge the medicines as if it were being taken,
        # even before the first dose is logged.
        planned = facts.model_copy(
            update={
                "taking_magnesium_supplement": True,
                "supplemental_mg_per_day": max(daily, facts.supplemental_mg_per_day),
            }
        )
        findings = evaluate(load_rules(), planned, load_citations())
        windows: dict[str, tuple[float, float]] = {}
        for f in findings:
            if f.separation_hours is None:
                continue
            for name in f.involves:
                before, after = windows.get(name, (0.0, 0.0))
                windows[name] = (
                    max(before, f.separation_hours.mg_before_drug),
                    max(after, f.separation_hours.mg_after_drug),
                )
        times = []
        for m in medications:
            if not m.times:
                continue
            ingredient = next(
                (i for i in m.ingredients if i in windows),
                m.ingredients[0] if m.ingredients else m.input.lower(),
            )
            before, after = windows.get(ingredient, (0.0, 0.0))
            times.append(
                MedicationTimes(
                    name=m.input,
                    ingredient=ingredient,
                    times=m.times,
                    mg_before_drug_h=before,
                    mg_after_drug_h=after,
                )
            )
        targets = profile_targets(profile, when)
        ul = targets.magnesium_supplement_ul_mg if targets else None
        day_plan = plan_day(
            meals={
                "breakfast": regimen.breakfast_time,
                "lunch": regimen.lunch_time,
                "dinner": regimen.dinner_time,
            },
            medications=times,
            daily_elemental_mg=daily,
            settings=settings,
        )
        steps = (
            titration_plan(
                start=first_dose or when,
                target_mg=daily,
                ul_mg=ul,
                prescribed_mg=regimen.magnesium_prescribed_mg,
                settings=settings,
                diarrhoea_on=upset_on,
            )
            if daily > 0
            else []
        )
        return PlanResult(person, when, daily, day_plan, steps)
