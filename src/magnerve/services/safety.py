"""``check``: gather everything known about a person into one snapshot and run the cited rules.

The facts describe a *recent typical day* ending on the checked date: supplement amounts are the
largest daily total of the last 7 days (a dose taken yesterday still matters today), stomach
or bowel upset is the worst noted in those 7 days (and so is a deficiency screening), medicines
are those active on the date, and labs are the latest result of each test up to the date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from magnerve.domain.access import Access
from magnerve.domain.dates import parse_day
from magnerve.domain.diary import worst_gi
from magnerve.domain.lab_history import latest_by_analyte
from magnerve.domain.patient import age_on
from magnerve.domain.person import Person
from magnerve.domain.regimen import supplement_day
from magnerve.domain.rules import evaluate
from magnerve.domain.safety import Finding, LabFact, MedicationFact, SafetyFacts
from magnerve.domain.trials import TrialResult
from magnerve.knowledge.load import (
    load_citations,
    load_rules,
    load_supplement_forms,
    load_symptoms,
)
from magnerve.services.base import PersonService
from magnerve.services.labs import schedule_for
from magnerve.services.profile import profile_targets
from magnerve.services.trial import evaluate_current
from magnerve.services.unit_of_work import Repositories, transaction

#: How far back supplement doses count toward "a recent day" (a product choice, not clinical).
RECENT_DAYS = 7


@dataclass(frozen=True)
class CheckResult:
    person: Person
    day: date
    facts: SafetyFacts
    findings: list[Finding]


class SafetyService(PersonService):
    area = "findings"

    def check(self, day: str | None = None) -> CheckResult:
        with transaction(self._engine) as repos:
            person, today = self._person_today(repos, Access.read)
            when = parse_day(day, today=today) if day else today
            facts = gather_facts(repos, person, when)
        findings = evaluate(load_rules(), facts, load_citations())
        return CheckResult(person, when, facts, findings)


def gather_facts(repos: Repositories, person: Person, day: date) -> SafetyFacts:
    return facts_with_trial(repos, person, day, current_trial(repos, person, day))


def facts_with_trial(
    repos: Repositories, person: Person, day: date, trial: TrialResult | None
) -> SafetyFacts:
    """The facts, given the trial as judged on ``day`` (for callers that show it too)."""
    profile = repos.profiles.get(person.id)
    targets = profile_targets(profile, day)
    regimen = repos.profiles.regimen(person.id)
    start = day - timedelta(days=RECENT_DAYS - 1)
    doses = repos.supplements.doses_between(person.id, start, day)
    days = [supplement_day(start + timedelta(days=i), doses) for i in range(RECENT_DAYS)]
    products = repos.supplements.products(person.id)
    forms_table = load_supplement_forms()
    forms = sorted({d.form_id for d in doses} | {p.form_id for p in products})
    laxative = [f for f in forms if forms_table.form(f).gi_notes.laxative_prone]
    largest = [d.largest_single_dose_mg for d in days if d.largest_single_dose_mg is not None]
    labs = latest_by_analyte(repos.labs.list(person.id), on_or_before=day)
    ul = targets.magnesium_supplement_ul_mg if targets else None
    return SafetyFacts(
        today=day,
        age=age_on(profile, day) if profile else None,
        sex=profile.sex if profile else None,
        pregnant=bool(profile and profile.pregnant),
        lactating=bool(profile and profile.lactating),
        diabetes=profile.diabetes if profile else None,
        supplemental_mg_per_day=max(d.elemental_mg for d in days),
        magnesium_supplement_ul_mg=ul,
        clinician_prescribed_above_ul=(
            regimen.magnesium_prescribed_mg is not None
            and ul is not None
            and regimen.magnesium_prescribed_mg > ul
        ),
        max_single_dose_mg=max(largest) if largest else None,
        forms=tuple(forms),
        laxative_prone_forms=tuple(laxative),
        taking_magnesium_supplement=bool(products) or bool(doses),
        ala_mg_per_day=max(d.ala_mg for d in days),
        b12_ug_per_day=max(d.b12_ug for d in days),
        medications=tuple(
            MedicationFact(
                input=m.input,
                ingredients=m.ingredients,
                classes=m.classes,
                recognized=m.recognized,
                times=m.times,
            )
            for m in repos.medications.list(person.id)
            if m.active_on(day)
        ),
        labs={
            a: LabFact(value=r.canonical_value, flag=r.flag, date=r.local_date)
            for a, r in labs.items()
        },
        egfr=labs["egfr"].canonical_value if "egfr" in labs else None,
        gi_side_effects=worst_gi(repos.diary.between(person.id, start, day)),
        labs_overdue={
            item.analyte: item.name
            for item in schedule_for(repos, person, day)
            if item.status == "overdue"
        },
        **_screening_facts(repos, person, start, day),
        **(
            {"trial_verdict": trial.verdict, "trial_final": trial.final}
            if trial is not None
            else {}
        ),
    )


def _screening_facts(
    repos: Repositories, person: Person, start: date, day: date
) -> dict[str, tuple[str, ...]]:
    """The latest deficiency screening of the last 7 days, as plain lower-case labels."""
    latest = repos.screenings.latest(person.id, on_or_before=day)
    if latest is None or latest.day < start:
        return {}
    table = {s.id: s for s in load_symptoms().symptoms}
    chosen = [table[i] for i in latest.symptoms if i in table]
    return {
        "screening_symptoms": tuple(s.label.lower() for s in chosen),
        "screening_red_flags": tuple(s.label.lower() for s in chosen if s.red_flag),
    }


def current_trial(repos: Repositories, person: Person, day: date) -> TrialResult | None:
    """The current trial judged on ``day``, or None (no trial, or it starts later)."""
    trial = repos.trials.current(person.id)
    if trial is None or trial.start_date > day:
        return None
    return evaluate_current(repos, person, trial, day)
