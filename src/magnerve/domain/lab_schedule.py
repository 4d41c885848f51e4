"""Which lab tests are due, and when (the shape of ``knowledge/lab_schedule.yaml``). Pure.

The tests, their intervals and the timing rules are knowledge, loaded by
``magnerve.knowledge.load.load_lab_schedule`` and passed in; "today" and the person's latest
result dates are arguments too::

    due = lab_schedule(load_lab_schedule(), today=today, last_results={"serum-magnesium": d},
                       supplementing_since=start, on_metformin=True, has_diabetes=True)

How a due date is worked out, for each test that applies to the person
    - The latest result counts from any analyte in the test's ``results_from`` (a kidney test
      is a creatinine or an eGFR).
    - **Baseline** (tests with ``baseline: true``, that is while supplementing magnesium): when
      no counted result is dated on or after ``supplementing_since`` minus the baseline window
      (``baseline_lookback_days``), the test is due on the start date itself. An older result
      does not count as a baseline.
    - Otherwise the next test is due ``every_months`` after the latest result, by calendar
      months with the day clamped to the month's end (31 January + 1 month = 28 or 29 February).
    - A test that applies but has no result at all and no baseline rule is due today.

Status, from the due date and today (both ends inclusive as written)
    ``overdue``  today is more than ``grace_days`` after the due date;
    ``due``      the due date is at most ``lead_days`` ahead of today, or passed within the grace;
    ``ok``       the due date is more than ``lead_days`` ahead.

A person who is not supplementing magnesium, not on metformin and has no diabetes gets an empty
schedule.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from datetime import date, timedelta
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from magnerve.domain.plan_settings import PlanBacking, PlanCount
from magnerve.domain.reference import KnowledgeModel
from magnerve.errors import InvalidInput

DueStatus = Literal["due", "overdue", "ok"]
#: When a scheduled test applies to a person.
Applies = Literal["supplementing_magnesium", "on_metformin", "has_diabetes"]
#: ``every_months`` value meaning "the person's magnesium monitoring interval".
MONITORING_INTERVAL = "monitoring_interval"

_ID = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"


class MonitoringInterval(PlanBacking):
    """Months between magnesium checks: a default and the range a person may choose."""

    default: int = Field(gt=0)
    low: int = Field(gt=0)
    high: int = Field(gt=0)
    unit: Literal["months"]

    @model_validator(mode="after")
    def _ordered(self) -> MonitoringInterval:
        if not self.low <= self.default <= self.high:
            raise ValueError(f"the default {self.default} must lie within {self.low}–{self.high}")
        return self


class ScheduledTest(PlanBacking):
    """One test on the schedule: when it applies, how often, and why (``reason``, our words)."""

    analyte: str = Field(pattern=_ID)
    name: str = Field(min_length=1)
    results_from: tuple[str, ...] = Field(min_length=1)
    applies_when: Applies
    every_months: int | Literal["monitoring_interval"]
    baseline: bool = False
    reason: str = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> ScheduledTest:
        if self.analyte not in self.results_from:
            raise ValueError(f"results_from must include {self.analyte} itself")
        if isinstance(self.every_months, int) and not 1 <= self.every_months <= 60:
            raise ValueError("every_months must be 1 to 60")
        if self.baseline and self.applies_when != "supplementing_magnesium":
            raise ValueError("a baseline needs a start date: only supplementing_magnesium has one")
        return self


class TimingSettings(KnowledgeModel):
    lead_days: PlanCount
    grace_days: PlanCount
    baseline_lookback_days: PlanCount


class LabScheduleSettings(KnowledgeModel):
    """``lab_schedule.yaml``: timing rules, the magnesium interval and the scheduled tests."""

    timing: TimingSettings
    magnesium_interval_months: MonitoringInterval
    tests: tuple[ScheduledTest, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique(self) -> LabScheduleSettings:
        analytes = [t.analyte for t in self.tests]
        if len(analytes) != len(set(analytes)):
            raise ValueError("each analyte may be scheduled only once")
        return self


class LabDue(BaseModel):
    """One test on a person's schedule."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    analyte: str
    name: str
    due_date: date
    status: DueStatus
    reason: str
    last_date: date | None
    baseline: bool = False
    citations: tuple[str, ...] = ()


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole calendar months, the day clamped to the month's last day."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def check_interval(settings: LabScheduleSettings, months: object) -> int:
    """``months`` if it is a whole number within the allowed range; else :class:`InvalidInput`."""
    allowed = settings.magnesium_interval_months
    if isinstance(months, bool) or not isinstance(months, int):
        problem = f"the monitoring interval must be a whole number of months, not {months!r}"
    elif not allowed.low <= months <= allowed.high:
        problem = f"{months} months is outside the allowed {allowed.low}–{allowed.high} months"
    else:
        return months
    raise InvalidInput(
        problem,
        field="interval_months",
        hint=f"Choose {allowed.low} to {allowed.high} months (default {allowed.default}).",
    )


