"""/foods: search, show and top, as ``magnerve food search|show|top --json``."""

from __future__ import annotations

from typing import Any

from tests.conftest import Cli
from tests.interfaces.web.api.conftest import API, assert_error


def test_search_finds_foods_best_first(client: Any) -> None:
    results = client.get(f"{API}/foods/search", params={"q": "spinach", "limit": 3}).json()[
        "results"
    ]
    assert 1 <= len(results) <= 3
    assert "spinach" in results[0]["description"].lower()
    assert results[0]["id"].startswith(results[0]["source"] + ":")


def test_search_puts_the_persons_recent_food_first(client: Any) -> None:
    before = client.get(f"{API}/foods/search", params={"q": "almonds"}).json()["results"]
    chosen = before[-1]["id"]
    client.post(f"{API}/intake", json={"food_id": chosen, "amount": 30, "unit": "g"})
    after = client.get(f"{API}/foods/search", params={"q": "almonds"}).json()["results"]
    assert after[0]["id"] == chosen != before[0]["id"]


def test_search_refuses_bad_input(client: Any) -> None:
    assert_error(client.get(f"{API}/foods/search", params={"q": "  "}), 422, "query")
    assert_error(client.get(f"{API}/foods/search", params={"q": "kale", "limit": 0}), 422, "limit")
    assert_error(client.get(f"{API}/foods/search", params={"q": "x" * 201}), 422, "q")


def test_show_gives_nutrients_and_portions(client: Any) -> None:
    food = client.get(f"{API}/foods/usda_sr28:11457").json()["food"]
    assert food["description"] == "Spinach, raw"
    assert food["nutrients_per_100g"]["magnesium_mg"] == 79.0
    assert {"label": "1 cup", "grams": 30.0} in food["portions"]


def test_show_an_unknown_food_is_404(client: Any) -> None:
    assert_error(client.get(f"{API}/foods/usda_sr28:99999"), 404, "food", code="not_found")
    assert_error(client.get(f"{API}/foods/not-an-id"), 404, "food", code="not_found")


def test_top_per_serving_with_a_carbohydrate_ceiling(client: Any) -> None:
    params = {"per": "serving", "max_carb_g": 5, "limit": 5}
    results = client.get(f"{API}/foods/top", params=params).json()["results"]
    assert len(results) == 5
    values = [r["value"] for r in results]
    assert values == sorted(values, reverse=True)
    assert all(r["per"] == "serving" and r["serving_grams"] for r in results)
    for r in results:
        food = client.get(f"{API}/foods/{r['id']}").json()["food"]
        carbs = food["nutrients_per_100g"]["carbohydrate_g"]
        assert carbs is not None and carbs * r["serving_grams"] / 100 <= 5 + 1e-6


def test_top_refuses_bad_input(client: Any) -> None:
    assert_error(client.get(f"{API}/foods/top", params={"per": "cup"}), 422, "per")
    assert_error(
        client.get(f"{API}/foods/top", params={"nutrient": "unobtainium"}), 422, "nutrient"
    )
    assert_error(client.get(f"{API}/foods/top", params={"max_carb_g": -1}), 422, "max_carb_g")
    assert_error(client.get(f"{API}/foods/top", params={"max_carb_g": "nan"}), 422, "max_carb_g")
    assert_error(client.get(f"{API}/foods/top", params={"limit": 501}), 422, "limit")


def test_foods_equal_the_cli_json(cli: Cli, cli_api: Any) -> None:
    params = {"per": "100kcal", "category": "Vegetables", "limit": 4}
    assert cli_api.get(f"{API}/foods/top", params=params).json() == cli.json(
        "food", "top", "magnesium", "--per", "100kcal", "--category", "Vegetables", "--limit", "4"
    )
    assert cli_api.get(f"{API}/foods/usda_sr28:12061").json() == cli.json(
        "food", "show", "usda_sr28:12061"
    )
    assert cli_api.get(f"{API}/foods/search", params={"q": "brocoli", "limit": 5}).json() == (
        cli.json("food", "search", "brocoli", "--limit", "5")
    )
