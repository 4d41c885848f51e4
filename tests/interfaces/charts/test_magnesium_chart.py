"""The magnesium chart: stacked bars per day, incomplete days hatched, RDA and supplement UL."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, timedelta

import pytest
from pydantic import ValidationError

from magnerve.interfaces.charts import MagnesiumChartData, MagnesiumDay, render_magnesium_chart
from tests.interfaces.charts.svg_tree import Chart, rect_of, text_y, uses_pattern

START = date(2026, 3, 1)
UL_TEXT = "Supplement limit (UL) 350 mg — supplements only"


def week(incomplete: Collection[int] = (), days: int = 7) -> tuple[MagnesiumDay, ...]:
    return tuple(
        MagnesiumDay(
            day=START + timedelta(days=n),
            food_mg=150 + 10 * n,
            supplement_mg=0 if n < 2 else 300,
            incomplete=n in incomplete,
        )
        for n in range(days)
    )


def render(**values: object) -> Chart:
    return Chart.parse(render_magnesium_chart(MagnesiumChartData.model_validate(values)))


def test_each_day_has_one_food_and_one_supplement_bar() -> None:
    chart = render(days=week(days=9), rda_mg=420, supplement_ul_mg=350)
    assert len(chart.with_prefix("bars-food-")) == 9
    assert len(chart.with_prefix("bars-supplement-")) == 9
    assert "bars-food-2026-03-09" in chart.ids()
    assert "bars-supplement-2026-03-01" in chart.ids()  # drawn even at 0 mg


def test_supplements_sit_at_the_bottom_and_food_is_stacked_on_top() -> None:
    chart = render(days=week())
    _, supplement_top, _, supplement_bottom = rect_of(chart.by_id("bars-supplement-2026-03-04"))
    _, food_top, _, food_bottom = rect_of(chart.by_id("bars-food-2026-03-04"))
    assert food_bottom == pytest.approx(supplement_top, abs=0.01)
    # day 4 (n=3): 300 mg supplements, 180 mg food
    ratio = (food_bottom - food_top) / (supplement_bottom - supplement_top)
    assert ratio == pytest.approx(180 / 300, rel=0.01)


def test_days_with_foods_lacking_data_are_hatched_and_explained_in_the_legend() -> None:
    chart = render(days=week(incomplete={1, 4}))
    hatched = [g.attrib["id"] for g in chart.with_prefix("bars-food-") if uses_pattern(g)]
    assert hatched == ["bars-food-2026-03-02", "bars-food-2026-03-05"]
    assert not any(uses_pattern(g) for g in chart.with_prefix("bars-supplement-"))
    assert "Food, some without Mg data" in chart.text_of("legend")


def test_the_legend_names_both_parts_and_no_hatch_when_every_day_is_complete() -> None:
    chart = render(days=week())
    legend = chart.text_of("legend")
    assert "Supplements" in legend
    assert "Food" in legend
    assert "without Mg data" not in legend
    assert not any(uses_pattern(g) for g in chart.with_prefix("bars-food-"))


def test_the_rda_and_the_supplement_ul_are_drawn_and_labelled_for_what_they_apply_to() -> None:
    chart = render(days=week(), rda_mg=420, supplement_ul_mg=350)
    assert {"line-rda", "line-ul"} <= chart.ids()
    assert chart.text_of("line-ul-label") == UL_TEXT
    assert chart.text_of("line-rda-label") == "RDA 420 mg — total intake"
    assert "Magnesium (mg/day)" in chart.texts()


def test_the_target_label_is_the_callers() -> None:
    chart = render(days=week(), rda_mg=300, rda_label="Your target")
    assert chart.text_of("line-rda-label") == "Your target 300 mg — total intake"


def test_close_limits_put_the_higher_label_above_the_lower_one() -> None:
    chart = render(days=week(), rda_mg=320, supplement_ul_mg=350)
    assert text_y(chart.by_id("line-ul-label")) < text_y(chart.by_id("line-rda-label"))
    swapped = render(days=week(), rda_mg=420, supplement_ul_mg=350)
    assert text_y(swapped.by_id("line-rda-label")) < text_y(swapped.by_id("line-ul-label"))


def test_lines_not_given_are_not_drawn() -> None:
    chart = render(days=week())
    assert not {"line-rda", "line-ul", "line-rda-label", "line-ul-label"} & chart.ids()
    only_ul = render(days=week(), supplement_ul_mg=350)
    assert "line-ul" in only_ul.ids()
    assert "line-rda" not in only_ul.ids()


def test_the_summary_counts_days_below_target_above_the_limit_and_incomplete() -> None:
    days = (
        MagnesiumDay(day=START, food_mg=100, supplement_mg=400, incomplete=True),
        MagnesiumDay(day=START + timedelta(days=1), food_mg=200, supplement_mg=0),
    )
    chart = render(days=days, rda_mg=420, supplement_ul_mg=350)
    assert chart.child_text("desc") == (
        "Magnesium on 2 days from 1 Mar to 2 Mar 2026; "
        "average 350 mg/day (food 150 mg, supplements 200 mg); "
        "RDA 420 mg, total below it on 1 day; "
        "supplement limit 350 mg, supplements above it on 1 day; "
        "1 day with foods lacking magnesium data."
    )
    assert chart.child_text("title") == "Daily magnesium"


def test_all_zero_days_still_render_with_a_sensible_scale() -> None:
    days = (MagnesiumDay(day=START), MagnesiumDay(day=START + timedelta(days=1)))
    chart = render(days=days)
    assert len(chart.with_prefix("bars-food-")) == 2
    assert "100" in chart.texts()  # the fallback top of the scale


@pytest.mark.parametrize(
    "values",
    [
        {"days": (MagnesiumDay(day=START), MagnesiumDay(day=START))},
        {"rda_mg": 0},
        {"supplement_ul_mg": -350},
    ],
    ids=["same-day-twice", "zero-rda", "negative-ul"],
)
def test_inconsistent_input_is_refused(values: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        MagnesiumChartData.model_validate(values)


def test_negative_amounts_are_refused() -> None:
    with pytest.raises(ValidationError):
        MagnesiumDay(day=START, food_mg=-1)
