"""Issue 4 contract: the deficiency screener and the chart command."""

from __future__ import annotations

import sqlite3
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.conftest import Cli

SVG = "{http://www.w3.org/2000/svg}"


def _screenings(cli: Cli) -> int:
    with sqlite3.connect(cli.db) as conn:
        return int(conn.execute("SELECT count(*) FROM screening").fetchone()[0])


def test_screen_list_contract(cli: Cli) -> None:
    symptoms = cli.json("screen", "--list")["symptoms"]
    assert {"id", "label", "group", "severity"} <= set(symptoms[0])
    ids = {s["id"] for s in symptoms}
    assert {"seizure", "irregular-heartbeat", "severe-confusion", "fainting"} <= ids


@pytest.mark.parametrize("flag", ["seizure", "irregular-heartbeat", "severe-confusion", "fainting"])
def test_red_flags_are_urgent(cli: Cli, flag: str) -> None:
    data = cli.json(
        "screen", "--symptom", "muscle-cramps", "--symptom", flag, "--date", "2026-03-14"
    )
    assert data["urgent"] is True
    assert [f["id"] for f in data["red_flags"]] == [flag]
    assert "medical care now" in data["result"]


def test_mild_symptoms_and_risk_factors_from_the_records(cli: Cli) -> None:
    cli.ok("profile", "set", "--age", "60", "--sex", "male", "--diabetes", "type2")
    cli.ok("med", "add", "omeprazole")
    data = cli.json(
        "screen", "--symptom", "muscle-cramps", "--risk", "alcohol", "--date", "2026-03-14"
    )
    assert data["urgent"] is False and data["red_flags"] == []
    assert "serum magnesium" in data["result"].lower()
    assert {r["id"] for r in data["risk_factors"]} == {"diabetes", "long-term-ppi", "alcohol"}
    assert data["risk_factor_count"] == 3
    assert _screenings(cli) == 1


def test_unknown_symptom_exits_2_and_saves_nothing(cli: Cli) -> None:
    result = cli("screen", "--symptom", "hiccups", "--json")
    assert result.exit_code == 2
    assert result.json()["errors"][0]["field"] == "symptom"
    assert "muscle-cramps" in result.stderr
    assert _screenings(cli) == 0


def test_charts_are_well_formed_svg_with_their_series(cli: Cli, tmp_path: Path) -> None:
    cli.ok("profile", "set", "--age", "68", "--sex", "female")
    cli.ok("supplement", "add", "Glycinate", "--form", "glycinate", "--elemental-mg", "100")
    for day in ("2026-03-01", "2026-03-02", "2026-03-03"):
        cli.ok("log", "food", "30 g almonds", "--date", day)
        cli.ok("log", "supplement", "Glycinate", "--date", day)
        cli.ok("log", "pain", "5", "--date", day)
    cli.ok("lab", "add", "serum-magnesium", "0.7", "mmol/L", "--date", "2026-03-02")
    expected = {
        "pain": ["series-pain"],
        "magnesium": ["bars-food-2026-03-01", "bars-supplement-2026-03-03", "line-rda", "line-ul"],
        "lab": ["series-lab", "reference-band", "points-outside"],
    }
    for kind, gids in expected.items():
        out = tmp_path / f"{kind}.svg"
        args = ["chart", kind, "--out", str(out), "--from", "2026-02-20", "--to", "2026-03-14"]
        if kind == "lab":
            args += ["--analyte", "serum-magnesium"]
        data = cli.json(*args)
        assert (data["from"], data["to"]) == ("2026-02-20", "2026-03-14")
        root = ET.fromstring(out.read_text(encoding="utf-8"))
        assert root.tag == f"{SVG}svg"
        ids = {el.get("id") for el in root.iter()}
        assert set(gids) <= ids, (kind, set(gids) - ids)


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["chart", "pie", "--out", "x.svg"], "kind"),
        (["chart", "pain", "--out", "x.png"], "out"),
        (["chart", "lab", "--out", "x.svg"], "analyte"),
        (["chart", "pain", "--out", "x.svg", "--analyte", "egfr"], "analyte"),
        (["chart", "pain", "--out", "x.svg", "--from", "2026-03-10", "--to", "2026-03-01"], "from"),
    ],
)
def test_bad_chart_requests(cli: Cli, tmp_path: Path, args: list[str], field: str) -> None:
    args = [a if a not in {"x.svg", "x.png"} else str(tmp_path / a) for a in args]
    result = cli(*args, "--json")
    assert result.exit_code == 2
    assert result.json()["errors"][0]["field"] == field
    assert not list(tmp_path.glob("x.*"))


def test_the_example_pain_chart_marks_the_trial(cli: Cli, tmp_path: Path) -> None:
    cli.ok("demo", "load")
    out = tmp_path / "pain.svg"
    cli.ok("--person", "example", "chart", "pain", "--out", str(out))
    ids = {el.get("id") for el in ET.fromstring(out.read_text(encoding="utf-8")).iter()}
    marks = {"baseline-band", "baseline-mean", "mark-start", "mark-week-4", "mark-week-12"}
    assert marks | {"series-pain", "verdict"} <= ids
