"""The supplement trial: verdicts at every boundary, periods, the interval, adherence, confounders,
messages, bad input and properties."""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from magnerve.domain.student_t import t_quantile
from magnerve.domain.trials import (
    ConfounderEvent,
    TrialResult,
    TrialSettings,
    evaluate_trial,
)
from magnerve.errors import InvalidInput
from magnerve.knowledge.load import load_trial_settings

SETTINGS = load_trial_settings()
TEXTS = SETTINGS.texts
START = date(2026, 3, 2)
RANK = {"responder": 3, "partial": 2, "no-change": 1, "worse": 0}


def _pain(baseline: Sequence[float], window: Sequence[float], day: int) -> dict[date, float]:
    """Baseline scores from the first baseline day on; window scores from the first window day."""
    evaluated_on = START + timedelta(days=day)
    pain = {START - timedelta(days=7 - n): v for n, v in enumerate(baseline)}
    pain.update({evaluated_on - timedelta(days=6 - n): v for n, v in enumerate(window)})
    return pain


def _evaluate(
    baseline: Sequence[float] = (5,) * 7,
    window: Sequence[float] = (5,) * 7,
    day: int = 28,
    *,
    pain: dict[date, float] | None = None,
    dose_days: Sequence[date] = (),
    events: Sequence[ConfounderEvent] = (),
    hba1c: Sequence[tuple[date, float]] = (),
    settings_: TrialSettings = SETTINGS,
) -> TrialResult:
    return evaluate_trial(
        start=START,
        evaluated_on=START + timedelta(days=day),
        pain=_pain(baseline, window, day) if pain is None else pain,
        dose_days=dose_days,
        events=events,
        hba1c=hba1c,
        settings=settings_,
    )


# --- verdicts -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("baseline", "window", "verdict", "change", "percent"),
    [
        pytest.param([5] * 7, [5] * 7, "no-change", 0.0, 0.0, id="unchanged"),
        pytest.param([8] * 7, [6] * 7, "responder", -2.0, -25.0, id="exactly 2 points lower"),
        pytest.param([8] * 7, [6.01] * 7, "partial", -1.99, -24.9, id="1.99 points lower"),
        pytest.param([8.2] * 4, [6.2] * 4, "responder", -2.0, -24.4, id="2 points, float trap"),
        pytest.param([5] * 7, [3.5] * 7, "responder", -1.5, -30.0, id="exactly 30% lower"),
        pytest.param([3.3] * 7, [2.31] * 7, "responder", -0.99, -30.0, id="30% lower, float trap"),
        pytest.param([5] * 7, [3.505] * 7, "partial", -1.5, -29.9, id="29.9% lower"),
        pytest.param([5] * 7, [4.5] * 7, "partial", -0.5, -10.0, id="exactly 10% lower"),
        pytest.param([5] * 7, [4.505] * 7, "no-change", -0.5, -9.9, id="9.9% lower"),
        pytest.param([8] * 7, [10] * 7, "worse", 2.0, 25.0, id="exactly 2 points higher"),
        pytest.param([6.7] * 4, [8.7] * 4, "worse", 2.0, 29.9, id="2 points higher, float trap"),
        pytest.param([8] * 7, [9.99] * 7, "no-change", 1.99, 24.9, id="1.99 points higher"),
        pytest.param([5] * 7, [6.5] * 7, "worse", 1.5, 30.0, id="exactly 30% higher"),
        pytest.param([5] * 7, [6.495] * 7, "no-change", 1.5, 29.9, id="29.9% higher"),
        pytest.param([5] * 7, [5.5] * 7, "no-change", 0.5, 10.0, id="10% higher is no change"),
        pytest.param([6, 7, 5, 6, 8, 6, 4], [4, 3, 5, 4], "responder", -2.0, -33.3, id="mixed"),
        pytest.param([0] * 7, [0] * 7, "no-change", 0.0, None, id="baseline 0, still 0"),
        pytest.param([0] * 7, [1.99] * 7, "no-change", 1.99, None, id="baseline 0, 1.99 up"),
        pytest.param([0] * 7, [2] * 7, "worse", 2.0, None, id="baseline 0, 2 points up"),
    ],
)
def test_verdicts_at_the_boundaries(
    baseline: list[float],
    window: list[float],
    verdict: str,
    change: float,
    percent: float | None,
) -> None:
    result = _evaluate(baseline, window)
    assert (result.verdict, result.change, result.percent_change) == (verdict, change, percent)
    assert result.final is False


