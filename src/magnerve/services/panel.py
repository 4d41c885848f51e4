"""The clinician panel: the patients who share with this clinician, most in need first.

Each row comes from the same facts, rules, lab schedule and trial evaluation as the patient's
own pages, read in one transaction per patient after the same authorisation check (so every
refresh is written to each patient's audit log). A patient's summary is kept in memory and
reused until their records change (every change raises the person's revision) or the day
turns, so a refresh costs little when nothing changed.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import Engine

from magnerve.domain.access import Access, Actor, Role
from magnerve.domain.person import Person
from magnerve.domain.rules import evaluate
from magnerve.domain.safety import Finding
from magnerve.domain.sharing import Grant
from magnerve.domain.trials import TrialResult
from magnerve.errors import Forbidden, MagnerveError, NotFound
from magnerve.knowledge.load import load_citations, load_rules
from magnerve.services.access import authorize
from magnerve.services.clock import Clock, local_today, person_timezone
from magnerve.services.people import resolve_person
from magnerve.services.safety import current_trial, facts_with_trial
from magnerve.services.summary_cache import SummaryCache
from magnerve.services.unit_of_work import Repositories, transaction

#: "No data for a week": days without any entry before a patient is flagged (a product rule).
QUIET_DAYS = 7


@dataclass(frozen=True)
class PanelRow:
    grant: Grant
    urgent: list[Finding]
    warnings: list[Finding]
    overdue_labs: list[str]
    supplemental_mg: float
    supplement_ul_mg: float | None
    trial: TrialResult | None
    last_logged: date | None
    today: date
    #: Set when this patient's summary could not be worked out (their records are shown
    #: as needing a look rather than hiding the whole panel).
    problem: str | None = None

    @property
    def above_ul(self) -> bool:
        return self.supplement_ul_mg is not None and self.supplemental_mg > self.supplement_ul_mg

    @property
    def quiet_days(self) -> int | None:
        return None if self.last_logged is None else (self.today - self.last_logged).days

    @property
    def quiet(self) -> bool:
        days = self.quiet_days
        return days is None or days >= QUIET_DAYS

    @property
    def trial_final(self) -> bool:
        return self.trial is not None and self.trial.final

    def need(self) -> tuple[int, ...]:
        """Sort key, most need first: urgent, warning, over the UL, overdue labs, a finished
        trial to discuss, no data for a week."""
        return (
            -int(self.problem is not None),
            -len(self.urgent),
            -len(self.warnings),
            -int(self.above_ul),
            -len(self.overdue_labs),
            -int(self.trial_final),
            -int(self.quiet),
        )


class PanelService:
    AREA = "panel"

    def __init__(
        self, engine: Engine, clock: Clock, actor: Actor, cache: SummaryCache | None = None
    ) -> None:
        self._engine = engine
        self._clock = clock
        self._actor = actor
        self._cache = cache if cache is not None else SummaryCache()

    def rows(self) -> list[PanelRow]:
        if self._actor.role is not Role.clinician or self._actor.account_id is None:
            raise Forbidden("The panel is for clinicians.", field="account")
        with transaction(self._engine) as repos:
            grants = repos.grants.of_clinician(self._actor.account_id)
        rows = []
        for grant in grants:
            try:
                rows.append(self._row(grant))
            except NotFound:  # the patient stopped sharing (or left) since the list was read
                continue
        return sorted(rows, key=lambda r: (r.need(), r.grant.person_name.lower()))

    def _row(self, grant: Grant) -> PanelRow:
        now = self._clock.now()
        with transaction(self._engine) as repos:
            person = resolve_person(repos, grant.person_handle, now=now, create=False)
            authorize(
                self._engine, repos, self._actor, person, Access.read, area=self.AREA, now=now
            )
            today = local_today(self._clock, person_timezone(repos.profiles.get(person.id)))
            revision, created = repos.people.revision(person.id)
            key = (person.id, str(created), revision, today)
            cached = self._cache.get(key)
            if isinstance(cached, PanelRow):
                return replace(cached, grant=grant)
            try:
                row = _summary(repos, grant, person, today)
            except MagnerveError as exc:  # e.g. a record the knowledge no longer knows
                row = PanelRow(grant, [], [], [], 0.0, None, None, None, today, exc.message)
        self._cache.put(key, row)
        return row


def _summary(repos: Repositories, grant: Grant, person: Person, today: date) -> PanelRow:
    trial = current_trial(repos, person, today)
    facts = facts_with_trial(repos, person, today, trial)  # the trial is judged once
    findings = evaluate(load_rules(), facts, load_citations())
    return PanelRow(
        grant=grant,
        urgent=[f for f in findings if f.severity == "urgent"],
        warnings=[f for f in findings if f.severity == "warning"],
        overdue_labs=list(facts.labs_overdue.values()),
        supplemental_mg=facts.supplemental_mg_per_day,
        supplement_ul_mg=facts.magnesium_supplement_ul_mg,
        trial=trial,
        last_logged=repos.people.last_logged_day(person.id),
        today=today,
    )
