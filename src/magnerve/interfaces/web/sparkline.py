"""A tiny inline SVG line of daily pain scores (0–10), with a text summary for screen readers.

Hand-built (a polyline), because the Today page draws it on every visit and matplotlib would
cost a hundred times more. The full charts come from ``magnerve.interfaces.charts``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

WIDTH = 240
HEIGHT = 60
PAD = 4


@dataclass(frozen=True)
class Sparkline:
    svg: str
    summary: str


def pain_sparkline(scores: dict[date, float], first: date, last: date) -> Sparkline | None:
    """``None`` when nothing was logged in the span."""
    days = sorted(d for d in scores if first <= d <= last)
    if not days:
        return None
    span = max((last - first).days, 1)

    def x(day: date) -> float:
        return PAD + (WIDTH - 2 * PAD) * (day - first).days / span

    def y(score: float) -> float:
        return PAD + (HEIGHT - 2 * PAD) * (10 - score) / 10

    points = " ".join(f"{x(d):.1f},{y(scores[d]):.1f}" for d in days)
    dots = "".join(f'<circle cx="{x(d):.1f}" cy="{y(scores[d]):.1f}" r="2.5"/>' for d in days[-1:])
    start, end = scores[days[0]], scores[days[-1]]
    summary = (
        f"Pain on {len(days)} of the {span + 1} days: "
        f"{_fmt(start)} out of 10 on {days[0].isoformat()}, "
        f"{_fmt(end)} out of 10 on {days[-1].isoformat()}."
    )
    svg = (
        f'<svg viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" role="img" '
        f'aria-label="{summary}" focusable="false">'
        f'<rect x="0" y="0" width="{WIDTH}" height="{HEIGHT}" fill="#f3f5f7"/>'
        f'<polyline points="{points}" fill="none" stroke="#0b4f8a" stroke-width="2.5"/>'
        f'<g fill="#0b4f8a">{dots}</g></svg>'
    )
    return Sparkline(svg=svg, summary=summary)


def _fmt(score: float) -> str:
    return f"{score:g}"
