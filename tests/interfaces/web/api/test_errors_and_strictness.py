"""Every API error has one shape; bodies are strict; one person's records are theirs alone."""

from __future__ import annotations

from typing import Any

import pytest

from tests.interfaces.web.api.conftest import API, assert_error

SPINACH = {"food_id": "usda_sr28:11457", "amount": 1, "unit": "cup", "date": "2026-03-14"}


def _entries(client: Any) -> list[dict[str, Any]]:
    return list(client.get(f"{API}/intake", params={"date": "2026-03-14"}).json()["entries"])


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({**SPINACH, "amount": False}, "amount"),
        ({**SPINACH, "amount": "3"}, "amount"),
        ({**SPINACH, "amount": None, "unit": 3}, "unit"),
        ({**SPINACH, "meal": True}, "meal"),
        ({**SPINACH, "colour": "green"}, "colour"),
    ],
    ids=["false-is-not-0", "string-is-not-a-number", "number-is-not-text", "bool", "unknown-field"],
)
def test_bodies_are_strict_and_name_the_field(client: Any, body: dict, field: str) -> None:
    assert_error(client.post(f"{API}/intake", json=body), 422, field)
    assert _entries(client) == []


def test_strictness_holds_for_integers_and_booleans_too(client: Any) -> None:
    assert_error(client.patch(f"{API}/profile", json={"age": 68.0}), 422, "age")
    assert_error(client.patch(f"{API}/profile", json={"age": "68"}), 422, "age")
    assert_error(client.patch(f"{API}/profile", json={"pregnant": "false"}), 422, "pregnant")
    assert_error(client.patch(f"{API}/profile", json={"pregnant": 0}), 422, "pregnant")
    assert client.get(f"{API}/profile").json()["profile"] is None


def test_nan_and_infinity_are_refused(client: Any) -> None:
    for literal in ("NaN", "Infinity", "-Infinity"):
        body = f'{{"food_id": "usda_sr28:11457", "amount": {literal}, "unit": "g"}}'
        response = client.post(
            f"{API}/intake", content=body, headers={"content-type": "application/json"}
        )
        assert_error(response, 422, "amount")
    assert _entries(client) == []


def test_malformed_json_is_422_naming_the_body(client: Any) -> None:
    response = client.post(
        f"{API}/intake",
        content=b'{"text": "1 oz almonds"',
        headers={"content-type": "application/json"},
    )
    body = assert_error(response, 422, "body")
    assert body["errors"] == [{"field": "body", "message": "is not valid JSON"}]


def test_a_body_that_is_not_text_is_400_naming_the_body(client: Any) -> None:
    response = client.post(
        f"{API}/intake", content=b'{"text": "\xe9"}', headers={"content-type": "application/json"}
    )
    assert_error(response, 400, "body", code="bad_request")
    assert _entries(client) == []


def test_a_missing_body_names_the_body(client: Any) -> None:
    assert_error(client.post(f"{API}/intake"), 422, "body")


def test_a_body_that_is_not_an_object_names_the_body(client: Any) -> None:
    assert_error(client.post(f"{API}/intake", json=["1 oz almonds"]), 422, "body")


def test_bad_query_parameters_name_the_parameter(client: Any) -> None:
    assert_error(client.get(f"{API}/foods/search", params={"q": "x", "limit": "ten"}), 422, "limit")
    assert_error(client.get(f"{API}/foods/search"), 422, "q")


def test_unknown_route_is_404_in_the_error_shape(client: Any) -> None:
    body = assert_error(client.get(f"{API}/no-such-thing"), 404, "path", code="not_found")
    assert body["error"] == "There is no such page or record."


def test_wrong_method_is_405_in_the_error_shape_with_allow(client: Any) -> None:
    response = client.put(f"{API}/today")
    assert_error(response, 405, "method", code="method_not_allowed")
    assert response.headers["allow"] == "GET"


def test_bad_path_id_names_the_id(client: Any) -> None:
    assert_error(client.delete(f"{API}/intake/abc"), 422, "id")
    assert_error(client.delete(f"{API}/intake/0"), 422, "id")
    assert_error(client.delete(f"{API}/intake/{2**63}"), 422, "id")


def test_a_change_from_another_site_is_refused_before_anything_is_saved(client: Any) -> None:
    response = client.post(
        f"{API}/intake", json=SPINACH, headers={"origin": "https://evil.example"}
    )
    assert_error(response, 403, "origin", code="forbidden")
    assert _entries(client) == []


def test_service_errors_keep_their_hint(client: Any) -> None:
    body = assert_error(client.get(f"{API}/today", params={"date": "2026-02-30"}), 422, "date")
    assert "YYYY-MM-DD" in body["hint"]


def test_a_record_of_the_example_person_cannot_be_touched_while_looking_at_me(
    example_client: Any,
) -> None:
    client = example_client
    example_entry = client.get(f"{API}/intake", params={"date": "2026-03-14"}).json()["entries"][0]
    example_dose = client.get(f"{API}/supplements/doses", params={"date": "2026-03-14"}).json()[
        "doses"
    ][0]
    example_lab = client.get(f"{API}/labs").json()["labs"][0]
    example_medicine = client.get(f"{API}/medicines").json()["medications"][0]
    assert client.post("/example/leave", follow_redirects=False).status_code == 303

    for method, path, field in [
        ("DELETE", f"/intake/{example_entry['id']}", "id"),
        ("PATCH", f"/intake/{example_entry['id']}", "id"),
        ("DELETE", f"/supplements/doses/{example_dose['id']}", "id"),
        ("DELETE", f"/labs/{example_lab['id']}", "id"),
        ("DELETE", f"/medicines/{example_medicine['id']}", "id"),
        ("POST", f"/medicines/{example_medicine['id']}/stop", "id"),
        ("DELETE", f"/supplements/products/{example_dose['product_id']}", "product"),
    ]:
        body = {"amount": 2} if method == "PATCH" else None
        response = client.request(method, API + path, json=body)
        assert_error(response, 404, field, code="not_found")

    assert client.post("/example/load", follow_redirects=False).status_code == 303
    still = client.get(f"{API}/intake", params={"date": "2026-03-14"}).json()["entries"]
    assert example_entry in still
    assert example_lab in client.get(f"{API}/labs").json()["labs"]
