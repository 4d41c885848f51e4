"""The clinician panel: the patients who share with this clinician, most in need first.

Each row is built by the same services the patient's own pages use, acting as the clinician,
so every read is authorised and written to that patient's audit log.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Engine

from magnerve.domain.access import Actor, Role
from magnerve.domain.safety import Finding
from magnerve.domain.sharing import Grant
from magnerve.domain.trials import TrialResult
from magnerve.errors import Forbidden, InvalidInput, NotFound
from magnerve.services.clock import Clock
from magnerve.services.labs import LabService
from magnerve.services.safety import SafetyService
from magnerve.services.trial import TrialService
from magnerve.services.unit_of_work import transaction
from magnerve.storage.activity import last_logged_day

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
            -len(self.urgent),
            -len(self.warnings),
            -int(self.above_ul),
            -len(self.overdue_labs),
            -int(self.trial_final),
            -int(self.quiet),
        )


class PanelService:
    def __init__(self, engine: Engine, clock: Clock, actor: Actor) -> None:
        self._engine = engine
        self._clock = clock
        self._actor = actor

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
        handle = grant.person_handle
        check = SafetyService(self._engine, self._clock, handle, self._actor).check()
        labs = LabService(self._engine, self._clock, handle, self._actor).schedule()
        try:
            trial: TrialResult | None = (
                TrialService(self._engine, self._clock, handle, self._actor).evaluate().result
            )
        except InvalidInput:  # no trial started, or nothing to judge yet
            trial = None
        with self._engine.connect() as conn:
            last = last_logged_day(conn, grant.person_id)
        return PanelRow(
            grant=grant,
            urgent=[f for f in check.findings if f.severity == "urgent"],
            warnings=[f for f in check.findings if f.severity == "warning"],
            overdue_labs=[item.name for item in labs.items if item.status == "overdue"],
            supplemental_mg=check.facts.supplemental_mg_per_day,
            supplement_ul_mg=check.facts.magnesium_supplement_ul_mg,
            trial=trial,
            last_logged=last,
            today=check.day,
        )
