"""The lab chart: one analyte in its unit, the reference band when there is one, outliers marked."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from pydantic import ValidationError

from magnerve.interfaces.charts import LabChartData, LabPoint, render_lab_chart
from tests.interfaces.charts.svg_tree import Chart, markers

START = date(2026, 1, 5)


def results(*values: float) -> tuple[LabPoint, ...]:
    return tuple(
        LabPoint(day=START + timedelta(days=90 * i), value=v) for i, v in enumerate(values)
    )


def render(**values: object) -> Chart:
    base: dict[str, object] = {"name": "Serum magnesium", "unit": "mmol/L"}
    return Chart.parse(render_lab_chart(LabChartData.model_validate(base | values)))


def test_results_are_one_series_with_the_unit_on_the_value_axis() -> None:
    chart = render(points=results(0.8, 0.85, 0.9), reference_low=0.75, reference_high=0.95)
    assert markers(chart.by_id("series-lab")) == 3
    assert "Serum magnesium (mmol/L)" in chart.texts()
    assert "Date" in chart.texts()


def test_points_outside_the_band_get_their_own_marker_shape() -> None:
    chart = render(points=results(0.68, 0.8, 0.97, 0.95), reference_low=0.75, reference_high=0.95)
    assert {"reference-band", "points-outside"} <= chart.ids()
    assert markers(chart.by_id("points-outside")) == 2  # 0.95 is on the edge: inside
    legend = chart.text_of("legend")
    assert "Outside reference range" in legend
    assert "Reference range 0.75–0.95 mmol/L" in legend


def test_all_results_inside_the_band_mark_nothing_as_outside() -> None:
    chart = render(points=results(0.8, 0.9), reference_low=0.75, reference_high=0.95)
    assert "reference-band" in chart.ids()
    assert "points-outside" not in chart.ids()
    assert "Outside reference range" not in chart.text_of("legend")


def test_an_analyte_without_a_range_draws_no_band_and_marks_nothing() -> None:
    chart = render(name="Vitamin B12", unit="pmol/L", points=results(180, 320, 900))
    assert "series-lab" in chart.ids()
    assert not {"reference-band", "points-outside"} & chart.ids()
    assert "Vitamin B12 (pmol/L)" in chart.texts()
    assert chart.child_text("desc").endswith("; no reference range.")


@pytest.mark.parametrize(
    ("bounds", "legend", "outside"),
    [
        ({"reference_low": 60}, "Reference range ≥ 60 mL/min/1.73 m²", 1),
        ({"reference_high": 60}, "Reference range ≤ 60 mL/min/1.73 m²", 1),
    ],
    ids=["low-only", "high-only"],
)
def test_a_one_sided_range_is_shaded_to_the_edge_of_the_plot(
    bounds: dict[str, float], legend: str, outside: int
) -> None:
    chart = render(name="eGFR", unit="mL/min/1.73 m²", points=results(72, 58), **bounds)
    assert "reference-band" in chart.ids()
    assert legend in chart.text_of("legend")
    assert markers(chart.by_id("points-outside")) == outside


def test_the_summary_gives_the_latest_result_and_how_many_are_outside() -> None:
    chart = render(points=results(0.68, 0.8), reference_low=0.75, reference_high=0.95)
    assert chart.child_text("desc") == (
        "Serum magnesium (mmol/L): 2 results from 5 Jan to 5 Apr 2026; "
        "latest 0.8 on 5 Apr 2026; reference range 0.75–0.95 mmol/L, 1 outside it."
    )
    assert chart.child_text("title") == "Serum magnesium results"


def test_a_single_result_renders_on_a_readable_date_axis() -> None:
    chart = render(points=results(0.8))
    assert markers(chart.by_id("series-lab")) == 1
    assert "Jan" in chart.texts()


@pytest.mark.parametrize(
    "values",
    [
        {"reference_low": 1.0, "reference_high": 0.5},
        {"reference_low": 1.0, "reference_high": 1.0},
        {"unit": ""},
        {"points": (LabPoint(day=START, value=1), LabPoint(day=START, value=2))},
    ],
    ids=["range-backwards", "empty-range", "no-unit", "same-day-twice"],
)
def test_inconsistent_input_is_refused(values: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        LabChartData.model_validate({"name": "Creatinine", "unit": "µmol/L"} | values)
