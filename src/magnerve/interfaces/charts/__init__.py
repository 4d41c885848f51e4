"""SVG charts shared by the web pages and the PDF report.

Pure rendering: callers pass every number and label; nothing here reads the database, the clock or
the knowledge files. matplotlib is imported only when a chart is rendered (see ``canvas``).
Each function returns SVG text with ``role="img"``, an ``aria-label``, ``<title>`` and ``<desc>``,
and ids (gids) on its series so pages and tests can find them.
"""

from magnerve.interfaces.charts.lab import LabChartData, LabPoint, render_lab_chart
from magnerve.interfaces.charts.magnesium import (
    MagnesiumChartData,
    MagnesiumDay,
    render_magnesium_chart,
)
from magnerve.interfaces.charts.pain import PainChartData, PainPoint, render_pain_chart

__all__ = [
    "LabChartData",
    "LabPoint",
    "MagnesiumChartData",
    "MagnesiumDay",
    "PainChartData",
    "PainPoint",
    "render_lab_chart",
    "render_magnesium_chart",
    "render_pain_chart",
]
