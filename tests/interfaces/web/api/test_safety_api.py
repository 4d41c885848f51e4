"""/findings and /plan: the same JSON as ``magnerve check|plan --json``."""

from __future__ import annotations

from typing import Any

from tests.conftest import Cli
from tests.interfaces.web.api.conftest import API, assert_error


def test_findings_are_most_serious_first_with_sources(example_client: Any) -> None:
    data = example_client.get(f"{API}/findings").json()
    assert data["date"] == "2026-03-14"
    ranks = {"urgent": 3, "warning": 2, "caution": 1, "info": 0}
    severities = [ranks[f["severity"]] for f in data["findings"]]
    assert severities and severities == sorted(severities, reverse=True)
    for f in data["findings"]:
        assert f["citations"] and all(c["title"] for c in f["citations"])


def test_a_medicine_that_binds_magnesium_gives_a_separation_finding(client: Any) -> None:
    client.post(
        f"{API}/supplements/products",
        json={"name": "Glycinate 100", "form": "glycinate", "elemental_mg": 100},
    )
    client.post(f"{API}/supplements/doses", json={"product": 1})
    client.post(f"{API}/medicines", json={"name": "ciprofloxacin 500 mg", "times": ["08:00"]})
    findings = client.get(f"{API}/findings").json()["findings"]
    separated = [f for f in findings if "separation_hours" in f]
    assert separated, findings
    assert separated[0]["separation_hours"]["mg_before_drug"] > 0
    assert any("separation_hours" not in f for f in findings)  # only where it applies


def test_findings_and_plan_refuse_a_bad_date(client: Any) -> None:
    assert_error(client.get(f"{API}/findings", params={"date": "x"}), 422, "date")
    assert_error(client.get(f"{API}/plan", params={"date": "2026-02-30"}), 422, "date")


def test_plan_places_magnesium_with_meals_and_builds_up(client: Any) -> None:
    client.patch(
        f"{API}/profile",
        json={"age": 68, "sex": "female", "magnesium_target_mg": 300, "breakfast_time": "07:30"},
    )
    plan = client.get(f"{API}/plan").json()
    assert plan["daily_elemental_mg"] == 300.0
    times = [slot["time"] for slot in plan["schedule"]]
    assert "07:30" in times
    placed = sum(
        i["elemental_mg"] for s in plan["schedule"] for i in s["items"] if i["kind"] == "supplement"
    )
    assert placed == 300.0
    assert plan["titration"] and "from" in plan["titration"][0]
    assert plan["titration"][-1]["elemental_mg_per_day"] == 300.0


def test_findings_and_plan_equal_the_cli_json(cli: Cli, cli_api: Any) -> None:
    cli.ok("profile", "set", "--age", "70", "--sex", "male", "--diabetes", "type2")
    cli_api.post(
        f"{API}/supplements/products",
        json={"name": "Oxide 400", "form": "oxide", "elemental_mg": 240},
    )
    cli_api.post(f"{API}/supplements/doses", json={"product": 1, "date": "2026-03-10"})
    cli_api.post(f"{API}/medicines", json={"name": "Lasix", "times": ["08:00"]})
    cli_api.post(f"{API}/medicines", json={"name": "levothyroxine", "times": ["07:00"]})
    cli.ok("lab", "add", "creatinine", "1.6", "mg/dL", "--date", "2026-03-01")

    api_check = cli_api.get(f"{API}/findings", params={"date": "2026-03-10"}).json()
    assert len(api_check["findings"]) >= 3
    assert api_check == cli.json("check", "--date", "2026-03-10")
    api_plan = cli_api.get(f"{API}/plan", params={"date": "2026-03-10"}).json()
    assert api_plan == cli.json("plan", "--date", "2026-03-10")
