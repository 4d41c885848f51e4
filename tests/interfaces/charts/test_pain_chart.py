"""The pain chart: series with gaps, baseline band and mean, trial marks, verdict."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from pydantic import ValidationError

from magnerve.interfaces.charts import PainChartData, PainPoint, render_pain_chart
from tests.interfaces.charts.svg_tree import Chart, line_path, markers, subpaths, text_anchor

START = date(2026, 3, 1)
TRIAL_GIDS = {"baseline-band", "baseline-mean", "mark-start", "mark-week-4", "mark-week-12"}


def day(n: int) -> date:
    return START + timedelta(days=n)


def points(*days: int, score: float = 5) -> tuple[PainPoint, ...]:
    return tuple(PainPoint(day=day(n), score=score) for n in days)


def full_trial(**changes: object) -> PainChartData:
    values: dict[str, object] = {
        "points": tuple(PainPoint(day=day(n), score=6 - n / 30) for n in range(0, 100)),
        "baseline_start": day(0),
        "baseline_end": day(13),
        "baseline_mean": 6.1,
        "trial_start": day(14),
        "week_4": day(42),
        "week_12": day(98),
        "verdict": "Responder: pain fell 2.4 points by week 4",
    }
    values.update(changes)
    return PainChartData.model_validate(values)


def test_a_full_trial_draws_every_part_with_its_id_and_label() -> None:
    chart = Chart.parse(render_pain_chart(full_trial()))
    assert {"series-pain", "verdict", *TRIAL_GIDS} <= chart.ids()
    assert chart.text_of("mark-start-label") == "Trial start"
    assert chart.text_of("mark-week-4-label") == "Week 4"
    assert chart.text_of("mark-week-12-label") == "Week 12"
    assert chart.text_of("baseline-band-label") == "Baseline"
    assert chart.text_of("baseline-mean-label") == "mean 6.1"
    assert chart.text_of("verdict") == "Responder: pain fell 2.4 points by week 4"


def test_axes_are_labelled_with_the_scale_and_pain_ticks_run_0_to_10() -> None:
    texts = Chart.parse(render_pain_chart(full_trial())).texts()
    assert "Pain (0–10)" in texts
    assert "Date" in texts
    assert {"0", "2", "4", "6", "8", "10"} <= set(texts)


def test_every_logged_day_is_one_point() -> None:
    chart = Chart.parse(render_pain_chart(full_trial(points=points(0, 1, 2, 5, 9))))
    assert markers(chart.by_id("series-pain")) == 5


def test_the_line_breaks_at_missing_days_and_never_bridges_them() -> None:
    gapped = Chart.parse(render_pain_chart(full_trial(points=points(0, 1, 2, 5, 6, 9))))
    assert subpaths(line_path(gapped.by_id("series-pain"))) == 3  # 0-2, 5-6, 9
    daily = Chart.parse(render_pain_chart(full_trial(points=points(0, 1, 2, 3))))
    assert subpaths(line_path(daily.by_id("series-pain"))) == 1


def test_without_a_baseline_or_trial_only_the_series_is_drawn() -> None:
    data = PainChartData(points=points(0, 1, 2))
    chart = Chart.parse(render_pain_chart(data))
    assert "series-pain" in chart.ids()
    assert not (TRIAL_GIDS | {"verdict", "baseline-band-label"}) & chart.ids()


def test_a_baseline_without_a_mean_has_the_band_but_no_mean_line() -> None:
    chart = Chart.parse(render_pain_chart(full_trial(baseline_mean=None)))
    assert "baseline-band" in chart.ids()
    assert "baseline-mean" not in chart.ids()
    assert "baseline-mean-label" not in chart.ids()


def test_only_the_marks_given_are_drawn() -> None:
    chart = Chart.parse(render_pain_chart(full_trial(week_4=None, week_12=None)))
    assert "mark-start" in chart.ids()
    assert not {"mark-week-4", "mark-week-12"} & chart.ids()


def test_a_mark_at_the_right_edge_has_its_label_on_the_left_of_the_line() -> None:
    chart = Chart.parse(render_pain_chart(full_trial()))
    assert text_anchor(chart.by_id("mark-week-12-label")) == "end"
    assert text_anchor(chart.by_id("mark-start-label")) == "start"


def test_the_generated_summary_names_the_span_baseline_and_verdict() -> None:
    chart = Chart.parse(render_pain_chart(full_trial()))
    desc = chart.child_text("desc")
    assert desc.startswith("Pain from 1 Mar to 8 Jun 2026, 100 days logged;")
    assert "baseline mean 6.1" in desc
    assert "trial started 15 Mar 2026" in desc
    assert desc.endswith("verdict: Responder: pain fell 2.4 points by week 4.")
    assert chart.child_text("title") == "Daily pain"


def test_a_summary_given_by_the_caller_is_used_as_is() -> None:
    chart = Chart.parse(render_pain_chart(full_trial(summary="Pain eased over 12 weeks.")))
    assert chart.child_text("desc") == "Pain eased over 12 weeks."
    assert chart.root.attrib["aria-label"] == "Pain eased over 12 weeks."


@pytest.mark.parametrize(
    "changes",
    [
        {"points": (PainPoint(day=START, score=1), PainPoint(day=START, score=2))},
        {"baseline_end": None},
        {"baseline_start": day(20), "baseline_end": day(10)},
        {"baseline_start": None, "baseline_end": None},  # a mean with no period
        {"baseline_mean": 11},
    ],
    ids=["same-day-twice", "half-baseline", "baseline-backwards", "mean-alone", "mean-above-10"],
)
def test_inconsistent_input_is_refused_when_the_model_is_built(changes: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        full_trial(**changes)


@pytest.mark.parametrize("score", [-0.1, 10.5, float("nan")])
def test_a_score_outside_0_to_10_is_refused(score: float) -> None:
    with pytest.raises(ValidationError):
        PainPoint(day=START, score=score)


def test_points_are_put_in_date_order() -> None:
    data = PainChartData(points=(PainPoint(day=day(3), score=2), PainPoint(day=day(1), score=4)))
    assert [p.day for p in data.points] == [day(1), day(3)]
