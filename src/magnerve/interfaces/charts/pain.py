"""Daily pain 0–10 around a supplement trial: baseline, start, week 4 and week 12, the verdict."""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import TYPE_CHECKING

from pydantic import Field, field_validator, model_validator

from magnerve.interfaces.charts.model import ChartModel, one_per_day
from magnerve.interfaces.charts.style import (
    BLACK,
    BLUE,
    GREY,
    SKY_BLUE,
    VERMILLION,
    day_text,
    number_text,
    plural,
    span_text,
    wrap,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

PAIN_AXIS = "Pain (0–10)"
LABEL_FLIP = 0.85  # a mark this far right gets its label on the left of the line


class PainPoint(ChartModel):
    day: date
    score: float = Field(ge=0, le=10)


class PainChartData(ChartModel):
    """Everything the chart shows; the trial logic (which days, which verdict) is the caller's.

    ``week_4`` and ``week_12`` are the days the caller's trial rule evaluates (day 28 and day 84).
    """

    points: tuple[PainPoint, ...] = ()
    baseline_start: date | None = None
    baseline_end: date | None = None
    baseline_mean: float | None = Field(default=None, ge=0, le=10)
    trial_start: date | None = None
    week_4: date | None = None
    week_12: date | None = None
    verdict: str | None = None
    title: str = "Daily pain"
    summary: str | None = None  # one plain sentence; generated when not given

    @field_validator("points")
    @classmethod
    def _one_per_day(cls, points: tuple[PainPoint, ...]) -> tuple[PainPoint, ...]:
        return one_per_day(points, lambda p: p.day)

    @model_validator(mode="after")
    def _baseline_complete(self) -> PainChartData:
        if (self.baseline_start is None) != (self.baseline_end is None):
            raise ValueError("give both baseline_start and baseline_end, or neither")
        if self.baseline_start and self.baseline_end and self.baseline_end < self.baseline_start:
            raise ValueError("baseline_end is before baseline_start")
        if self.baseline_mean is not None and self.baseline_start is None:
            raise ValueError("a baseline_mean needs the baseline period")
        return self

    def marks(self) -> tuple[tuple[str, str, date, str], ...]:
        """(gid, label, day, line style) of each vertical mark that is set."""
        candidates = (
            ("mark-start", "Trial start", self.trial_start, "-"),
            ("mark-week-4", "Week 4", self.week_4, "--"),
            ("mark-week-12", "Week 12", self.week_12, "-."),
        )
        return tuple((g, label, d, ls) for g, label, d, ls in candidates if d is not None)

    def describe(self) -> str:
        if self.summary:
            return self.summary
        if not self.points:
            return f"{self.title}: no data yet."
        first, last = self.points[0].day, self.points[-1].day
        parts = [
            f"Pain {span_text(first, last)}, {plural(len(self.points), 'day')} logged",
            f"latest {number_text(self.points[-1].score, 2)} on {day_text(last)}",
        ]
        if self.baseline_mean is not None:
            parts.append(f"baseline mean {self.baseline_mean:.1f}")
        if self.trial_start is not None:
            parts.append(f"trial started {day_text(self.trial_start)}")
        if self.verdict:
            parts.append(f"verdict: {self.verdict.rstrip('. ')}")
        return "; ".join(parts) + "."


def render_pain_chart(data: PainChartData) -> str:
    """SVG text of the pain chart (see :class:`PainChartData`)."""
    from magnerve.interfaces.charts import canvas

    return canvas.render(
        partial(_draw, data),
        salt=data.fingerprint("pain"),
        title=data.title,
        summary=data.describe(),
    )


def _draw(data: PainChartData, figure: Figure) -> None:
    from magnerve.interfaces.charts import canvas

    axes = figure.add_subplot()
    axes.set_ylabel(PAIN_AXIS)
    axes.set_ylim(-0.4, 10.4)
    axes.set_yticks([0, 2, 4, 6, 8, 10])
    if data.verdict:
        canvas.title(axes, wrap(data.verdict), gid="verdict")
    if not data.points:
        canvas.no_data(axes)
        return
    days = [p.day for p in data.points] + [m[2] for m in data.marks()]
    if data.baseline_start and data.baseline_end:
        days += [data.baseline_start, data.baseline_end]
        _baseline(axes, data.baseline_start, data.baseline_end, data.baseline_mean)
    canvas.date_axis(axes, min(days), max(days), pad_days=1.5)
    left, right = axes.get_xlim()
    for gid, label, day, style in data.marks():
        x = canvas.day_number(day)
        _mark(axes, gid, label, x, style, label_left=(x - left) / (right - left) > LABEL_FLIP)
    _series(axes, data.points)


def _series(axes: Axes, points: tuple[PainPoint, ...]) -> None:
    """Points joined only between consecutive days: a missing day breaks the line (NaN)."""
    from magnerve.interfaces.charts import canvas

    xs: list[float] = []
    ys: list[float] = []
    for index, point in enumerate(points):
        if index and (point.day - points[index - 1].day).days > 1:
            xs.append(float("nan"))
            ys.append(float("nan"))
        xs.append(canvas.day_number(point.day))
        ys.append(point.score)
    axes.plot(
        xs,
        ys,
        color=BLUE,
        marker="o",
        markersize=4,
        linewidth=1.5,
        zorder=3,
        gid="series-pain",
    )


def _baseline(axes: Axes, start: date, end: date, mean: float | None) -> None:
    from magnerve.interfaces.charts import canvas

    left, right = canvas.day_number(start) - 0.5, canvas.day_number(end) + 0.5
    axes.axvspan(
        left, right, facecolor=SKY_BLUE, alpha=0.25, linewidth=0, zorder=0, gid="baseline-band"
    )
    axes.text(
        left,
        0.02,
        " Baseline",
        transform=axes.get_xaxis_transform(),
        ha="left",
        va="bottom",
        color=BLACK,
        gid="baseline-band-label",
    )
    if mean is not None:
        axes.hlines(
            mean, left, right, colors=BLACK, linestyles="--", linewidth=1.5, gid="baseline-mean"
        )
        axes.text(
            left,
            mean + 0.25,
            f" mean {mean:.1f}",
            ha="left",
            va="bottom",
            color=BLACK,
            zorder=4,
            bbox={"facecolor": "white", "alpha": 0.8, "edgecolor": "none", "pad": 1},
            gid="baseline-mean-label",
        )


def _mark(axes: Axes, gid: str, label: str, x: float, style: str, *, label_left: bool) -> None:
    color = VERMILLION if gid == "mark-start" else GREY
    axes.axvline(x, color=color, linestyle=style, linewidth=1.5, zorder=2, gid=gid)
    axes.text(
        x,
        0.98,
        f"{label} " if label_left else f" {label}",
        transform=axes.get_xaxis_transform(),
        ha="right" if label_left else "left",
        va="top",
        color=BLACK,
        zorder=4,
        bbox={"facecolor": "white", "alpha": 0.8, "edgecolor": "none", "pad": 1},
        gid=f"{gid}-label",
    )
