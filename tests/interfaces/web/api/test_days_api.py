"""/today and /week: the same JSON as ``magnerve today|week --json`` for the same records."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import Cli
from tests.interfaces.web.api.conftest import API, assert_error


def _log(client: Any, body: dict[str, Any]) -> dict[str, Any]:
    response = client.post(f"{API}/intake", json=body)
    assert response.status_code == 201, response.text
    return dict(response.json()["entry"])


def test_today_shows_food_and_supplements_against_the_targets(client: Any) -> None:
    client.patch(f"{API}/profile", json={"age": 68, "sex": "female"})
    _log(client, {"food_id": "usda_sr28:12061", "amount": 30, "unit": "g", "meal": "snack"})
    client.post(
        f"{API}/supplements/products",
        json={"name": "Glycinate 100", "form": "glycinate", "elemental_mg": 100},
    )
    client.post(f"{API}/supplements/doses", json={"product": 1, "servings": 2, "time": "08:00"})

    day = client.get(f"{API}/today").json()
    assert day["date"] == "2026-03-14"
    mg = day["magnesium"]
    assert mg["food_mg"] == pytest.approx(81.0)
    assert mg["supplement_mg"] == 200.0
    assert mg["total_mg"] == pytest.approx(281.0)
    assert (mg["rda_mg"], mg["supplement_ul_mg"]) == (320.0, 350.0)
    assert mg["largest_single_supplement_dose_mg"] == 200.0
    assert [d["elemental_mg"] for d in day["supplement_doses"]] == [200.0]
    assert day["nutrients"]["energy_kcal"] == pytest.approx(579 * 0.3)
    assert day["nutrients_missing"]["magnesium_mg"] == 0
    assert [m["meal"] for m in day["meals"]] == ["breakfast", "lunch", "dinner", "snack"]
    assert day["top_sources"][0]["food_id"] == "usda_sr28:12061"
    assert day["targets"]["life_stage"] == "female, 51 years and over"


def test_today_without_a_profile_has_no_targets(client: Any) -> None:
    day = client.get(f"{API}/today").json()
    assert day["targets"] is None
    assert day["magnesium"]["rda_mg"] is None
    assert day["entries"] == []


def test_today_and_week_refuse_a_bad_date(client: Any) -> None:
    assert_error(client.get(f"{API}/today", params={"date": "2026-14-01"}), 422, "date")
    assert_error(client.get(f"{API}/today", params={"date": "2027-01-01"}), 422, "date")
    assert_error(client.get(f"{API}/week", params={"end": "soon"}), 422, "end")


def test_week_averages_over_the_days_with_food(client: Any) -> None:
    _log(client, {"food_id": "usda_sr28:12061", "amount": 30, "unit": "g", "date": "2026-03-12"})
    _log(client, {"food_id": "usda_sr28:12061", "amount": 60, "unit": "g", "date": "2026-03-14"})
    week = client.get(f"{API}/week", params={"end": "2026-03-14"}).json()
    assert (week["start"], week["end"], week["logged_days"]) == ("2026-03-08", "2026-03-14", 2)
    assert week["magnesium"]["average_food_mg"] == pytest.approx(270 * 0.45)
    assert [d["entries"] for d in week["days"]] == [0, 0, 0, 0, 1, 0, 1]


def test_today_and_week_equal_the_cli_json(cli: Cli, cli_api: Any) -> None:
    cli.ok("profile", "set", "--age", "68", "--sex", "female")
    _log(cli_api, {"text": "1 oz almonds", "date": "2026-03-10", "meal": "snack"})
    _log(cli_api, {"food_id": "usda_sr28:06605", "amount": 60, "unit": "g", "date": "2026-03-10"})
    cli.ok("supplement", "add", "Gly", "--form", "glycinate", "--elemental-mg", "100")
    cli.ok("log", "supplement", "1", "--date", "2026-03-10", "--time", "08:00")

    api_day = cli_api.get(f"{API}/today", params={"date": "2026-03-10"}).json()
    assert api_day == cli.json("today", "--date", "2026-03-10")
    assert api_day["magnesium"]["total_is_lower_bound"] is True
    api_week = cli_api.get(f"{API}/week", params={"end": "2026-03-12"}).json()
    assert api_week == cli.json("week", "--end", "2026-03-12")
