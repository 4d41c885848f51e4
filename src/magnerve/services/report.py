"""The clinician report: one period of a person's records gathered for a one- or two-page summary.

Nothing is worked out here that another service already works out: the profile and targets
come from the profile service, the dose times from the plan, the findings and the recent daily
supplement total from ``check``, the trial verdict with the pain series, and the chart series
from the chart service. This service picks the period, asks each of them, and adds the few
things only a report needs (the result before the latest of each lab test, and the servings of
each product on a recent day).

Rendering (HTML, PDF, charts) is the interfaces' job (``magnerve.interfaces.report``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from magnerve import __version__
from magnerve.domain.access import Access
from magnerve.domain.dates import parse_day
from magnerve.domain.kidney import describe_stage, kdigo_stage
from magnerve.domain.lab_history import LabResult, latest_by_analyte
from magnerve.domain.medication_list import MedicationEntry
from magnerve.domain.person import Person
from magnerve.domain.regimen import SupplementDose, SupplementProduct
from magnerve.domain.safety import Finding
from magnerve.domain.schedule import Conflict, Item
from magnerve.domain.trials import TrialResult, TrialSettings
from magnerve.errors import InvalidInput
from magnerve.knowledge.load import (
    knowledge_version,
    load_labs,
    load_supplement_forms,
    load_trial_settings,
)
from magnerve.services.base import PersonService
from magnerve.services.charts import (
    DEFAULT_DAYS,
    MAX_DAYS,
    ChartService,
    LabSeries,
    MagnesiumSeries,
    PainSeries,
)
from magnerve.services.plan import PlanService
from magnerve.services.profile import ProfileService, ProfileView
from magnerve.services.safety import RECENT_DAYS, SafetyService
from magnerve.services.unit_of_work import transaction

#: Lab tests that get a small trend chart when there are at least two results.
TREND_ANALYTES = ("serum-magnesium", "egfr")
EGFR = "egfr"


@dataclass(frozen=True)
class KidneyFunction:
    """The latest eGFR, its KDIGO category and the category in plain words."""

    result: LabResult
    stage: str
    description: str
    #: Decimals the lab prints eGFR with.
    decimals: int


@dataclass(frozen=True)
class ProductLine:
    """A supplement product in use: what one serving holds and how much was taken lately.

    ``servings_per_day`` is the most servings logged on one day of the last :data:`RECENT_DAYS`
    days (``None`` when none was logged), the same "recent day" the safety check uses.
    """

    product: SupplementProduct
    form_name: str
    servings_per_day: float | None

    @property
    def elemental_mg_per_day(self) -> float | None:
        if self.servings_per_day is None:
            return None
        return self.servings_per_day * self.product.elemental_mg_per_serving


@dataclass(frozen=True)
class Regimen:
    products: tuple[ProductLine, ...]
    #: The largest daily supplemental (elemental) magnesium of the last RECENT_DAYS days.
    taken_mg_per_day: float
    #: The daily amount the plan works with (the person's target, or what they take).
    planned_mg_per_day: float
    #: (time, magnesium dose) from the plan's day schedule.
    dose_times: tuple[tuple[str, Item], ...]
    conflicts: tuple[Conflict, ...]
    recent_days: int


@dataclass(frozen=True)
class LabLine:
    """The latest result of one test up to the report's last day, and the one before it."""

    analyte: str
    name: str
    latest: LabResult
    previous: LabResult | None
    #: Decimals the lab prints in the latest result's unit.
    decimals: int
    #: The KDIGO category, for eGFR only.
    stage: str | None

    @property
    def direction(self) -> str | None:
        """``up``, ``down`` or ``same`` since the previous result (in the canonical unit)."""
        if self.previous is None:
            return None
        latest, previous = self.latest.canonical_value, self.previous.canonical_value
        if round(latest - previous, 6) == 0:
            return "same"
        return "up" if latest > previous else "down"


@dataclass(frozen=True)
class TrialPart:
    result: TrialResult
    product_name: str | None
    settings: TrialSettings


@dataclass(frozen=True)
class ClinicianReport:
    person: Person
    first: date
    last: date
    today: date
    profile: ProfileView
    kidney: KidneyFunction | None
    medicines: tuple[MedicationEntry, ...]
    stopped_medicines: tuple[MedicationEntry, ...]
    regimen: Regimen
    magnesium: MagnesiumSeries
    pain: PainSeries
    trial: TrialPart | None
    labs: tuple[LabLine, ...]
    lab_trends: tuple[LabSeries, ...]
    findings: tuple[Finding, ...]
    knowledge_version: str
    magnerve_version: str

    @property
    def rda_mg(self) -> float | None:
        return self.magnesium.rda_mg

    @property
    def supplement_ul_mg(self) -> float | None:
        return self.magnesium.supplement_ul_mg


