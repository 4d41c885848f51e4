"""What every chart shares: deterministic, accessible, valid SVG with text as text, lazy imports."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from typing import Any

import pytest

from magnerve.interfaces.charts import (
    LabChartData,
    LabPoint,
    MagnesiumChartData,
    MagnesiumDay,
    PainChartData,
    PainPoint,
    render_lab_chart,
    render_magnesium_chart,
    render_pain_chart,
)
from tests.interfaces.charts.svg_tree import SVG, XLINK_HREF, Chart

START = date(2026, 3, 1)
Render = Callable[[], str]


def pain(**changes: Any) -> str:
    data = PainChartData(
        points=tuple(PainPoint(day=START + timedelta(days=n), score=5 + n % 3) for n in range(30)),
        baseline_start=START,
        baseline_end=START + timedelta(days=6),
        baseline_mean=6.0,
        trial_start=START + timedelta(days=7),
        week_4=START + timedelta(days=35),
        verdict="Too early to tell",
    )
    return render_pain_chart(data.model_copy(update=changes))


def magnesium() -> str:
    days = tuple(
        MagnesiumDay(day=START + timedelta(days=n), food_mg=200, supplement_mg=100 * (n % 3))
        for n in range(10)
    )
    return render_magnesium_chart(MagnesiumChartData(days=days, rda_mg=420, supplement_ul_mg=350))


def lab() -> str:
    return render_lab_chart(
        LabChartData(
            name="Creatinine",
            unit="µmol/L",
            points=(LabPoint(day=START, value=88), LabPoint(day=START + timedelta(60), value=131)),
            reference_low=45,
            reference_high=110,
        )
    )


CHARTS: dict[str, Render] = {"pain": pain, "magnesium": magnesium, "lab": lab}
EMPTY: dict[str, tuple[Render, str, str]] = {
    "pain": (lambda: render_pain_chart(PainChartData()), "Pain (0–10)", "series-pain"),
    "magnesium": (
        lambda: render_magnesium_chart(MagnesiumChartData(rda_mg=420, supplement_ul_mg=350)),
        "Magnesium (mg/day)",
        "line-rda",
    ),
    "lab": (
        lambda: render_lab_chart(LabChartData(name="HbA1c", unit="mmol/mol", reference_high=48)),
        "HbA1c (mmol/mol)",
        "reference-band",
    ),
}


@pytest.mark.parametrize("render", CHARTS.values(), ids=CHARTS.keys())
def test_the_same_input_gives_identical_bytes(render: Render) -> None:
    assert render() == render()


def test_different_charts_do_not_share_clip_or_marker_ids() -> None:
    """Several charts inlined in one page must not point at each other's definitions."""

    def referenced(text: str) -> set[str]:
        return set(re.findall(r"url\(#([\w-]+)\)", text)) | {
            e.attrib[XLINK_HREF].lstrip("#") for e in Chart.parse(text).root.iter(f"{SVG}use")
        }

    first, second = referenced(pain()), referenced(pain(baseline_mean=5.0))
    assert first
    assert not first & second


@pytest.mark.parametrize("render", CHARTS.values(), ids=CHARTS.keys())
def test_the_root_is_an_accessible_image_with_title_and_description(render: Render) -> None:
    text = render()
    assert text.startswith("<svg ")  # no XML prolog or DOCTYPE: ready to inline in HTML
    chart = Chart.parse(text)
    assert chart.root.tag == f"{SVG}svg"
    assert chart.root.attrib["role"] == "img"
    first, second = list(chart.root)[:2]
    assert (first.tag, second.tag) == (f"{SVG}title", f"{SVG}desc")
    assert chart.root.attrib["aria-label"] == chart.child_text("desc")
    assert chart.child_text("desc").endswith(".")


@pytest.mark.parametrize("render", CHARTS.values(), ids=CHARTS.keys())
def test_text_stays_text_at_ten_points_or_more(render: Render) -> None:
    chart = Chart.parse(render())
    sizes = [
        float(m.group(1))
        for e in chart.root.iter(f"{SVG}text")
        if (m := re.search(r"font-size: ([\d.]+)px", e.attrib["style"]))
    ]
    assert len(sizes) == len(chart.texts()) > 5
    assert min(sizes) >= 10
    assert chart.root.attrib["viewBox"] == "0 0 460.8 259.2"  # 6.4 x 3.6 in, 1 unit = 1 pt
    assert "<dc:date>" not in render()


def test_caller_text_is_escaped_not_interpreted() -> None:
    text = pain(verdict='Unclear <b>"mixed"</b> & early', title="Pain <diary>")
    chart = Chart.parse(text)
    assert chart.child_text("title") == "Pain <diary>"
    assert chart.text_of("verdict") == 'Unclear <b>"mixed"</b> & early'
    assert 'verdict: Unclear <b>"mixed"</b> & early.' in chart.root.attrib["aria-label"]


@pytest.mark.parametrize(("name", "case"), EMPTY.items(), ids=EMPTY.keys())
def test_empty_data_says_no_data_yet_and_keeps_the_axis_units(
    name: str, case: tuple[Render, str, str]
) -> None:
    render, axis_label, absent_gid = case
    chart = Chart.parse(render())
    assert chart.text_of("no-data") == "No data yet"
    assert axis_label in chart.texts()
    assert absent_gid not in chart.ids()
    assert chart.child_text("desc").endswith(": no data yet.")


def test_concurrent_renders_match_one_at_a_time() -> None:
    expected = {name: render() for name, render in CHARTS.items()}
    jobs = list(CHARTS.items()) * 4
    with ThreadPoolExecutor(max_workers=6) as pool:
        results = list(pool.map(lambda job: (job[0], job[1]()), jobs))
    assert all(text == expected[name] for name, text in results)


def test_importing_the_package_loads_no_matplotlib_and_rendering_never_loads_pyplot() -> None:
    script = (
        "import json, sys\n"
        "import magnerve.interfaces.charts as charts\n"
        "before = 'matplotlib' in sys.modules\n"
        "charts.render_pain_chart(charts.PainChartData())\n"
        "print(json.dumps([before, 'matplotlib' in sys.modules,"
        " 'matplotlib.pyplot' in sys.modules]))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True
    )
    assert json.loads(proc.stdout) == [False, True, False]