def test_means_and_periods() -> None:
    result = _evaluate([6, 7, 5, 6, 8, 6, 4], [4, 3, 5, 4, 5], day=30)
    assert (result.baseline_mean, result.window_mean, result.change) == (6.0, 4.2, -1.8)
    assert result.percent_change == -30.0
    assert (result.baseline_from, result.baseline_to) == (date(2026, 2, 23), date(2026, 3, 1))
    assert (result.window_from, result.window_to) == (date(2026, 3, 26), date(2026, 4, 1))
    assert (result.baseline_days_logged, result.window_days_logged) == (7, 5)
    assert (result.start, result.evaluated_on, result.day) == (START, date(2026, 4, 1), 30)


def test_means_are_rounded_to_two_decimals_and_the_percentage_to_one() -> None:
    result = _evaluate([7, 7, 7, 8, 8, 8, 8], [6, 6, 7])  # window too short: numbers still shown
    assert (result.baseline_mean, result.window_mean) == (7.57, 6.33)
    assert (result.change, result.percent_change) == (-1.24, -16.4)
    assert result.verdict == "insufficient-data"


def test_scores_outside_both_weeks_do_not_count() -> None:
    pain = _pain([5] * 7, [5] * 7, 28)
    pain[START] = 0  # day 0: neither week
    pain[START + timedelta(days=10)] = 0
    pain[START - timedelta(days=8)] = 10  # before the baseline
    pain[START + timedelta(days=29)] = 10  # after the evaluation date
    result = _evaluate(pain=pain)
    assert (result.baseline_mean, result.window_mean, result.verdict) == (5.0, 5.0, "no-change")
    assert (result.baseline_days_logged, result.window_days_logged) == (7, 7)


@pytest.mark.parametrize(
    ("baseline_logged", "window_logged", "verdict"),
    [(3, 7, "insufficient-data"), (4, 7, "responder"), (7, 3, "insufficient-data"),
     (7, 4, "responder"), (4, 4, "responder"), (0, 7, "insufficient-data"),
     (7, 0, "insufficient-data")],
)  # fmt: skip
def test_each_week_needs_four_days_with_a_score(
    baseline_logged: int, window_logged: int, verdict: str
) -> None:
    result = _evaluate([8] * baseline_logged, [4] * window_logged)
    assert result.verdict == verdict
    assert (result.baseline_days_logged, result.window_days_logged) == (
        baseline_logged,
        window_logged,
    )


def test_insufficient_data_still_shows_the_numbers_it_has() -> None:
    short = _evaluate([8] * 3, [4] * 7)
    assert (short.baseline_mean, short.window_mean, short.change) == (8.0, 4.0, -4.0)
    assert short.percent_change == -50.0
    assert short.message == TEXTS.insufficient_data
    empty = _evaluate([], [4] * 7)
    assert (empty.baseline_mean, empty.window_mean, empty.change) == (None, 4.0, None)
    assert (empty.percent_change, empty.ci95) == (None, None)


@pytest.mark.parametrize(
    ("day", "verdict", "final"),
    [(6, "too-early", False), (27, "too-early", False), (28, "responder", False),
     (83, "responder", False), (84, "responder", True), (200, "responder", True)],
)  # fmt: skip
def test_too_early_before_day_28_and_final_from_day_84(day: int, verdict: str, final: bool) -> None:
    result = _evaluate([8] * 7, [5] * 7, day=day)
    assert (result.day, result.verdict, result.final) == (day, verdict, final)
    assert (result.change, result.percent_change) == (-3.0, -37.5)  # shown even when too early


def test_on_day_0_the_window_is_the_week_ending_on_the_start_date() -> None:
    result = _evaluate([6] * 7, [], day=0, pain={START - timedelta(days=n): 6 for n in range(7)})
    assert (result.window_from, result.window_to) == (START - timedelta(days=6), START)
    assert result.window_days_logged == 7  # start - 6 … start, overlapping the baseline
    assert result.verdict == "too-early"


def test_insufficient_data_comes_before_too_early() -> None:
    assert _evaluate([8] * 7, [5] * 3, day=10).verdict == "insufficient-data"
    assert _evaluate([8] * 7, [5] * 4, day=10).verdict == "too-early"


def test_final_can_be_insufficient_data() -> None:
    result = _evaluate([8] * 7, [5] * 2, day=90)
    assert (result.verdict, result.final) == ("insufficient-data", True)


