"""Two charts inlined in one page never share an id, and their references still resolve."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from magnerve.interfaces.charts.inline import for_html
from magnerve.interfaces.charts.pain import PainChartData, PainPoint, render_pain_chart


def _chart() -> str:
    start = date(2026, 1, 1)
    points = tuple(PainPoint(day=start + timedelta(days=i), score=5 - i % 3) for i in range(10))
    return render_pain_chart(PainChartData(points=points))


def test_ids_and_references_get_the_prefix() -> None:
    svg = _chart()
    a, b = for_html(svg, "one"), for_html(svg, "two")
    ids_a = set(re.findall(r'\bid="([^"]+)"', a))
    ids_b = set(re.findall(r'\bid="([^"]+)"', b))
    assert ids_a and not ids_a & ids_b
    assert all(i.startswith("one-") for i in ids_a)
    refs = re.findall(r'href="#([^"]+)"|url\(#([^)]+)\)', a)
    for ref in (r for pair in refs for r in pair if r):
        assert ref in ids_a, f"dangling reference #{ref}"
    assert "series-pain" in svg and 'id="one-series-pain"' in a


def test_prolog_and_metadata_are_dropped() -> None:
    out = for_html(_chart(), "p")
    assert not out.lstrip().startswith("<?xml")
    assert "<metadata>" not in out and out.lstrip().startswith("<svg")


@pytest.mark.parametrize("bad", ["", "One", "1x", "a b", 'x"'])
def test_a_bad_prefix_is_refused(bad: str) -> None:
    with pytest.raises(ValueError, match="prefix"):
        for_html(_chart(), bad)
