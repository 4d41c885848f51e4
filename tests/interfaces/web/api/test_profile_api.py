"""/profile: show and change the profile and the regimen settings (``magnerve profile …``)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.interfaces.web.api.conftest import API, assert_error


def test_an_empty_profile(client: Any) -> None:
    data = client.get(f"{API}/profile").json()
    assert data["person"] == {"handle": "me", "display_name": "Me", "is_example": False}
    assert (data["profile"], data["targets"]) == (None, None)
    assert data["regimen"]["breakfast_time"] == "08:00"


def test_set_profile_and_regimen_then_change_one_field(client: Any) -> None:
    body = {
        "age": 68,
        "sex": "female",
        "diabetes": "type2",
        "timezone": "Europe/London",
        "breakfast_time": "7:30",
        "magnesium_target_mg": 250,
        "magnesium_prescribed_mg": 500,
        "lab_interval_months": 4,
    }
    data = client.patch(f"{API}/profile", json=body).json()
    assert data["profile"] == {
        "age": 68,
        "birth_date": None,
        "sex": "female",
        "pregnant": False,
        "lactating": False,
        "diabetes": "type2",
        "timezone": "Europe/London",
    }
    assert data["targets"]["magnesium_rda_mg"] == 320.0
    assert data["targets"]["magnesium_supplement_ul_mg"] == 350.0
    assert data["regimen"] == {
        "breakfast_time": "07:30",
        "lunch_time": "12:30",
        "dinner_time": "19:00",
        "magnesium_target_mg": 250.0,
        "magnesium_prescribed_mg": 500.0,
        "lab_interval_months": 4,
    }
    again = client.patch(f"{API}/profile", json={"sex": "male"}).json()
    assert again["profile"]["age"] == 68 and again["profile"]["timezone"] == "Europe/London"
    assert again["targets"]["magnesium_rda_mg"] == 420.0
    assert again["regimen"] == data["regimen"]
    assert client.get(f"{API}/profile").json() == again


def test_birth_date_instead_of_age(client: Any) -> None:
    data = client.patch(f"{API}/profile", json={"birth_date": "1957-04-23", "sex": "male"}).json()
    assert (data["profile"]["birth_date"], data["profile"]["age"]) == ("1957-04-23", 68)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"age": 0}, "age"),
        ({"age": 68, "birth_date": "1957-04-23"}, "age"),
        ({"birth_date": "23/04/1957"}, "birth_date"),
        ({"birth_date": 19570423}, "birth_date"),
        ({"sex": "other"}, "sex"),
        ({"sex": "male", "pregnant": True}, "pregnant"),
        ({"diabetes": "maybe"}, "diabetes"),
        ({"timezone": "Mars/Olympus"}, "timezone"),
        ({"breakfast_time": "25:00"}, "breakfast_time"),
        ({"magnesium_target_mg": -5}, "magnesium_target_mg"),
        ({"magnesium_prescribed_mg": 100000}, "magnesium_prescribed_mg"),
        ({"lab_interval_months": 12}, "lab_interval_months"),
    ],
)
def test_bad_input_names_the_field_and_saves_nothing(
    client: Any, body: dict[str, Any], field: str
) -> None:
    client.patch(f"{API}/profile", json={"age": 50, "sex": "female"})
    before = client.get(f"{API}/profile").json()
    assert_error(client.patch(f"{API}/profile", json=body), 422, field)
    assert client.get(f"{API}/profile").json() == before


def test_every_bad_field_is_named_at_once(client: Any) -> None:
    body = assert_error(
        client.patch(f"{API}/profile", json={"sex": "x", "diabetes": "y"}), 422, "sex"
    )
    assert {e["field"] for e in body["errors"]} == {"sex", "diabetes"}
