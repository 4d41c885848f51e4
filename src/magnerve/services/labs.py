"""Lab results for one person; adding a creatinine also stores the eGFR computed from it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from magnerve.domain.access import Access
from magnerve.domain.dates import parse_day
from magnerve.domain.kidney import egfr_ckd_epi_2021, kdigo_stage
from magnerve.domain.lab_history import LabResult, latest_by_analyte
from magnerve.domain.lab_schedule import LabDue, lab_schedule
from magnerve.domain.labs import LabReading, convert, find_analyte, interpret
from magnerve.domain.patient import DiabetesType, age_on
from magnerve.domain.person import Person
from magnerve.errors import NotFound
from magnerve.knowledge.load import load_lab_schedule, load_labs
from magnerve.services.base import PersonService
from magnerve.services.clock import local_today, person_timezone
from magnerve.services.idempotency import Stored, keyed, removed_since, run_once
from magnerve.services.unit_of_work import Repositories, transaction

EGFR_UNIT = "mL/min/1.73m2"
#: A dose within this many days (or a current product) counts as taking magnesium now.
SUPPLEMENTING_LOOKBACK_DAYS = 30


@dataclass(frozen=True)
class EgfrAnswer:
    egfr: float
    stage: str


@dataclass(frozen=True)
class AddedLab:
    person: Person
    result: LabResult
    reading: LabReading
    egfr: LabResult | None = None
    egfr_stage: str | None = None
    egfr_note: str | None = None


def compute_egfr(creatinine: float, unit: str, *, age: int, sex: str) -> EgfrAnswer:
    """CKD-EPI 2021 from a serum creatinine in mg/dL or µmol/L (adults)."""
    table = load_labs()
    reading = interpret("creatinine", creatinine, unit, table)  # validates value and unit
    mg_dl = convert(find_analyte(table, "creatinine"), reading.value, reading.unit, "mg/dL")
    value = egfr_ckd_epi_2021(mg_dl, age, sex, table.kidney)
    return EgfrAnswer(value, kdigo_stage(value, table.kidney))


def store_reading(
    repos: Repositories,
    person_id: int,
    reading: LabReading,
    *,
    day: date,
    now: datetime,
    derived_from_id: int | None = None,
) -> LabResult:
    return repos.labs.add(
        person_id,
        analyte=reading.analyte,
        value=reading.value,
        unit=reading.unit,
        canonical_value=reading.canonical_value,
        canonical_unit=reading.canonical_unit,
        flag=reading.flag,
        day=day,
        now=now,
        derived_from_id=derived_from_id,
    )


def store_egfr(
    repos: Repositories,
    person_id: int,
    creatinine: LabResult,
    *,
    age: int,
    sex: str,
    now: datetime,
) -> tuple[LabResult, str]:
    """Compute and store the eGFR of a stored creatinine (removed with it)."""
    answer = compute_egfr(creatinine.value, creatinine.unit, age=age, sex=sex)
    reading = interpret("egfr", round(answer.egfr, 1), EGFR_UNIT, load_labs())
    stored = store_reading(
        repos, person_id, reading, day=creatinine.local_date, now=now, derived_from_id=creatinine.id
    )
    return stored, answer.stage


@dataclass(frozen=True)
class LabSchedule:
    person: Person
    today: date
    items: list[LabDue]


def schedule_for(repos: Repositories, person: Person, today: date) -> list[LabDue]:
    """The person's lab tests with due dates and status on ``today``.

    Supplementing means a current supplement product or a dose logged in the last
    :data:`SUPPLEMENTING_LOOKBACK_DAYS` days; it began with the first dose ever logged.
    """
    profile = repos.profiles.get(person.id)
    regimen = repos.profiles.regimen(person.id)
    latest = latest_by_analyte(repos.labs.list(person.id), on_or_before=today)
    recent = repos.supplements.doses_between(
        person.id, today - timedelta(days=SUPPLEMENTING_LOOKBACK_DAYS), today
    )
    first_dose = repos.supplements.first_dose_date(person.id)
    supplementing = bool(recent) or bool(repos.supplements.products(person.id))
    since = (first_dose or today) if supplementing else None
    metformin = any(
        "metformin" in m.ingredients and m.active_on(today)
        for m in repos.medications.list(person.id)
    )
    diabetes = profile is not None and profile.diabetes not in (None, DiabetesType.none)
    return lab_schedule(
        load_lab_schedule(),
        today=today,
        last_results={analyte: r.local_date for analyte, r in latest.items()},
        supplementing_since=since,
        on_metformin=metformin,
        has_diabetes=diabetes,
        interval_months=regimen.lab_interval_months,
    )


class LabService(PersonService):
    area = "labs"

    def add(
        self,
        analyte: str,
        value: float,
        unit: str,
        *,
        day: str | None = None,
        idempotency_key: str | None = None,
    ) -> AddedLab:
        request = keyed(
            idempotency_key, "labs.add", analyte=analyte, value=value, unit=unit, day=day
        )
        table = load_labs()
        reading = interpret(analyte, value, unit, table)
        now = self._clock.now()

        def create(repos: Repositories, person: Person, _: None) -> tuple[AddedLab, Stored]:
            added = self._store(repos, person, reading, day, now)
            return added, {
                "lab_id": added.result.id,
                "egfr_id": None if added.egfr is None else added.egfr.id,
                "egfr_stage": added.egfr_stage,
                "egfr_note": added.egfr_note,
            }

        def replay(repos: Repositories, person: Person, stored: Stored) -> AddedLab:
            result = repos.labs.get(person.id, int(stored["lab_id"]))
            egfr_id = stored["egfr_id"]
            egfr = None if egfr_id is None else repos.labs.get(person.id, int(egfr_id))
            if result is None or (egfr_id is not None and egfr is None):
                raise removed_since()
            return AddedLab(
                person, result, reading, egfr, stored["egfr_stage"], stored["egfr_note"]
            )

        return run_once(
            self._engine,
            self._clock,
            request,
            begin=lambda repos: (self._person(repos, Access.write), None),
            create=create,
            replay=replay,
        )

    def _store(
        self,
        repos: Repositories,
        person: Person,
        reading: LabReading,
        day: str | None,
        now: datetime,
    ) -> AddedLab:
        """Save a reading, and the eGFR of a creatinine when the profile allows one."""
        profile = repos.profiles.get(person.id)
        today = local_today(self._clock, person_timezone(profile))
        when = parse_day(day, today=today) if day else today
        stored = store_reading(repos, person.id, reading, day=when, now=now)
        if reading.analyte != "creatinine":
            return AddedLab(person, stored, reading)
        age = age_on(profile, when) if profile else None
        if profile is None or profile.sex is None or age is None or age < 18:
            return AddedLab(
                person,
                stored,
                reading,
                egfr_note="eGFR was not computed: it needs your age (18 or over) and sex "
                "(magnerve profile set --age N --sex female|male).",
            )
        derived, stage = store_egfr(
            repos, person.id, stored, age=age, sex=profile.sex.value, now=now
        )
        return AddedLab(person, stored, reading, derived, stage)

    def list(self, analyte: str | None = None) -> tuple[Person, list[LabResult]]:
        key = find_analyte(load_labs(), analyte).id if analyte else None
        with transaction(self._engine) as repos:
            person = self._person(repos, Access.read)
            return person, repos.labs.list(person.id, key)

    def schedule(self, day: str | None = None) -> LabSchedule:
        with transaction(self._engine) as repos:
            person, today = self._person_today(repos, Access.read)
            when = parse_day(day, today=today, allow_future=True) if day else today
            return LabSchedule(person, when, schedule_for(repos, person, when))

    def remove(self, lab_id: int) -> None:
        with transaction(self._engine) as repos:
            person = self._person(repos, Access.write)
            if not repos.labs.remove(person.id, lab_id, now=self._clock.now()):
                raise NotFound(
                    f"There is no lab result {lab_id}.",
                    field="id",
                    hint="See your results with: magnerve lab list",
                )
