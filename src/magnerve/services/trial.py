"""The supplement trial: start it, and judge it against the rule stated in ``trial.yaml``."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from magnerve.domain.access import Access
from magnerve.domain.dates import parse_day
from magnerve.domain.diary import pain_by_day
from magnerve.domain.person import Person
from magnerve.domain.regimen import SupplementProduct
from magnerve.domain.trial_confounders import amount_events, medication_events, period
from magnerve.domain.trials import TrialResult, evaluate_trial
from magnerve.errors import InvalidInput, NotFound
from magnerve.knowledge.load import load_trial_settings
from magnerve.services.base import PersonService
from magnerve.services.idempotency import Stored, keyed, removed_since
from magnerve.services.supplements import find_product
from magnerve.services.unit_of_work import Repositories, transaction
from magnerve.storage.trials import TrialRecord


@dataclass(frozen=True)
class StartedTrial:
    person: Person
    trial: TrialRecord
    product: SupplementProduct | None
    #: The trial this one replaced, if any (kept, never deleted).
    replaced: TrialRecord | None


@dataclass(frozen=True)
class TrialEvaluation:
    person: Person
    trial: TrialRecord
    product: SupplementProduct | None
    result: TrialResult


class TrialService(PersonService):
    area = "trial"

    def start(
        self,
        *,
        day: str | None = None,
        product: str | None = None,
        idempotency_key: str | None = None,
    ) -> StartedTrial:
        """Begin a trial on ``day`` (default today). Needs pain logged on or before that day,
        so there is a baseline to compare with; a start in the future is refused."""
        request = keyed(idempotency_key, "trial.start", day=day, product=product)
        settings = load_trial_settings()

        def create(repos: Repositories, person: Person, today: date) -> tuple[StartedTrial, Stored]:
            when = parse_day(day, today=today) if day else today
            first_pain = repos.diary.first_day(person.id, "pain")
            if first_pain is None or when < first_pain:
                before = (
                    "no pain score has been logged yet"
                    if first_pain is None
                    else f"the first pain score is from {first_pain.isoformat()}"
                )
                raise InvalidInput(
                    f"A trial cannot start on {when.isoformat()}: {before}, so there would be "
                    "nothing to compare with",
                    field="date",
                    hint=f"Log your pain for the {settings.baseline_days.value} days before the "
                    "start (magnerve log pain N --date YYYY-MM-DD), then start the trial.",
                )
            chosen = find_product(repos, person, product) if product is not None else None
            record, replaced = repos.trials.start(
                person.id,
                start_date=when,
                product_id=chosen.id if chosen else None,
                now=self._clock.now(),
            )
            return StartedTrial(person, record, chosen, replaced), {
                "trial": _trial_json(record),
                "replaced": None if replaced is None else _trial_json(replaced),
            }

        return self._write_once(request, create=create, replay=_replay)

    def evaluate(self, *, day: str | None = None) -> TrialEvaluation:
        """The verdict on ``day`` (default today), with adherence and confounders."""
        with transaction(self._engine) as repos:
            person, today = self._person_today(repos, Access.read)
            trial = repos.trials.current(person.id)
            if trial is None:
                raise NotFound(
                    "There is no supplement trial to evaluate.",
                    field="trial",
                    hint="Start one with: magnerve trial start --date YYYY-MM-DD",
                )
            when = parse_day(day, today=today) if day else today
            product = (
                repos.supplements.product(person.id, trial.product_id)
                if trial.product_id is not None
                else None
            )
            result = evaluate_current(repos, person, trial, when)
        return TrialEvaluation(person, trial, product, result)


def evaluate_current(
    repos: Repositories, person: Person, trial: TrialRecord, when: date
) -> TrialResult:
    """The trial judged on ``when`` from the person's records (``trial evaluate``, charts and
    checks); a date before the start is refused by the domain."""
    settings = load_trial_settings()
    first, last = period(
        trial.start_date, max(when, trial.start_date), settings.baseline_days.value
    )
    pain = pain_by_day(repos.diary.between(person.id, first, last))
    doses = repos.supplements.doses_between(person.id, first, last)
    magnesium: dict[date, float] = defaultdict(float)
    ala: dict[date, float] = defaultdict(float)
    for d in doses:
        magnesium[d.local_date] += d.elemental_mg
        ala[d.local_date] += d.ala_mg or 0.0
    tried = [
        d
        for d in doses
        if d.elemental_mg > 0 and (trial.product_id is None or d.product_id == trial.product_id)
    ]
    events = medication_events(
        repos.medications.list(person.id),
        classes=settings.pain_medicine_classes.value,
        first=first,
        last=last,
    )
    events += amount_events(magnesium, what="Magnesium", first=first, last=last)
    events += amount_events(ala, what="Alpha-lipoic acid", first=first, last=last)
    hba1c = [(r.local_date, r.canonical_value) for r in repos.labs.list(person.id, "hba1c")]
    return evaluate_trial(
        start=trial.start_date,
        evaluated_on=when,
        pain=pain,
        dose_days={d.local_date for d in tried},
        events=events,
        hba1c=hba1c,
        settings=settings,
    )


def _replay(repos: Repositories, person: Person, stored: Stored) -> StartedTrial:
    """The trial a request started, as it was stored with the request's key (a later trial
    may have ended it since; its product must still be listed)."""
    trial = _trial_record(stored["trial"])
    replaced = None if stored["replaced"] is None else _trial_record(stored["replaced"])
    product = None
    if trial.product_id is not None:
        product = repos.supplements.product(person.id, trial.product_id)
        if product is None:
            raise removed_since()
    return StartedTrial(person, trial, product, replaced)


def _trial_json(record: TrialRecord) -> dict[str, Any]:
    return {
        "id": record.id,
        "start_date": record.start_date.isoformat(),
        "product_id": record.product_id,
        "created_at": record.created_at.isoformat(),
    }


def _trial_record(data: Mapping[str, Any]) -> TrialRecord:
    """A trial as it was when the request started it (``ended_at`` not yet set)."""
    return TrialRecord(
        id=int(data["id"]),
        start_date=date.fromisoformat(data["start_date"]),
        product_id=data["product_id"],
        created_at=datetime.fromisoformat(data["created_at"]),
    )
