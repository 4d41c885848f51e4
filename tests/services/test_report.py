"""The clinician report's content comes from the other services, for the chosen period."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from magnerve.bootstrap import Magnerve
from magnerve.errors import InvalidInput
from magnerve.knowledge.load import knowledge_version
from magnerve.services.charts import DEFAULT_DAYS, MAX_DAYS
from magnerve.services.report import ClinicianReport
from tests.interfaces.report.example import EXAMPLE_HANDLE, load_example

TODAY = date(2026, 3, 14)  # the fixed clock's day in the example's time zone (Chicago)


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory, food_db_dir: Path) -> Iterator[Magnerve]:
    app = load_example(tmp_path_factory.mktemp("report-service"), food_db_dir)
    yield app
    app.close()


@pytest.fixture(scope="module")
def example(root: Magnerve) -> Magnerve:
    return root.for_person(EXAMPLE_HANDLE)


@pytest.fixture(scope="module")
def report(example: Magnerve) -> ClinicianReport:
    return example.report.report()


def test_default_period_is_the_twelve_weeks_ending_today(report: ClinicianReport) -> None:
    assert report.last == report.today == TODAY
    assert report.first == TODAY - timedelta(days=DEFAULT_DAYS - 1) == date(2025, 12, 21)
    assert (report.magnesium.first, report.magnesium.last) == (report.first, report.last)
    assert report.knowledge_version == knowledge_version()


def test_who_and_kidney_function(report: ClinicianReport) -> None:
    assert report.person.is_example and report.profile.age == 67
    assert report.kidney is not None
    assert (report.kidney.result.value, report.kidney.result.local_date) == (
        68.2,
        date(2026, 3, 12),
    )
    assert report.kidney.stage == "G2" and report.kidney.decimals == 0
    assert report.kidney.description.startswith("G2 (eGFR 60–89")


def test_medicines_now_and_those_stopped_in_the_period(report: ClinicianReport) -> None:
    assert [m.input for m in report.medicines] == ["metformin 500 mg", "gabapentin 600 mg"]
    assert [m.input for m in report.stopped_medicines] == ["gabapentin 300 mg"]


def test_regimen_numbers_are_the_check_and_the_plan_numbers(
    example: Magnerve, report: ClinicianReport
) -> None:
    check = example.safety.check()
    plan = example.plan.plan()
    regimen = report.regimen
    assert regimen.taken_mg_per_day == check.facts.supplemental_mg_per_day == 300
    assert regimen.planned_mg_per_day == plan.daily_elemental_mg
    assert regimen.dose_times == plan.day_plan.magnesium_items
    assert [t for t, _ in regimen.dose_times] == ["12:00", "19:00"]
    [line] = regimen.products
    assert line.form_name == "Magnesium bisglycinate"
    assert line.servings_per_day == 6 and line.elemental_mg_per_day == 300
    targets = example.profile.show().targets
    assert targets is not None
    assert report.rda_mg == targets.magnesium_rda_mg == 320
    assert report.supplement_ul_mg == targets.magnesium_supplement_ul_mg == 350


def test_trial_is_the_trial_services_evaluation(example: Magnerve, report: ClinicianReport) -> None:
    assert report.trial is not None
    assert report.trial.result == example.trial.evaluate().result
    assert report.trial.result.verdict == "responder" and report.trial.result.final
    assert report.trial.product_name == "Magnesium glycinate 50"
    # no --from: the pain chart reaches back to the week the trial is compared with
    assert report.pain.first <= report.trial.result.baseline_from < report.first


def test_labs_latest_previous_and_trends(report: ClinicianReport) -> None:
    by_test = {line.analyte: line for line in report.labs}
    assert list(by_test) == ["serum-magnesium", "creatinine", "egfr", "vitamin-b12", "hba1c"]
    serum = by_test["serum-magnesium"]
    assert (serum.latest.value, serum.latest.unit, serum.latest.flag) == (0.84, "mmol/L", "normal")
    assert serum.previous is not None and serum.previous.value == 0.78
    assert serum.direction == "up" and serum.decimals == 2
    assert by_test["egfr"].direction == "down" and by_test["egfr"].stage == "G2"
    assert by_test["vitamin-b12"].previous is None and by_test["vitamin-b12"].direction is None
    assert [(s.name, len(s.results)) for s in report.lab_trends] == [
        ("serum magnesium", 2),
        ("eGFR", 2),
    ]


def test_findings_are_the_checks_findings(example: Magnerve, report: ClinicianReport) -> None:
    assert [f.id for f in report.findings] == [f.id for f in example.safety.check().findings]
    assert report.findings and all(f.citations for f in report.findings)


def test_an_earlier_period_judges_everything_on_its_last_day(example: Magnerve) -> None:
    early = example.report.report(start="2025-12-01", end="2026-01-31")
    assert (early.first, early.last) == (date(2025, 12, 1), date(2026, 1, 31))
    assert early.pain.first == date(2025, 12, 1)  # an explicit --from is kept
    assert [m.input for m in early.medicines] == ["metformin 500 mg", "gabapentin 300 mg"]
    assert early.trial is not None and early.trial.result.evaluated_on == date(2026, 1, 31)
    assert not early.trial.result.final
    assert {line.latest.local_date for line in early.labs} == {date(2025, 12, 6)}
    assert early.lab_trends == ()  # one result each up to then


def test_my_report_never_shows_the_example(root: Magnerve) -> None:
    mine = root.report.report()
    assert mine.person.handle == "me" and not mine.person.is_example
    assert mine.medicines == () and mine.labs == () and mine.regimen.products == ()
    assert mine.trial is None and mine.kidney is None and mine.magnesium.days == []


@pytest.mark.parametrize(
    ("start", "end", "field", "words"),
    [
        ("2026-03-10", "2026-03-01", "from", "after it ends"),
        ("2026-02-30", None, "from", "not a valid date"),
        (None, "2026-03-15", "to", "in the future"),
        (None, "soon", "to", "not a valid date"),
        ((TODAY - timedelta(days=MAX_DAYS)).isoformat(), None, "from", "at most"),
    ],
)
def test_bad_periods_name_the_field(
    example: Magnerve, start: str | None, end: str | None, field: str, words: str
) -> None:
    with pytest.raises(InvalidInput) as caught:
        example.report.report(start=start, end=end)
    assert caught.value.field == field
    assert words in caught.value.message
