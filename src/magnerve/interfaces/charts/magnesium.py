"""Daily magnesium: supplements and food stacked, the RDA (total) and the supplement UL."""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import TYPE_CHECKING

from pydantic import Field, field_validator

from magnerve.interfaces.charts.model import ChartModel, one_per_day
from magnerve.interfaces.charts.style import (
    BLACK,
    BLUE,
    ORANGE,
    VERMILLION,
    number_text,
    plural,
    span_text,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

MAGNESIUM_AXIS = "Magnesium (mg/day)"
INCOMPLETE_HATCH = "///"
BAR_WIDTH = 0.8  # days


class MagnesiumDay(ChartModel):
    day: date
    food_mg: float = Field(default=0, ge=0)
    supplement_mg: float = Field(default=0, ge=0)
    incomplete: bool = False  # some foods logged that day have no magnesium value

    @property
    def total_mg(self) -> float:
        return self.food_mg + self.supplement_mg


class MagnesiumChartData(ChartModel):
    """Stacked bars per day. Supplements sit at the bottom so the UL line, which applies to the
    supplement part only, can be read against them directly; the RDA compares with the total."""

    days: tuple[MagnesiumDay, ...] = ()
    rda_mg: float | None = Field(default=None, gt=0)
    rda_label: str = "RDA"
    supplement_ul_mg: float | None = Field(default=None, gt=0)
    title: str = "Daily magnesium"
    summary: str | None = None  # one plain sentence; generated when not given

    @field_validator("days")
    @classmethod
    def _one_per_day(cls, days: tuple[MagnesiumDay, ...]) -> tuple[MagnesiumDay, ...]:
        return one_per_day(days, lambda d: d.day)

    def rda_text(self) -> str | None:
        if self.rda_mg is None:
            return None
        return f"{self.rda_label} {number_text(self.rda_mg)} mg — total intake"

    def ul_text(self) -> str | None:
        if self.supplement_ul_mg is None:
            return None
        return f"Supplement limit (UL) {number_text(self.supplement_ul_mg)} mg — supplements only"

    def describe(self) -> str:
        if self.summary:
            return self.summary
        if not self.days:
            return f"{self.title}: no data yet."
        count = len(self.days)
        food = sum(d.food_mg for d in self.days) / count
        supplements = sum(d.supplement_mg for d in self.days) / count
        parts = [
            f"Magnesium on {plural(count, 'day')} {span_text(self.days[0].day, self.days[-1].day)}",
            f"average {food + supplements:.0f} mg/day "
            f"(food {food:.0f} mg, supplements {supplements:.0f} mg)",
        ]
        if self.rda_mg is not None:
            below = sum(d.total_mg < self.rda_mg for d in self.days)
            parts.append(
                f"{self.rda_label} {number_text(self.rda_mg)} mg, "
                f"total below it on {plural(below, 'day')}"
            )
        if self.supplement_ul_mg is not None:
            above = sum(d.supplement_mg > self.supplement_ul_mg for d in self.days)
            parts.append(
                f"supplement limit {number_text(self.supplement_ul_mg)} mg, "
                f"supplements above it on {plural(above, 'day')}"
            )
        incomplete = sum(d.incomplete for d in self.days)
        if incomplete:
            parts.append(f"{plural(incomplete, 'day')} with foods lacking magnesium data")
        return "; ".join(parts) + "."


def render_magnesium_chart(data: MagnesiumChartData) -> str:
    """SVG text of the magnesium chart (see :class:`MagnesiumChartData`).

    Each day's bars have their own ids, ``bars-supplement-YYYY-MM-DD`` and ``bars-food-YYYY-MM-DD``.
    """
    from magnerve.interfaces.charts import canvas

    return canvas.render(
        partial(_draw, data),
        salt=data.fingerprint("magnesium"),
        title=data.title,
        summary=data.describe(),
    )


def _draw(data: MagnesiumChartData, figure: Figure) -> None:
    from magnerve.interfaces.charts import canvas

    axes = figure.add_subplot()
    axes.set_ylabel(MAGNESIUM_AXIS)
    if not data.days:
        canvas.no_data(axes)
        return
    canvas.date_axis(axes, data.days[0].day, data.days[-1].day, pad_days=BAR_WIDTH)
    _bars(axes, data.days)
    top = max(
        [d.total_mg for d in data.days] + [v for v in (data.rda_mg, data.supplement_ul_mg) if v]
    )
    axes.set_ylim(0, top * 1.2 if top > 0 else 100)
    canvas.few_value_ticks(axes)
    _lines(axes, data)
    canvas.legend(figure, handles=_legend_handles(any(d.incomplete for d in data.days)))


def _bars(axes: Axes, days: tuple[MagnesiumDay, ...]) -> None:
    from magnerve.interfaces.charts import canvas

    xs = [canvas.day_number(d.day) for d in days]
    supplement = [d.supplement_mg for d in days]
    lower = axes.bar(
        xs, supplement, width=BAR_WIDTH, color=BLUE, edgecolor="white", linewidth=0.5, zorder=2
    )
    upper = axes.bar(
        xs,
        [d.food_mg for d in days],
        width=BAR_WIDTH,
        bottom=supplement,
        color=ORANGE,
        edgecolor="white",
        linewidth=0.5,
        zorder=2,
    )
    for day, supplement_bar, food_bar in zip(days, lower, upper, strict=True):
        stamp = day.day.isoformat()
        supplement_bar.set_gid(f"bars-supplement-{stamp}")
        food_bar.set_gid(f"bars-food-{stamp}")
        if day.incomplete:
            food_bar.set_hatch(INCOMPLETE_HATCH)
            food_bar.set_edgecolor(BLACK)


def _lines(axes: Axes, data: MagnesiumChartData) -> None:
    """Dashed RDA and dotted UL, each labelled directly; the higher label sits above its line,
    the lower one below, so close values (RDA 320, UL 350) never overprint."""
    lines = [
        (value, text, gid, colour, style, side)
        for value, text, gid, colour, style, side in (
            (data.rda_mg, data.rda_text(), "line-rda", BLACK, "--", "left"),
            (data.supplement_ul_mg, data.ul_text(), "line-ul", VERMILLION, ":", "right"),
        )
        if value is not None and text is not None
    ]
    highest = max((line[0] for line in lines), default=0.0)
    for value, text, gid, colour, style, side in lines:
        axes.axhline(value, color=colour, linestyle=style, linewidth=2, zorder=3, gid=gid)
        above = value == highest
        axes.annotate(
            text,
            xy=(0.01 if side == "left" else 0.99, value),
            xycoords=axes.get_yaxis_transform(),
            xytext=(0, 3 if above else -3),
            textcoords="offset points",
            ha=side,
            va="bottom" if above else "top",
            color=BLACK,
            zorder=4,
            bbox={"facecolor": "white", "alpha": 0.85, "edgecolor": "none", "pad": 1},
            gid=f"{gid}-label",
        )


def _legend_handles(incomplete: bool) -> list[Patch]:
    from matplotlib.patches import Patch

    handles = [
        Patch(facecolor=BLUE, label="Supplements"),
        Patch(facecolor=ORANGE, label="Food"),
    ]
    if incomplete:
        handles.append(
            Patch(
                facecolor=ORANGE,
                edgecolor=BLACK,
                hatch=INCOMPLETE_HATCH,
                label="Food, some without Mg data",
            )
        )
    return handles