# --- messages -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("baseline", "window", "day", "expected"),
    [
        ([8] * 7, [5] * 7, 28, f"{TEXTS.responder} {TEXTS.evidence.text}"),
        ([5] * 7, [4.5] * 7, 28, f"{TEXTS.partial} {TEXTS.evidence.text}"),
        ([5] * 7, [5] * 7, 28, TEXTS.no_change),
        ([5] * 7, [5] * 7, 83, TEXTS.no_change),
        ([5] * 7, [5] * 7, 84, TEXTS.final_no_change),
        ([5] * 7, [8] * 7, 28, TEXTS.worse),
        ([5] * 7, [8] * 7, 84, TEXTS.worse),
        ([5] * 7, [5] * 7, 27, TEXTS.too_early),
        ([5] * 3, [5] * 7, 84, TEXTS.insufficient_data),
    ],
)
def test_messages(baseline: list[float], window: list[float], day: int, expected: str) -> None:
    assert _evaluate(baseline, window, day).message == expected.strip()


def test_the_final_no_change_message_says_plainly_to_talk_to_a_clinician() -> None:
    message = _evaluate([5] * 7, [5] * 7, day=84).message
    assert "unlikely to help" in message
    assert "clinician" in message


# --- the interval ---------------------------------------------------------------------------------


def test_welch_interval_worked_by_hand() -> None:
    # Means 6 and 4, variances 2/3 and 2/3, n = 4 and 4: standard error sqrt(1/3) = 0.57735,
    # degrees of freedom (1/3)² / (2 × (1/6)² / 3) = 6, t(0.975, 6) = 2.44691;
    # -2 ± 1.41273 → [-3.41, -0.59].
    result = _evaluate([5, 6, 7, 6], [3, 4, 5, 4])
    assert result.change == -2.0
    assert result.ci95 == (-3.41, -0.59)


@pytest.mark.parametrize(
    ("baseline", "window"),
    [
        ([6, 7, 5, 6, 8, 6, 4], [4, 3, 5, 4, 5]),
        ([7.5, 8, 6, 9, 7], [2, 6, 3, 8, 1, 4, 5]),
        ([3, 3, 3, 3, 3, 3, 4], [9, 1, 5, 7]),
        ([5, 5, 5, 5], [2, 4, 6, 3]),  # no spread in the baseline: df = 3
    ],
)
def test_welch_interval_agrees_with_scipy(baseline: list[float], window: list[float]) -> None:
    scipy_stats = pytest.importorskip("scipy.stats")
    with warnings.catch_warnings():  # scipy warns about a week with no spread; the answer stands
        warnings.simplefilter("ignore", RuntimeWarning)
        test = scipy_stats.ttest_ind(window, baseline, equal_var=False)
    expected = test.confidence_interval(0.95)
    result = _evaluate(baseline, window)
    assert result.ci95 is not None
    low, high = result.ci95
    assert low == pytest.approx(float(expected.low), abs=0.005 + 1e-9)
    assert high == pytest.approx(float(expected.high), abs=0.005 + 1e-9)
    assert round(low, 2) == low and round(high, 2) == high


def test_no_interval_without_spread_or_with_a_single_score() -> None:
    assert _evaluate([5] * 7, [3] * 7).ci95 is None  # every score in each week the same
    one = _evaluate([6, 7, 5, 6], [4])
    assert (one.ci95, one.window_mean) == (None, 4.0)
    assert _evaluate([6], [4, 5, 3, 4]).ci95 is None


@pytest.mark.parametrize("df", [1, 1.5, 2, 3.7, 6, 12.3, 30, 100, 1000, 100_000])
@pytest.mark.parametrize("probability", [0.5, 0.6, 0.9, 0.95, 0.975, 0.995, 0.9995])
def test_t_quantile_agrees_with_scipy(df: float, probability: float) -> None:
    scipy_stats = pytest.importorskip("scipy.stats")
    expected = float(scipy_stats.t.ppf(probability, df))
    assert t_quantile(probability, df) == pytest.approx(expected, rel=1e-9, abs=1e-9)


def test_t_quantile_known_values() -> None:
    assert t_quantile(0.975, 6) == pytest.approx(2.446912, abs=1e-6)
    assert t_quantile(0.975, 1) == pytest.approx(12.706205, abs=1e-6)
    assert t_quantile(0.5, 4) == pytest.approx(0.0, abs=1e-9)


@pytest.mark.parametrize(("probability", "df"), [(0.4, 5), (1.0, 5), (0.95, 0), (0.95, -1)])
def test_t_quantile_refuses_what_it_cannot_do(probability: float, df: float) -> None:
    with pytest.raises(ValueError, match="probability"):
        t_quantile(probability, df)


