"""The one place that touches matplotlib: figure, date axis, empty state, SVG out.

Only ever imported from inside a render function, so importing the package stays light.
Object API only (Figure + FigureCanvasSVG, never pyplot); matplotlib's rcParams are global, so a
lock serialises the short rc_context + draw + save section and concurrent web requests cannot see
each other's settings.
"""

from __future__ import annotations

import io
import re
import threading
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape, quoteattr

import matplotlib
import matplotlib.dates as mdates
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from magnerve.interfaces.charts.style import (
    BLACK,
    FIGSIZE,
    FONT_PT,
    GREY,
    NO_DATA,
    TITLE_PT,
)

if TYPE_CHECKING:
    from matplotlib.typing import RcKeyType

# Applied with matplotlib.rc_context around each render (never set globally).
_RC: dict[RcKeyType, Any] = {
    "font.family": "sans-serif",
    # matplotlib measures with its bundled DejaVu Sans; browsers fall back along this short list
    "font.sans-serif": ["DejaVu Sans", "Liberation Sans", "Arial", "Helvetica"],
    "font.size": FONT_PT,
    "axes.titlesize": TITLE_PT,
    "axes.labelsize": FONT_PT,
    "xtick.labelsize": FONT_PT,
    "ytick.labelsize": FONT_PT,
    "legend.fontsize": FONT_PT,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.edgecolor": GREY,
    "axes.labelcolor": BLACK,
    "xtick.color": GREY,
    "ytick.color": GREY,
    "xtick.labelcolor": BLACK,
    "ytick.labelcolor": BLACK,
    "hatch.linewidth": 1.0,
    "svg.fonttype": "none",  # text stays text: small, searchable, selectable
}

_LOCK = threading.Lock()
_ROOT = re.compile(r"<svg\b[^>]*>")
MIN_SPAN_DAYS = 6  # shorter spans would make the date locator tick hours
LEGEND_ROW_CHARS = 80  # about what fits across the figure at 10 pt, handles included


def render(draw: Callable[[Figure], None], *, salt: str, title: str, summary: str) -> str:
    """Draw on a fresh figure and return SVG text: deterministic, text kept as text, accessible."""
    buffer = io.StringIO()
    with _LOCK, matplotlib.rc_context({**_RC, "svg.hashsalt": salt}):
        figure = Figure(figsize=FIGSIZE, layout="constrained")
        FigureCanvasSVG(figure)
        draw(figure)
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    return accessible(buffer.getvalue(), title=title, summary=summary)


def accessible(svg: str, *, title: str, summary: str) -> str:
    """Drop the XML prolog (the SVG is inlined in HTML) and name the image for screen readers.

    The root gets ``role="img"`` and an ``aria-label``; ``<title>`` and ``<desc>`` come first.
    """
    root = _ROOT.search(svg)
    if root is None:  # pragma: no cover - matplotlib always writes an <svg> root
        raise ValueError("matplotlib wrote no <svg> element")
    start = root.group(0)
    opened = f'{start[:-1]} role="img" aria-label={quoteattr(summary)}>'
    named = f"\n <title>{escape(title)}</title>\n <desc>{escape(summary)}</desc>"
    return opened + named + svg[root.end() :]


def day_number(day: date) -> float:
    return float(mdates.date2num(day))  # type: ignore[no-untyped-call]


def date_axis(axes: Axes, first: date, last: date, *, pad_days: float) -> None:
    """Dates along x: at least a week shown, few ticks, concise labels (``Mar``, ``15``)."""
    missing = MIN_SPAN_DAYS - (last - first).days
    if missing > 0:
        first -= timedelta(days=missing // 2)
        last += timedelta(days=missing - missing // 2)
    axes.set_xlim(day_number(first) - pad_days, day_number(last) + pad_days)
    locator = mdates.AutoDateLocator(minticks=3, maxticks=6)  # type: ignore[no-untyped-call]
    axes.xaxis.set_major_locator(locator)
    formatter = mdates.ConciseDateFormatter(locator)  # type: ignore[no-untyped-call]
    axes.xaxis.set_major_formatter(formatter)
    axes.set_xlabel("Date")


def few_value_ticks(axes: Axes) -> None:
    """At most about five value ticks: readable at phone width."""
    axes.yaxis.set_major_locator(MaxNLocator(nbins=5))


def legend(figure: Figure, axes: Axes | None = None, handles: Sequence[Artist] = ()) -> None:
    """One row above the plot when the labels fit across the figure, two columns otherwise."""
    if axes is not None:
        handles = axes.get_legend_handles_labels()[0]
    width = sum(len(str(h.get_label())) + 6 for h in handles)
    columns = len(handles) if width <= LEGEND_ROW_CHARS else 2
    drawn = figure.legend(handles=handles, loc="outside upper center", ncols=columns, frameon=False)
    drawn.set_gid("legend")


def no_data(axes: Axes) -> None:
    """The empty state: axes with their labels (units included) and a plain message."""
    axes.set_xlabel("Date")
    axes.set_xticks([])
    axes.set_yticks([])
    axes.text(
        0.5,
        0.5,
        NO_DATA,
        transform=axes.transAxes,
        ha="center",
        va="center",
        fontsize=TITLE_PT,
        color=GREY,
        gid="no-data",
    )


def title(axes: Axes, text: str | None, *, gid: str) -> None:
    if text:
        axes.set_title(text, loc="left", gid=gid)
