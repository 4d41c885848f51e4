"""The Idempotency-Key header on every route that creates records: a repeat answers the same
status and body and adds nothing; the key sent with other data is a 409; a bad key a 422."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import func, select

from magnerve.storage import tables
from tests.interfaces.web.api.conftest import API, assert_error

DAY = "2026-03-12"


@dataclass(frozen=True)
class Route:
    """A create route: ``bodies`` are two different requests; ``table`` is where they land."""

    path: str
    bodies: tuple[dict[str, Any], dict[str, Any]]
    table: Any
    status: int = 201
    setup: Callable[[Any], None] = lambda app: None


def _product(app: Any) -> None:
    app.supplements.add_product("Glycinate 100", form="glycinate", elemental_mg_per_serving=100)


def _trial_setup(app: Any) -> None:
    """A product, and pain logged before the start (the baseline)."""
    _product(app)
    for day in ("2026-03-08", "2026-03-09", "2026-03-10"):
        app.diary.log_pain("6", day=day)


ROUTES = [
    Route(
        "/intake",
        ({"text": "30 g almonds", "date": DAY}, {"text": "40 g almonds", "date": DAY}),
        tables.intake_entry,
    ),
    Route(
        "/intake",
        (
            {"food_id": "usda_sr28:11457", "amount": 1, "unit": "cup", "meal": "lunch"},
            {"food_id": "usda_sr28:11457", "amount": 2, "unit": "cup", "meal": "lunch"},
        ),
        tables.intake_entry,
    ),
    Route(
        "/supplements/products",
        (
            {"name": "Citrate", "form": "citrate", "elemental_mg": 100},
            {"name": "Citrate", "form": "citrate", "compound_mg": 600},
        ),
        tables.supplement_product,
    ),
    Route(
        "/supplements/doses",
        ({"product": "Glycinate", "time": "08:00"}, {"product": "Glycinate", "servings": 2}),
        tables.supplement_dose,
        setup=_product,
    ),
    Route("/medicines", ({"name": "metformin 500 mg"}, {"name": "Lasix"}), tables.medication),
    Route(
        "/labs",
        (
            {"analyte": "creatinine", "value": 1.0, "unit": "mg/dL", "date": DAY},
            {"analyte": "creatinine", "value": 1.1, "unit": "mg/dL", "date": DAY},
        ),
        tables.lab_result,
        setup=lambda app: app.profile.set(age=68, sex="female"),
    ),
    Route(
        "/diary/pain",
        ({"score": 5, "date": DAY}, {"score": 5, "site": "feet", "date": DAY}),
        tables.diary_value,
        setup=lambda app: app.diary.log_pain("7", day=DAY),
    ),
    Route(
        "/diary/symptoms",
        ({"burning": 6, "gi": "mild", "date": DAY}, {"burning": 6, "gi": "none", "date": DAY}),
        tables.diary_value,
    ),
    Route(
        "/trial",
        ({"date": "2026-03-10"}, {"date": "2026-03-11", "product": "Glycinate"}),
        tables.trial,
        setup=_trial_setup,
    ),
    Route(
        "/screen",
        ({"symptoms": ["muscle-cramps"]}, {"symptoms": ["muscle-cramps", "tremor"]}),
        tables.screening,
        status=200,
    ),
]

each_route = pytest.mark.parametrize(
    "route", ROUTES, ids=[f"{r.path}:{sorted(r.bodies[0])[0]}" for r in ROUTES]
)


def rows(web_app: Any, table: Any) -> int:
    with web_app.state.magnerve.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


@each_route
def test_a_repeat_with_the_key_answers_the_same_and_adds_nothing(
    client: Any, web_app: Any, route: Route
) -> None:
    route.setup(web_app.state.magnerve)
    before = rows(web_app, route.table)
    headers = {"Idempotency-Key": "3f2c1a9e-first"}
    first = client.post(API + route.path, json=route.bodies[0], headers=headers)
    assert first.status_code == route.status, first.text
    made = rows(web_app, route.table)
    assert made > before
    again = client.post(API + route.path, json=route.bodies[0], headers=headers)
    assert (again.status_code, again.json()) == (first.status_code, first.json())
    assert rows(web_app, route.table) == made
    # Without the key, the same request is a new one.
    assert client.post(API + route.path, json=route.bodies[0]).status_code == route.status
    assert rows(web_app, route.table) == made + (made - before)


@each_route
def test_the_key_with_other_data_is_a_conflict(client: Any, web_app: Any, route: Route) -> None:
    route.setup(web_app.state.magnerve)
    headers = {"Idempotency-Key": "reused"}
    assert client.post(API + route.path, json=route.bodies[0], headers=headers).is_success
    made = rows(web_app, route.table)
    response = client.post(API + route.path, json=route.bodies[1], headers=headers)
    body = assert_error(response, 409, "idempotency_key", code="conflict")
    assert body["errors"] == [
        {"field": "idempotency_key", "message": "was already used for a different request"}
    ]
    assert body["hint"]
    assert rows(web_app, route.table) == made


@each_route
def test_a_bad_key_is_refused_by_name(client: Any, web_app: Any, route: Route) -> None:
    route.setup(web_app.state.magnerve)
    before = rows(web_app, route.table)
    too_long = {"Idempotency-Key": "k" * 129}
    response = client.post(API + route.path, json=route.bodies[0], headers=too_long)
    body = assert_error(response, 422, "idempotency_key")
    assert "printable ASCII" in body["errors"][0]["message"]
    assert rows(web_app, route.table) == before


@pytest.mark.parametrize("bad", [b"", "café".encode("latin-1"), b"\x7f"], ids=["empty", "é", "DEL"])
def test_a_key_must_be_printable_ascii(client: Any, bad: bytes) -> None:
    lab = {"analyte": "serum-magnesium", "value": 0.8, "unit": "mmol/L"}
    response = client.post(f"{API}/labs", json=lab, headers={"Idempotency-Key": bad})
    assert_error(response, 422, "idempotency_key")
    assert client.get(f"{API}/labs").json()["labs"] == []


def test_a_key_used_on_another_route_is_a_conflict(client: Any) -> None:
    headers = {"Idempotency-Key": "one-key"}
    lab = {"analyte": "serum-magnesium", "value": 0.8, "unit": "mmol/L"}
    assert client.post(f"{API}/labs", json=lab, headers=headers).status_code == 201
    response = client.post(f"{API}/diary/pain", json={"score": 4}, headers=headers)
    assert_error(response, 409, "idempotency_key", code="conflict")
    assert client.get(f"{API}/diary").json()["values"] == []


def test_the_schema_documents_the_header_and_the_conflict_on_every_create_route(
    client: Any,
) -> None:
    spec = client.get("/openapi.json").json()
    with_key = {
        (method, path)
        for path, item in spec["paths"].items()
        for method, op in item.items()
        if any(p["name"] == "Idempotency-Key" for p in op.get("parameters", []))
    }
    assert with_key == {("post", API + r.path) for r in ROUTES}
    for method, path in with_key:
        op = spec["paths"][path][method]
        assert "409" in op["responses"]
        header = next(p for p in op["parameters"] if p["name"] == "Idempotency-Key")
        assert header["required"] is False
        string = next(s for s in header["schema"]["anyOf"] if s.get("type") == "string")
        assert (string["minLength"], string["maxLength"]) == (1, 128)
