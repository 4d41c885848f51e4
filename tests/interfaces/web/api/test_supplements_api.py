"""/supplements: forms, the elemental calculator, products and doses."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import Cli
from tests.interfaces.web.api.conftest import API, assert_error

GLYCINATE = {"name": "Glycinate 100", "form": "glycinate", "elemental_mg": 100}


def _add(client: Any, body: dict[str, Any] = GLYCINATE) -> dict[str, Any]:
    response = client.post(f"{API}/supplements/products", json=body)
    assert response.status_code == 201, response.text
    return dict(response.json())


def test_forms_give_the_share_of_magnesium_itself(client: Any) -> None:
    forms = {f["id"]: f for f in client.get(f"{API}/supplements/forms").json()["forms"]}
    assert forms["oxide"]["elemental_percent"] == pytest.approx(60.3, abs=0.1)
    assert forms["oxide"]["citations"]


def test_elemental_calculator(client: Any) -> None:
    params = {"form": "glycinate", "compound_mg": 500}
    data = client.get(f"{API}/supplements/elemental", params=params).json()
    assert data["form"] == "bisglycinate"
    assert data["elemental_mg"] == pytest.approx(500 * data["elemental_fraction"], abs=0.001)


def test_elemental_calculator_refuses_bad_input(client: Any) -> None:
    url = f"{API}/supplements/elemental"
    assert_error(client.get(url, params={"form": "kryptonite", "compound_mg": 5}), 422, "form")
    assert_error(client.get(url, params={"form": "oxide", "compound_mg": 0}), 422, "compound_mg")
    assert_error(client.get(url, params={"form": "oxide"}), 422, "compound_mg")


def test_products_add_list_remove(client: Any) -> None:
    added = _add(client)
    product = added["product"]
    assert (product["label_basis"], product["elemental_mg_per_serving"]) == ("elemental", 100.0)
    compound = _add(client, {"name": "Citrate", "form": "citrate", "compound_mg": 1000})
    assert compound["product"]["label_basis"] == "compound"
    listed = client.get(f"{API}/supplements/products").json()["products"]
    assert listed == [product, compound["product"]]
    removed = client.delete(f"{API}/supplements/products/{product['id']}")
    assert removed.json() == {"removed": product}
    assert client.get(f"{API}/supplements/products").json()["products"] == [compound["product"]]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": " ", "form": "oxide", "elemental_mg": 100}, "name"),
        ({"name": "A", "form": "oxide"}, "elemental_mg"),
        ({"name": "A", "form": "oxide", "elemental_mg": 100, "compound_mg": 500}, "elemental_mg"),
        ({"name": "A", "form": "oxide", "elemental_mg": 100000}, "elemental_mg"),
        ({"name": "A", "form": "oxide", "elemental_mg": 100, "b12_ug": -1}, "b12_ug"),
        ({"name": "A", "form": "kryptonite", "elemental_mg": 100}, "form"),
        ({"name": "A", "form": "oxide", "elemental_mg": "100"}, "elemental_mg"),
        ({"form": "oxide", "elemental_mg": 100}, "name"),
    ],
)
def test_bad_products_name_the_field_and_save_nothing(
    client: Any, body: dict[str, Any], field: str
) -> None:
    assert_error(client.post(f"{API}/supplements/products", json=body), 422, field)
    assert client.get(f"{API}/supplements/products").json()["products"] == []


def test_doses_log_list_remove_restore(client: Any) -> None:
    _add(client)
    response = client.post(
        f"{API}/supplements/doses", json={"product": "glycinate", "servings": 1.5, "time": "8:00"}
    )
    assert response.status_code == 201
    dose = response.json()["entry"]
    assert (dose["elemental_mg"], dose["time"], dose["date"]) == (150.0, "08:00", "2026-03-14")
    assert client.get(f"{API}/supplements/doses").json() == {"date": "2026-03-14", "doses": [dose]}
    assert client.delete(f"{API}/supplements/doses/{dose['id']}").json() == {"removed": dose}
    assert client.get(f"{API}/today").json()["magnesium"]["supplement_mg"] == 0
    assert client.post(f"{API}/supplements/doses/{dose['id']}/restore").json() == {"dose": dose}
    assert client.get(f"{API}/today").json()["magnesium"]["supplement_mg"] == 150.0


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"product": 9}, 404, "product"),
        ({"product": 1, "servings": 0}, 422, "servings"),
        ({"product": 1, "servings": 100}, 422, "servings"),
        ({"product": 1, "servings": "2"}, 422, "servings"),
        ({"product": 1, "time": "noon"}, 422, "time"),
        ({"product": 1, "date": "tomorrow"}, 422, "date"),
        ({"product": True}, 422, "product"),
        ({}, 422, "product"),
    ],
)
def test_bad_doses_name_the_field_and_save_nothing(
    client: Any, body: dict[str, Any], status: int, field: str
) -> None:
    _add(client)
    code = "not_found" if status == 404 else "invalid_input"
    assert_error(client.post(f"{API}/supplements/doses", json=body), status, field, code)
    assert client.get(f"{API}/supplements/doses").json()["doses"] == []


def test_removing_unknown_products_and_doses_is_404(client: Any) -> None:
    assert_error(client.delete(f"{API}/supplements/products/5"), 404, "product", "not_found")
    assert_error(client.delete(f"{API}/supplements/doses/5"), 404, "id", "not_found")
    assert_error(client.post(f"{API}/supplements/doses/5/restore"), 404, "id", "not_found")


def test_supplements_equal_the_cli_json(cli: Cli, cli_api: Any) -> None:
    added = _add(cli_api, {**GLYCINATE, "b12_ug": 500, "brand": "Acme"})
    assert cli_api.get(f"{API}/supplements/products").json() == cli.json("supplement", "list")
    dose = {"product": added["product"]["id"], "date": "2026-03-10", "time": "20:00"}
    cli_api.post(f"{API}/supplements/doses", json=dose)
    assert cli_api.get(f"{API}/supplements/doses", params={"date": "2026-03-10"}).json() == (
        cli.json("log", "doses", "--date", "2026-03-10")
    )
    assert cli_api.get(f"{API}/supplements/forms").json() == cli.json("supplement", "forms")
    params = {"form": "Epsom salt", "compound_mg": 1000}
    assert cli_api.get(f"{API}/supplements/elemental", params=params).json() == cli.json(
        "supplement", "elemental", "Epsom salt", "1000"
    )


def test_listing_doses_refuses_a_bad_date(client: Any) -> None:
    assert_error(client.get(f"{API}/supplements/doses", params={"date": "2026-3-1"}), 422, "date")