# --- adherence ------------------------------------------------------------------------------------


def test_adherence_counts_days_with_a_dose_from_the_start_through_the_evaluation_date() -> None:
    trial = [START + timedelta(days=n) for n in range(29)]  # day 0 … day 28
    taken = [d for n, d in enumerate(trial) if n not in (3, 10, 17)]  # 26 of 29 days
    outside = [START - timedelta(days=1), START + timedelta(days=29)]
    result = _evaluate(dose_days=[*taken, *taken[:5], *outside])  # repeats count once
    assert (result.dose_days_logged, result.trial_days) == (26, 29)
    assert result.adherence == 0.9  # 26/29 = 0.897
    assert _evaluate(dose_days=trial).adherence == 1.0
    assert _evaluate(dose_days=()).adherence == 0.0


def test_adherence_on_day_0() -> None:
    assert _evaluate(day=0, dose_days=[START]).adherence == 1.0
    assert _evaluate(day=1, dose_days=[START]).adherence == 0.5
    assert _evaluate(day=2, dose_days=[START]).adherence == 0.33


# --- confounders ----------------------------------------------------------------------------------


def _event(
    when: date, kind: str = "pain-medicine-started", what: str = "pregabalin"
) -> ConfounderEvent:
    return ConfounderEvent.model_validate(
        {"date": when, "kind": kind, "description": f"{what} {kind}", "involves": (what,)}
    )


def test_confounders_from_the_first_baseline_day_through_the_evaluation_date() -> None:
    first, last = START - timedelta(days=7), START + timedelta(days=28)
    inside = [
        _event(last, "dose-changed", "magnesium"),
        _event(first),
        _event(START + timedelta(days=3), "pain-medicine-changed", "duloxetine"),
    ]
    outside = [_event(first - timedelta(days=1)), _event(last + timedelta(days=1))]
    result = _evaluate([8] * 7, [5] * 7, events=[*outside, *inside])
    assert [e.date for e in result.confounders] == [first, START + timedelta(days=3), last]
    assert result.confounders[1].involves == ("duloxetine",)
    assert result.message.endswith(TEXTS.confounders.strip())


def test_no_confounder_note_when_nothing_can_be_judged() -> None:
    event = [_event(START)]
    assert _evaluate([8] * 7, [5] * 7, day=20, events=event).message == TEXTS.too_early.strip()
    assert len(_evaluate([8] * 7, [5] * 7, day=20, events=event).confounders) == 1
    assert _evaluate([8] * 7, [5] * 7, events=()).message.endswith(TEXTS.evidence.text.strip())


def test_an_unknown_event_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="kind"):
        _event(START, "weather")


def _hba1c_events(readings: list[tuple[date, float]], day: int = 28) -> list[ConfounderEvent]:
    return [e for e in _evaluate(day=day, hba1c=readings).confounders if e.kind == "hba1c-change"]


def test_hba1c_change_of_exactly_half_a_point_is_a_confounder() -> None:
    before, inside = date(2025, 12, 1), START + timedelta(days=20)
    (event,) = _hba1c_events([(before, 7.7), (inside, 8.2)])  # 8.2 - 7.7 < 0.5 in binary
    assert event.date == inside
    assert event.involves == ("HbA1c",)
    assert event.description == (
        "HbA1c was 7.7% on 2025-12-01 and 8.2% on 2026-03-22, 0.5 percentage points apart."
    )
    assert _hba1c_events([(before, 7.7), (inside, 8.19)]) == []
    assert _hba1c_events([(before, 8.2), (inside, 7.7)])[0].date == inside  # a fall counts too


def test_hba1c_readings_that_count() -> None:
    first = START - timedelta(days=7)
    # Two readings in the period, none before.
    assert len(_hba1c_events([(first, 7.0), (START + timedelta(days=9), 6.4)])) == 1
    # Only the last reading before the period is the reference; older ones do not count.
    old = [(date(2025, 6, 1), 9.0), (date(2025, 12, 1), 7.0)]
    assert _hba1c_events([*old, (START, 7.2)]) == []
    # Readings before the period alone, or after the evaluation date, do not count.
    assert _hba1c_events(old) == []
    assert _hba1c_events([(date(2025, 12, 1), 7.0), (START + timedelta(days=29), 8.0)]) == []


