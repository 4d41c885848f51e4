"""What the report templates receive: the gathered report, its charts as inline SVG, and words.

The same context feeds the standalone document (HTML and PDF) and the web page, so the three
always show the same numbers.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any

from magnerve.domain.reference import Citation
from magnerve.domain.safety import Finding
from magnerve.interfaces.words import SEVERITY_SYMBOLS, SEVERITY_WORDS
from magnerve.services.report import ClinicianReport

#: A lab flag in words (the flag is never shown by colour alone).
FLAG_WORDS = {
    "low": "low: below the reference range",
    "high": "high: above the reference range",
    "normal": "within the reference range",
    "critical-low": "critically low",
    "critical-high": "critically high",
}
#: The trial verdict as a clinician reads it; the person's own message is shown beside it.
VERDICT_WORDS = {
    "responder": "responder: the pre-stated response rule was met",
    "partial": "partial response: lower, but short of the responder rule",
    "no-change": "no change by the pre-stated rule",
    "worse": "worse: pain higher by the pre-stated rule",
    "too-early": "too early to judge",
    "insufficient-data": "not enough pain scores to judge",
}
DIRECTION_WORDS = {"up": "↑ higher", "down": "↓ lower", "same": "= unchanged"}
SEX_WORDS = {"female": "female", "male": "male"}
DIABETES_WORDS = {
    "type1": "type 1 diabetes",
    "type2": "type 2 diabetes",
    "other": "another type of diabetes",
    "none": "no diabetes",
}

_DESC = re.compile(r"<desc>(.*?)</desc>", re.DOTALL)


@dataclass(frozen=True)
class Chart:
    """One chart ready to inline: SVG text with its own id prefix, and what it shows."""

    svg: str
    summary: str


@dataclass(frozen=True)
class SourceLine:
    title: str
    where: str
    locator: str


def chart(svg: str, prefix: str) -> Chart:
    """The SVG with ids unique in the page, and its one-sentence summary for the caption."""
    from magnerve.interfaces.charts.inline import for_html

    found = _DESC.search(svg)
    summary = html.unescape(found.group(1)).strip() if found else ""
    return Chart(for_html(svg, prefix), summary)


def sources(finding: Finding, citations: dict[str, Citation]) -> list[SourceLine]:
    """A finding's citations with where they were published, for the clinician."""
    lines = []
    for c in finding.citations:
        known = citations.get(c.id)
        where = ""
        if known is not None:
            parts = [known.journal or known.organisation or "", str(known.year or "")]
            if known.pmid:
                parts.append(f"PMID {known.pmid}")
            elif known.doi:
                parts.append(f"doi {known.doi}")
            where = " ".join(p for p in parts if p)
        lines.append(SourceLine(c.title, where, c.locator))
    return lines


def report_context(report: ClinicianReport) -> dict[str, Any]:
    """The template context of the report body (charts are rendered here, once)."""
    from magnerve.interfaces.charts import records
    from magnerve.interfaces.charts.style import day_text
    from magnerve.knowledge.load import load_citations

    citations = load_citations()
    return {
        "report": report,
        "day": day_text,
        "magnesium_chart": chart(records.magnesium_chart(report.magnesium), "report-mg"),
        "pain_chart": chart(records.pain_chart(report.pain), "report-pain"),
        "lab_charts": [
            (series, chart(records.lab_chart(series), f"report-lab-{index}"))
            for index, series in enumerate(report.lab_trends, start=1)
        ],
        "sources": {f.id: sources(f, citations) for f in report.findings},
        "flag_words": FLAG_WORDS,
        "verdict_words": VERDICT_WORDS,
        "direction_words": DIRECTION_WORDS,
        "severity_words": SEVERITY_WORDS,
        "severity_symbols": SEVERITY_SYMBOLS,
        "sex_words": SEX_WORDS,
        "diabetes_words": DIABETES_WORDS,
    }


def file_stem(report: ClinicianReport) -> str:
    """``magnerve-report-2025-12-21-to-2026-03-14``: a download's name without the suffix."""
    return f"magnerve-report-{report.first.isoformat()}-to-{report.last.isoformat()}"
