"""The lab schedule: baseline, every N months, month-end clamping, due/overdue/ok boundaries."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from magnerve.domain.lab_schedule import (
    LabDue,
    LabScheduleSettings,
    add_months,
    check_interval,
    due_status,
    lab_schedule,
)
from magnerve.errors import InvalidInput
from magnerve.knowledge.load import load_lab_schedule

SETTINGS: LabScheduleSettings = load_lab_schedule()
TODAY = date(2026, 6, 15)
START = date(2026, 1, 10)


def _schedule(
    last: dict[str, date] | None = None,
    *,
    today: date = TODAY,
    since: date | None = START,
    metformin: bool = False,
    diabetes: bool = False,
    months: int | None = None,
) -> dict[str, LabDue]:
    items = lab_schedule(
        SETTINGS,
        today=today,
        last_results=last or {},
        supplementing_since=since,
        on_metformin=metformin,
        has_diabetes=diabetes,
        interval_months=months,
    )
    by_analyte = {item.analyte: item for item in items}
    assert len(by_analyte) == len(items)
    return by_analyte


# --- month arithmetic ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),  # leap year
        (date(2026, 1, 31), 3, date(2026, 4, 30)),
        (date(2026, 3, 31), 6, date(2026, 9, 30)),
        (date(2026, 8, 31), 6, date(2027, 2, 28)),
        (date(2028, 2, 29), 12, date(2029, 2, 28)),
        (date(2026, 11, 15), 2, date(2027, 1, 15)),  # across the year end
        (date(2026, 12, 31), 12, date(2027, 12, 31)),
        (date(2026, 5, 15), 0, date(2026, 5, 15)),
        (date(2026, 3, 31), -1, date(2026, 2, 28)),
    ],
)
def test_add_months_clamps_to_the_month_end(day: date, months: int, expected: date) -> None:
    assert add_months(day, months) == expected


@given(day=st.dates(date(1950, 1, 1), date(2100, 12, 31)), months=st.integers(0, 120))
def test_add_months_lands_in_the_right_month_and_never_overshoots(day: date, months: int) -> None:
    moved = add_months(day, months)
    assert (moved.year * 12 + moved.month) - (day.year * 12 + day.month) == months
    assert moved.day == day.day or (moved.day < day.day and (moved + timedelta(1)).day == 1)


# --- who gets which tests ------------------------------------------------------------------------


def test_nothing_is_due_without_magnesium_metformin_or_diabetes() -> None:
    assert _schedule(since=None) == {}


def test_not_supplementing_gives_no_magnesium_or_kidney_rows() -> None:
    rows = _schedule({"serum-magnesium": date(2026, 1, 1)}, since=None, metformin=True,
                     diabetes=True)  # fmt: skip
    assert set(rows) == {"vitamin-b12", "hba1c"}


def test_supplementing_gives_magnesium_and_kidney_rows_only() -> None:
    assert set(_schedule()) == {"serum-magnesium", "creatinine"}


def test_metformin_alone_gives_b12_and_diabetes_alone_gives_hba1c() -> None:
    assert set(_schedule(since=None, metformin=True)) == {"vitamin-b12"}
    assert set(_schedule(since=None, diabetes=True)) == {"hba1c"}


# --- baseline ------------------------------------------------------------------------------------


def test_no_result_means_a_baseline_due_on_the_start_date() -> None:
    today = START - timedelta(days=20)  # planning ahead
    rows = _schedule(today=today)
    for analyte in ("serum-magnesium", "creatinine"):
        row = rows[analyte]
        assert (row.due_date, row.baseline, row.last_date, row.status) == (START, True, None, "ok")
        assert "2026-01-10" in row.reason and "baseline" in row.reason


def test_a_result_within_90_days_before_the_start_is_the_baseline() -> None:
    window_start = START - timedelta(days=90)  # 2025-10-12
    rows = _schedule({"serum-magnesium": window_start}, today=START)
    mg = rows["serum-magnesium"]
    assert not mg.baseline
    assert mg.due_date == add_months(window_start, 3) == date(2026, 1, 12)
    assert mg.last_date == window_start


def test_a_result_just_older_than_the_window_does_not_count_as_baseline() -> None:
    too_old = START - timedelta(days=91)
    mg = _schedule({"serum-magnesium": too_old}, today=START)["serum-magnesium"]
    assert (mg.baseline, mg.due_date, mg.last_date) == (True, START, too_old)


def test_a_baseline_missed_long_ago_is_overdue() -> None:
    mg = _schedule(today=START + timedelta(days=31))["serum-magnesium"]
    assert (mg.due_date, mg.status) == (START, "overdue")
    assert _schedule(today=START + timedelta(days=30))["serum-magnesium"].status == "due"


def test_an_egfr_counts_as_a_kidney_result_and_the_newest_wins() -> None:
    rows = _schedule({"creatinine": date(2026, 2, 1), "egfr": date(2026, 3, 5)})
    kidney = rows["creatinine"]
    assert (kidney.last_date, kidney.due_date, kidney.baseline) == (
        date(2026, 3, 5),
        date(2026, 6, 5),
        False,
    )
    assert kidney.name == "kidney function (creatinine and eGFR)"


# --- every N months ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("months", "expected"),
    [(2, date(2026, 4, 28)), (3, date(2026, 5, 28)), (4, date(2026, 6, 28)),
     (5, date(2026, 7, 28)), (6, date(2026, 8, 28))],
)  # fmt: skip
def test_every_n_months_from_the_last_result(months: int, expected: date) -> None:
    last = date(2026, 2, 28)
    rows = _schedule({"serum-magnesium": last, "creatinine": last}, months=months)
    assert rows["serum-magnesium"].due_date == expected
    assert rows["creatinine"].due_date == rows["serum-magnesium"].due_date
    assert f"every {months} months" in rows["serum-magnesium"].reason


def test_default_interval_is_three_months_and_month_ends_clamp() -> None:
    mg = _schedule({"serum-magnesium": date(2025, 11, 30)})["serum-magnesium"]
    assert mg.due_date == date(2026, 2, 28)  # 30 November + 3 months
    mg = _schedule({"serum-magnesium": date(2026, 5, 31)}, months=4)["serum-magnesium"]
    assert mg.due_date == date(2026, 9, 30)


def test_metformin_b12_is_yearly() -> None:
    b12 = _schedule({"vitamin-b12": date(2025, 6, 20)}, since=None, metformin=True)["vitamin-b12"]
    assert (b12.due_date, b12.status, b12.last_date) == (
        date(2026, 6, 20),
        "due",
        date(2025, 6, 20),
    )
    assert "once a year" in b12.reason
    assert b12.citations == (
        "ada-2026-ch12",
        "alvarez-2025-metformin-b12",
        "kancherla-2017-metformin-b12",
    )
    leap = _schedule({"vitamin-b12": date(2024, 2, 29)}, since=None, metformin=True)
    assert leap["vitamin-b12"].due_date == date(2025, 2, 28)


def test_b12_with_no_result_is_due_today_not_overdue() -> None:
    b12 = _schedule(since=None, metformin=True)["vitamin-b12"]
    assert (b12.due_date, b12.status, b12.baseline) == (TODAY, "due", False)
    assert "no result" in b12.reason


def test_hba1c_every_six_months_with_diabetes() -> None:
    hba1c = _schedule({"hba1c": date(2026, 2, 10)}, since=None, diabetes=True)["hba1c"]
    assert (hba1c.due_date, hba1c.status) == (date(2026, 8, 10), "ok")
    assert hba1c.citations == ("ada-2022-ch6-glycemic-targets",)


def test_the_interval_does_not_change_b12_or_hba1c() -> None:
    last = {"vitamin-b12": date(2026, 1, 1), "hba1c": date(2026, 1, 1)}
    short = _schedule(last, since=None, metformin=True, diabetes=True, months=2)
    long = _schedule(last, since=None, metformin=True, diabetes=True, months=6)
    assert short == long


# --- status boundaries ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("offset_days", "status"),
    [(-31, "overdue"), (-30, "due"), (-1, "due"), (0, "due"), (13, "due"), (14, "due"),
     (15, "ok"), (200, "ok")],
)  # fmt: skip
def test_status_lead_time_and_grace(offset_days: int, status: str) -> None:
    """Due from 14 days before; overdue more than 30 days after (both product rules)."""
    due = TODAY + timedelta(days=offset_days)
    assert due_status(due, today=TODAY, settings=SETTINGS) == status
    last = add_months(due, -3)
    if add_months(last, 3) == due:  # a last result that puts the due date exactly there
        assert _schedule({"serum-magnesium": last})["serum-magnesium"].status == status


def test_rows_are_soonest_first_with_ties_in_yaml_order() -> None:
    rows = lab_schedule(
        SETTINGS,
        today=TODAY,
        last_results={"vitamin-b12": date(2025, 1, 1), "hba1c": date(2026, 6, 1)},
        supplementing_since=START,
        on_metformin=True,
        has_diabetes=True,
    )
    assert [(r.analyte, r.due_date) for r in rows] == [
        ("vitamin-b12", date(2026, 1, 1)),
        ("serum-magnesium", START),  # same day as creatinine: YAML order
        ("creatinine", START),
        ("hba1c", date(2026, 12, 1)),
    ]
    assert [r.status for r in rows] == ["overdue", "overdue", "overdue", "ok"]
    assert [r.baseline for r in rows] == [False, True, True, False]


def test_magnesium_rows_cite_the_smpc_and_name_the_test() -> None:
    mg = _schedule()["serum-magnesium"]
    assert mg.name == "blood magnesium"
    assert mg.citations == ("emc-12118-magnesium-kora", "emc-11577-magnesium-glycerophosphate")
    assert "3 to 6 months" in mg.reason


# --- interval validation -------------------------------------------------------------------------


@pytest.mark.parametrize("months", [2, 3, 6])
def test_allowed_intervals(months: int) -> None:
    assert check_interval(SETTINGS, months) == months


@pytest.mark.parametrize("months", [0, 1, 7, 12, -3, 2.5, "3", True, None])
def test_interval_outside_2_to_6_whole_months_is_refused(months: object) -> None:
    with pytest.raises(InvalidInput) as info:
        check_interval(SETTINGS, months)
    assert info.value.field == "interval_months"
    assert info.value.hint == "Choose 2 to 6 months (default 3)."


def test_lab_schedule_refuses_a_bad_interval_even_when_nothing_applies() -> None:
    with pytest.raises(InvalidInput) as info:
        _schedule(since=None, months=7)
    assert "7 months is outside the allowed 2–6 months" in info.value.message


def test_lab_due_is_frozen() -> None:
    row = _schedule()["serum-magnesium"]
    with pytest.raises(ValueError):
        row.status = "ok"  # type: ignore[misc]