def test_the_two_hba1c_readings_furthest_apart_are_named() -> None:
    readings = [(date(2025, 12, 1), 7.0), (START, 7.6), (START + timedelta(days=14), 8.1)]
    (event,) = _hba1c_events(readings)
    assert event.description.startswith("HbA1c was 7.0% on 2025-12-01 and 8.1% on 2026-03-16")


# --- bad input ------------------------------------------------------------------------------------


def test_an_evaluation_date_before_the_start_is_refused() -> None:
    with pytest.raises(InvalidInput) as error:
        _evaluate(day=-1)
    assert error.value.field == "date"
    assert "2026-03-01" in error.value.message


@pytest.mark.parametrize("score", [-0.1, 10.1, float("nan"), float("inf")])
def test_a_pain_score_outside_0_to_10_is_refused(score: float) -> None:
    pain = _pain([5] * 7, [5] * 7, 28)
    pain[START] = score
    with pytest.raises(InvalidInput) as error:
        _evaluate(pain=pain)
    assert error.value.field == "pain"


@pytest.mark.parametrize("value", [0.0, -5.0, float("nan")])
def test_a_bad_hba1c_is_refused(value: float) -> None:
    with pytest.raises(InvalidInput) as error:
        _evaluate(hba1c=[(START, value)])
    assert error.value.field == "hba1c"


def test_the_result_is_frozen_and_dumps_the_contract_keys() -> None:
    result = _evaluate([5, 6, 7, 6], [3, 4, 5, 4])
    with pytest.raises(ValueError, match="frozen"):
        result.verdict = "worse"  # type: ignore[misc]
    dumped = result.model_dump(mode="json")
    for key in ("day", "baseline_mean", "window_mean", "change", "percent_change", "verdict",
                "final", "ci95", "adherence", "confounders", "baseline_days_logged",
                "window_days_logged", "message"):  # fmt: skip
        assert key in dumped
    assert dumped["ci95"] == [-3.41, -0.59]
    assert dumped["evaluated_on"] == "2026-03-30"


# --- properties -----------------------------------------------------------------------------------

_TENTHS = st.lists(st.integers(0, 100), min_size=4, max_size=7)


@settings(max_examples=200, deadline=None)
@given(baseline=_TENTHS, window=_TENTHS, day=st.integers(0, 120), data=st.data())
def test_adding_a_constant_to_every_score_shifts_both_means_and_keeps_the_change(
    baseline: list[int], window: list[int], day: int, data: st.DataObject
) -> None:
    both = baseline + window
    shift = data.draw(st.integers(-min(both), 100 - max(both)), label="shift in tenths")
    original = _evaluate([v / 10 for v in baseline], [v / 10 for v in window], day)
    shifted = _evaluate(
        [(v + shift) / 10 for v in baseline], [(v + shift) / 10 for v in window], day
    )
    assert shifted.change == original.change
    assert shifted.ci95 == original.ci95
    assert original.baseline_mean is not None and original.window_mean is not None
    assert shifted.baseline_mean == pytest.approx(original.baseline_mean + shift / 10, abs=1e-9)
    assert shifted.window_mean == pytest.approx(original.window_mean + shift / 10, abs=1e-9)


_SCORES = st.lists(st.floats(0, 10), min_size=4, max_size=7)


@settings(max_examples=300, deadline=None)
@given(
    baseline=_SCORES,
    window=_SCORES,
    rises=st.lists(st.floats(0, 10), min_size=7, max_size=7),
    day=st.integers(28, 200),
)
def test_higher_pain_in_the_window_never_gives_a_better_verdict(
    baseline: list[float], window: list[float], rises: list[float], day: int
) -> None:
    higher = [min(10.0, v + r) for v, r in zip(window, rises, strict=False)]
    before, after = _evaluate(baseline, window, day), _evaluate(baseline, higher, day)
    assert RANK[after.verdict] <= RANK[before.verdict]


@settings(max_examples=300, deadline=None)
@given(baseline=_SCORES, window=_SCORES, day=st.integers(28, 200))
def test_the_verdict_follows_the_numbers_shown(
    baseline: list[float], window: list[float], day: int
) -> None:
    result = _evaluate(baseline, window, day)
    change, percent = result.change, result.percent_change
    assert change is not None
    if change <= -2.0 or (percent is not None and percent <= -30):
        expected = "responder"
    elif percent is not None and percent <= -10:
        expected = "partial"
    elif change >= 2.0 or (percent is not None and percent >= 30):
        expected = "worse"
    else:
        expected = "no-change"
    assert result.verdict == expected
    assert 0 <= result.adherence <= 1
