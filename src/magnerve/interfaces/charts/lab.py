"""One analyte's results over time, with its reference range when it has one."""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import TYPE_CHECKING

from pydantic import Field, field_validator, model_validator

from magnerve.interfaces.charts.model import ChartModel, one_per_day
from magnerve.interfaces.charts.style import (
    BLACK,
    BLUE,
    GREEN,
    VERMILLION,
    day_text,
    number_text,
    plural,
    span_text,
)

if TYPE_CHECKING:
    from matplotlib.figure import Figure


class LabPoint(ChartModel):
    day: date
    value: float


class LabChartData(ChartModel):
    """Results in one unit (the caller converts). A range may be open on one side (eGFR ≥ 60)."""

    name: str = Field(min_length=1)
    unit: str = Field(min_length=1)
    points: tuple[LabPoint, ...] = ()
    reference_low: float | None = None
    reference_high: float | None = None
    title: str | None = None  # defaults to "<name> results"
    summary: str | None = None  # one plain sentence; generated when not given

    @field_validator("points")
    @classmethod
    def _one_per_day(cls, points: tuple[LabPoint, ...]) -> tuple[LabPoint, ...]:
        return one_per_day(points, lambda p: p.day)

    @model_validator(mode="after")
    def _ordered_range(self) -> LabChartData:
        low, high = self.reference_low, self.reference_high
        if low is not None and high is not None and high <= low:
            raise ValueError("reference_high must be above reference_low")
        return self

    @property
    def axis_label(self) -> str:
        return f"{self.name} ({self.unit})"

    @property
    def chart_title(self) -> str:
        return self.title or f"{self.name} results"

    @property
    def has_range(self) -> bool:
        return self.reference_low is not None or self.reference_high is not None

    def outside(self, value: float) -> bool:
        low, high = self.reference_low, self.reference_high
        return (low is not None and value < low) or (high is not None and value > high)

    def range_text(self) -> str | None:
        low, high = self.reference_low, self.reference_high
        if low is not None and high is not None:
            return f"{number_text(low)}–{number_text(high)} {self.unit}"
        if low is not None:
            return f"≥ {number_text(low)} {self.unit}"
        if high is not None:
            return f"≤ {number_text(high)} {self.unit}"
        return None

    def describe(self) -> str:
        if self.summary:
            return self.summary
        if not self.points:
            return f"{self.chart_title}: no data yet."
        latest = self.points[-1]
        parts = [
            f"{self.axis_label}: {plural(len(self.points), 'result')} "
            f"{span_text(self.points[0].day, latest.day)}",
            f"latest {number_text(latest.value)} on {day_text(latest.day)}",
        ]
        range_text = self.range_text()
        if range_text is not None:
            outside = sum(self.outside(p.value) for p in self.points)
            parts.append(f"reference range {range_text}, {outside} outside it")
        else:
            parts.append("no reference range")
        return "; ".join(parts) + "."


def render_lab_chart(data: LabChartData) -> str:
    """SVG text of one analyte's results (see :class:`LabChartData`)."""
    from magnerve.interfaces.charts import canvas

    return canvas.render(
        partial(_draw, data),
        salt=data.fingerprint("lab"),
        title=data.chart_title,
        summary=data.describe(),
    )


def _draw(data: LabChartData, figure: Figure) -> None:
    from magnerve.interfaces.charts import canvas

    axes = figure.add_subplot()
    axes.set_ylabel(data.axis_label)
    if not data.points:
        canvas.no_data(axes)
        return
    canvas.date_axis(axes, data.points[0].day, data.points[-1].day, pad_days=10)
    bottom, top = _value_limits(data)
    axes.set_ylim(bottom, top)
    xs = [canvas.day_number(p.day) for p in data.points]
    axes.plot(
        xs,
        [p.value for p in data.points],
        color=BLUE,
        marker="o",
        markersize=6,
        linewidth=1.5,
        zorder=3,
        label="Result",
        gid="series-lab",
    )
    outside = [(x, p.value) for x, p in zip(xs, data.points, strict=True) if data.outside(p.value)]
    if outside:
        axes.plot(
            [x for x, _ in outside],
            [v for _, v in outside],
            linestyle="none",
            marker="D",
            markersize=9,
            markerfacecolor=VERMILLION,
            markeredgecolor=BLACK,
            zorder=4,
            label="Outside reference range",
            gid="points-outside",
        )
    range_text = data.range_text()
    if range_text is not None:
        low = bottom if data.reference_low is None else data.reference_low
        high = top if data.reference_high is None else data.reference_high
        axes.axhspan(
            low,
            high,
            facecolor=GREEN,
            alpha=0.15,
            linewidth=0,
            zorder=0,
            label=f"Reference range {range_text}",
            gid="reference-band",
        )
    canvas.few_value_ticks(axes)
    canvas.legend(figure, axes)


def _value_limits(data: LabChartData) -> tuple[float, float]:
    """Room for every result and both ends of a closed range, with a margin."""
    values = [p.value for p in data.points]
    values += [v for v in (data.reference_low, data.reference_high) if v is not None]
    low, high = min(values), max(values)
    margin = (high - low) * 0.15 or max(abs(high) * 0.1, 1.0)
    return low - margin, high + margin
