"""/intake: log by words or by id, list, edit, remove and restore (``magnerve log …``)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import Cli
from tests.interfaces.web.api.conftest import API, assert_error


def _day(client: Any, day: str = "2026-03-14") -> list[dict[str, Any]]:
    return list(client.get(f"{API}/intake", params={"date": day}).json()["entries"])


def test_log_by_words(client: Any) -> None:
    response = client.post(f"{API}/intake", json={"text": "1 oz almonds", "meal": "snack"})
    assert response.status_code == 201
    entry = response.json()["entry"]
    assert "almond" in entry["description"].lower()
    assert (entry["unit"], entry["input_text"], entry["meal"]) == ("oz", "1 oz almonds", "snack")
    assert entry["grams"] == pytest.approx(28.35, abs=0.01)
    assert _day(client) == [entry]


def test_log_by_id_amount_and_unit(client: Any) -> None:
    body = {"food_id": "usda_sr28:11457", "amount": 1.5, "unit": "cup", "date": "2026-03-13"}
    entry = client.post(f"{API}/intake", json=body).json()["entry"]
    assert (entry["grams"], entry["portion_label"], entry["date"]) == (45.0, "1 cup", "2026-03-13")
    assert entry["nutrients"]["magnesium_mg"] == pytest.approx(79 * 0.45)
    assert entry["input_text"] is None
    assert _day(client, "2026-03-13") == [entry]


def test_the_meal_follows_the_time_of_day_when_not_given(client: Any) -> None:
    entry = client.post(f"{API}/intake", json={"text": "30 g almonds"}).json()["entry"]
    assert entry["meal"] == "dinner"  # 18:00 UTC


@pytest.mark.parametrize(
    ("body", "status", "field", "code"),
    [
        ({}, 422, "food_id", "invalid_input"),
        ({"text": "1 oz almonds", "food_id": "usda_sr28:12061"}, 422, "text", "invalid_input"),
        ({"food_id": "usda_sr28:12061"}, 422, "food_id", "invalid_input"),
        ({"food_id": "usda_sr28:12061", "amount": 0, "unit": "g"}, 422, "amount", "invalid_input"),
        ({"food_id": "usda_sr28:12061", "amount": -3, "unit": "g"}, 422, "amount", "invalid_input"),
        (
            {"food_id": "usda_sr28:12061", "amount": 1, "unit": "bucket"},
            422,
            "unit",
            "invalid_input",
        ),
        ({"food_id": "usda_sr28:99999", "amount": 1, "unit": "g"}, 404, "food", "not_found"),
        ({"text": "1 cup xqzzy blorp"}, 422, "food", "ambiguous"),
        ({"text": "1 oz almonds", "meal": "brunch"}, 422, "meal", "invalid_input"),
        ({"text": "1 oz almonds", "date": "2026-03-15"}, 422, "date", "invalid_input"),
        ({"text": ""}, 422, "food", "invalid_input"),
    ],
)
def test_bad_input_names_the_field_and_saves_nothing(
    client: Any, body: dict[str, Any], status: int, field: str, code: str
) -> None:
    assert_error(client.post(f"{API}/intake", json=body), status, field, code)
    assert _day(client) == []
    assert client.get(f"{API}/week").json()["logged_days"] == 0


def test_doubtful_words_offer_candidates(client: Any) -> None:
    body = client.post(f"{API}/intake", json={"text": "1 cup xqzzy blorp"}).json()
    assert body["code"] == "ambiguous"
    assert isinstance(body["candidates"], list)


def test_edit_rescales_and_moves(client: Any) -> None:
    first = client.post(
        f"{API}/intake", json={"food_id": "usda_sr28:12061", "amount": 30, "unit": "g"}
    ).json()["entry"]
    changed = client.patch(
        f"{API}/intake/{first['id']}", json={"amount": 60, "meal": "lunch", "date": "2026-03-13"}
    )
    assert changed.status_code == 200
    entry = changed.json()["entry"]
    assert (entry["grams"], entry["meal"], entry["date"]) == (60.0, "lunch", "2026-03-13")
    assert entry["nutrients"]["magnesium_mg"] == pytest.approx(
        2 * first["nutrients"]["magnesium_mg"]
    )
    assert _day(client) == [] and _day(client, "2026-03-13") == [entry]


def test_edit_refuses_bad_input_and_changes_nothing(client: Any) -> None:
    first = client.post(f"{API}/intake", json={"text": "30 g almonds"}).json()["entry"]
    assert_error(client.patch(f"{API}/intake/{first['id']}", json={}), 422, "entry")
    assert_error(client.patch(f"{API}/intake/{first['id']}", json={"amount": -1}), 422, "amount")
    assert_error(client.patch(f"{API}/intake/{first['id']}", json={"meal": "tea"}), 422, "meal")
    assert_error(client.patch(f"{API}/intake/999", json={"amount": 1}), 404, "id", "not_found")
    assert _day(client) == [first]


def test_remove_and_restore(client: Any) -> None:
    entry = client.post(f"{API}/intake", json={"text": "30 g almonds"}).json()["entry"]
    removed = client.delete(f"{API}/intake/{entry['id']}")
    assert removed.status_code == 200 and removed.json() == {"removed": entry}
    assert _day(client) == []
    assert client.get(f"{API}/today").json()["magnesium"]["food_mg"] == 0
    assert_error(client.delete(f"{API}/intake/{entry['id']}"), 404, "id", "not_found")
    restored = client.post(f"{API}/intake/{entry['id']}/restore")
    assert restored.status_code == 200 and restored.json() == {"entry": entry}
    assert _day(client) == [entry]
    assert_error(client.post(f"{API}/intake/{entry['id']}/restore"), 404, "id", "not_found")


def test_list_refuses_a_bad_date(client: Any) -> None:
    assert_error(client.get(f"{API}/intake", params={"date": "31/12/2025"}), 422, "date")


def test_intake_equals_the_cli_json(cli: Cli, cli_api: Any) -> None:
    body = {"text": "1 cup cooked spinach", "date": "2026-03-10", "meal": "lunch"}
    entry = cli_api.post(f"{API}/intake", json=body).json()["entry"]
    listed = cli_api.get(f"{API}/intake", params={"date": "2026-03-10"}).json()
    assert listed == cli.json("log", "list", "--date", "2026-03-10")
    assert listed["entries"] == [entry]
    assert cli_api.patch(f"{API}/intake/{entry['id']}", json={"amount": 0.5}).json() == (
        {"entry": cli.json("log", "list", "--date", "2026-03-10")["entries"][0]}
    )