def due_status(due_date: date, *, today: date, settings: LabScheduleSettings) -> DueStatus:
    """``overdue`` past the grace period, ``due`` within the lead time or grace, else ``ok``."""
    timing = settings.timing
    if (today - due_date).days > timing.grace_days.value:
        return "overdue"
    if (due_date - today).days <= timing.lead_days.value:
        return "due"
    return "ok"


def _applies(test: ScheduledTest, *, supplementing: bool, metformin: bool, diabetes: bool) -> bool:
    return {
        "supplementing_magnesium": supplementing,
        "on_metformin": metformin,
        "has_diabetes": diabetes,
    }[test.applies_when]


def _plan_one(
    test: ScheduledTest,
    settings: LabScheduleSettings,
    *,
    today: date,
    last: date | None,
    start: date | None,
    months: int,
) -> tuple[date, str, bool]:
    """The due date, the timing sentence and whether this is a baseline test."""
    if test.baseline and start is not None:
        window = start - timedelta(days=settings.timing.baseline_lookback_days.value)
        if last is None or last < window:
            when = (
                f"You started magnesium on {start.isoformat()}; a first test then gives a "
                f"baseline, and magnerve has no result dated {window.isoformat()} or later."
            )
            return start, when, True
    if last is None:
        return today, "magnerve has no result for this test yet.", False
    plural = "month" if months == 1 else "months"
    when = f"Last result {last.isoformat()}; magnerve suggests this test every {months} {plural}."
    return add_months(last, months), when, False


def lab_schedule(
    settings: LabScheduleSettings,
    *,
    today: date,
    last_results: Mapping[str, date],
    supplementing_since: date | None,
    on_metformin: bool,
    has_diabetes: bool,
    interval_months: int | None = None,
) -> list[LabDue]:
    """The tests that apply to the person, soonest first (ties in the order of the YAML).

    ``last_results`` maps an analyte id to the date of its latest result (on or before today).
    ``supplementing_since`` is the day magnesium was started, or ``None`` when not taking it.
    ``interval_months`` is the magnesium monitoring interval (default from the settings; an
    interval outside the allowed range raises :class:`InvalidInput` naming ``interval_months``).
    """
    allowed = settings.magnesium_interval_months
    chosen = allowed.default if interval_months is None else interval_months
    monitoring = check_interval(settings, chosen)
    rows: list[tuple[date, int, LabDue]] = []
    for index, test in enumerate(settings.tests):
        applies = _applies(
            test,
            supplementing=supplementing_since is not None,
            metformin=on_metformin,
            diabetes=has_diabetes,
        )
        if not applies:
            continue
        dates = [last_results[a] for a in test.results_from if a in last_results]
        last = max(dates) if dates else None
        uses_monitoring = not isinstance(test.every_months, int)
        months = test.every_months if isinstance(test.every_months, int) else monitoring
        due, when, baseline = _plan_one(
            test, settings, today=today, last=last, start=supplementing_since, months=months
        )
        refs = [c.ref for c in test.citations]
        refs += [c.ref for c in allowed.citations] if uses_monitoring else []
        item = LabDue(
            analyte=test.analyte,
            name=test.name,
            due_date=due,
            status=due_status(due, today=today, settings=settings),
            reason=f"{test.reason} {when}",
            last_date=last,
            baseline=baseline,
            citations=tuple(dict.fromkeys(refs)),
        )
        rows.append((due, index, item))
    return [item for _, _, item in sorted(rows, key=lambda row: (row[0], row[1]))]


__all__ = [
    "MONITORING_INTERVAL",
    "Applies",
    "DueStatus",
    "LabDue",
    "LabScheduleSettings",
    "MonitoringInterval",
    "ScheduledTest",
    "TimingSettings",
    "add_months",
    "check_interval",
    "due_status",
    "lab_schedule",
]