class ReportService(PersonService):
    area = "report"

    def period(self, start: str | None = None, end: str | None = None) -> tuple[date, date]:
        """The report's first and last day: by default the 12 weeks ending today."""
        with transaction(self._engine) as repos:
            _, today = self._person_today(repos, Access.read)
        last = parse_day(end, today=today, field="to") if end else today
        first = (
            parse_day(start, today=today, field="from")
            if start
            else last - timedelta(days=DEFAULT_DAYS - 1)
        )
        if first > last:
            raise InvalidInput(
                f"the report would start ({first.isoformat()}) after it ends ({last.isoformat()})",
                field="from",
                hint="Give --from on or before --to.",
            )
        if (last - first).days + 1 > MAX_DAYS:
            raise InvalidInput(
                f"a report can cover at most {MAX_DAYS} days",
                field="from",
                hint="Give a shorter period with --from and --to.",
            )
        return first, last

    def report(self, *, start: str | None = None, end: str | None = None) -> ClinicianReport:
        """Everything the report shows for the period (default: the 12 weeks ending today).

        The pain chart reaches back to the trial's baseline week when no start was given, so
        the week the trial is compared with is always on it.
        """
        first, last = self.period(start, end)
        services = (self._engine, self._clock, self._handle, self._actor)
        charts = ChartService(*services)
        check = SafetyService(*services).check(last.isoformat())
        plan = PlanService(*services).plan(last.isoformat())
        pain = charts.pain(start=first.isoformat() if start else None, end=last.isoformat())
        with transaction(self._engine) as repos:
            person, today = self._person_today(repos, Access.read)
            medicines = repos.medications.list(person.id)
            results = repos.labs.list(person.id)
            products = repos.supplements.products(person.id)
            recent_first = last - timedelta(days=RECENT_DAYS - 1)
            doses = repos.supplements.doses_between(person.id, recent_first, last)
            trial = repos.trials.current(person.id)
            tried = (
                repos.supplements.product(person.id, trial.product_id)
                if trial is not None and trial.product_id is not None
                else None
            )
        lines, kidney = lab_lines(results, last)
        trends = tuple(
            charts.lab(analyte, end=last.isoformat())
            for analyte in TREND_ANALYTES
            if sum(1 for r in results if r.analyte == analyte and r.local_date <= last) >= 2
        )
        return ClinicianReport(
            person=person,
            first=first,
            last=last,
            today=today,
            profile=ProfileService(*services).show(),
            kidney=kidney,
            medicines=tuple(m for m in medicines if m.active_on(last)),
            stopped_medicines=tuple(
                m for m in medicines if m.stopped_on is not None and first <= m.stopped_on < last
            ),
            regimen=Regimen(
                products=product_lines(products, doses),
                taken_mg_per_day=check.facts.supplemental_mg_per_day,
                planned_mg_per_day=plan.daily_elemental_mg,
                dose_times=plan.day_plan.magnesium_items,
                conflicts=plan.day_plan.conflicts,
                recent_days=RECENT_DAYS,
            ),
            magnesium=charts.magnesium(start=first.isoformat(), end=last.isoformat()),
            pain=pain,
            trial=TrialPart(pain.trial, tried.name if tried else None, load_trial_settings())
            if pain.trial is not None
            else None,
            labs=lines,
            lab_trends=trends,
            findings=tuple(check.findings),
            knowledge_version=knowledge_version(),
            magnerve_version=__version__,
        )


def product_lines(
    products: list[SupplementProduct], recent_doses: list[SupplementDose]
) -> tuple[ProductLine, ...]:
    """Each product with the most servings logged on one of the recent days."""
    servings: dict[int, dict[date, float]] = defaultdict(lambda: defaultdict(float))
    for dose in recent_doses:
        servings[dose.product_id][dose.local_date] += dose.servings
    forms = load_supplement_forms()
    return tuple(
        ProductLine(
            p,
            forms.form(p.form_id).name,
            max(servings[p.id].values()) if p.id in servings else None,
        )
        for p in products
    )


def lab_lines(
    results: list[LabResult], last: date
) -> tuple[tuple[LabLine, ...], KidneyFunction | None]:
    """The latest result of each test up to ``last`` (in the order of ``labs.yaml``) with the
    result before it, and the latest eGFR with its KDIGO category."""
    table = load_labs()
    latest = latest_by_analyte(results, on_or_before=last)
    order = {a.id: i for i, a in enumerate(table.analytes)}
    lines = []
    for analyte_id in sorted(latest, key=lambda a: order[a]):
        newest = latest[analyte_id]
        analyte = table.analytes[order[analyte_id]]
        unit = analyte.unit(newest.unit)
        before = latest_by_analyte(
            (
                r
                for r in results
                if r.analyte == analyte_id and (r.local_date, r.id) < (newest.local_date, newest.id)
            ),
            on_or_before=last,
        )
        stage = (
            kdigo_stage(newest.canonical_value, table.kidney) if analyte.gives_kdigo_stage else None
        )
        lines.append(
            LabLine(
                analyte=analyte_id,
                name=analyte.name,
                latest=newest,
                previous=before.get(analyte_id),
                decimals=unit.decimals if unit is not None else 2,
                stage=stage,
            )
        )
    kidney = None
    egfr = next((line for line in lines if line.analyte == EGFR), None)
    if egfr is not None and egfr.stage is not None:
        description = describe_stage(egfr.stage, table.kidney)
        kidney = KidneyFunction(egfr.latest, egfr.stage, description, egfr.decimals)
    return tuple(lines), kidney
