"""Charts of a person's records: the service series turned into chart data and rendered.

Shared by ``magnerve chart``, the web pages and the clinician report, so all three draw the
same thing.
"""

from __future__ import annotations

from datetime import date, timedelta

from magnerve.interfaces.charts.lab import LabChartData, LabPoint, render_lab_chart
from magnerve.interfaces.charts.magnesium import (
    MagnesiumChartData,
    MagnesiumDay,
    render_magnesium_chart,
)
from magnerve.interfaces.charts.pain import PainChartData, PainPoint, render_pain_chart
from magnerve.knowledge.load import load_trial_settings
from magnerve.services.charts import LabSeries, MagnesiumSeries, PainSeries


def pain_chart(series: PainSeries) -> str:
    points = tuple(PainPoint(day=d, score=v) for d, v in sorted(series.pain.items()))
    trial = series.trial
    if trial is None:
        return render_pain_chart(PainChartData(points=points))
    start = trial.start
    settings = load_trial_settings()  # the 4- and 12-week marks are the trial rule's own days

    def shown(offset: int) -> date | None:
        day = start + timedelta(days=offset)
        return day if series.first <= day <= series.last else None

    verdict = trial.verdict + (" (12-week result)" if trial.final else "")
    return render_pain_chart(
        PainChartData(
            points=points,
            baseline_start=trial.baseline_from,
            baseline_end=trial.baseline_to,
            baseline_mean=trial.baseline_mean,
            trial_start=start,
            week_4=shown(settings.too_early_before_day.value),
            week_12=shown(settings.final_from_day.value),
            verdict=f"{verdict} on day {trial.day}",
        )
    )


def magnesium_chart(series: MagnesiumSeries) -> str:
    return render_magnesium_chart(
        MagnesiumChartData(
            days=tuple(
                MagnesiumDay(
                    day=d.day,
                    food_mg=d.food_mg,
                    supplement_mg=d.supplement_mg,
                    incomplete=d.foods_without_data > 0,
                )
                for d in series.days
            ),
            rda_mg=series.rda_mg,
            supplement_ul_mg=series.supplement_ul_mg,
        )
    )


def lab_chart(series: LabSeries) -> str:
    return render_lab_chart(
        LabChartData(
            name=series.name,
            unit=series.unit,
            points=tuple(LabPoint(day=d, value=v) for d, v in series.results),
            reference_low=series.reference_low,
            reference_high=series.reference_high,
        )
    )
