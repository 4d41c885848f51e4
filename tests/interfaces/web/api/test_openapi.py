"""The API's own description: every operation documented (errors included), strict bodies,
closed answers whose keys are the payloads' keys, and every route listed in docs/api.md."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from magnerve.config import Settings
from magnerve.domain.foods import NUTRIENT_KEYS

DOCS = Path(__file__).resolve().parents[4] / "docs" / "api.md"


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    from magnerve.interfaces.web.app import create_app

    return dict(create_app(Settings(database_url="sqlite://")).openapi())


def _operations(spec: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method.upper(), path, op)
        for path, item in spec["paths"].items()
        for method, op in item.items()
        if path.startswith("/api/v1/")
    ]


def test_every_operation_has_a_tag_and_documents_the_error_shape(spec: dict[str, Any]) -> None:
    operations = _operations(spec)
    assert len(operations) >= 40
    for method, path, op in operations:
        assert op["tags"], (method, path)
        for status in ("400", "403", "404", "422"):
            content = op["responses"][status]["content"]
            assert content == {
                "application/json": {"schema": {"$ref": "#/components/schemas/ErrorResponse"}}
            }, (method, path, status)
        assert len([s for s in op["responses"] if s.startswith("2")]) == 1, (method, path)


def test_creations_answer_201(spec: dict[str, Any]) -> None:
    created = {path for method, path, op in _operations(spec) if "201" in op["responses"]}
    assert created == {
        "/api/v1/intake",
        "/api/v1/supplements/products",
        "/api/v1/supplements/doses",
        "/api/v1/medicines",
        "/api/v1/labs",
        "/api/v1/diary/pain",
        "/api/v1/diary/symptoms",
        "/api/v1/trial",
    }


def test_request_bodies_are_closed(spec: dict[str, Any]) -> None:
    schemas = spec["components"]["schemas"]
    bodies = [
        op["requestBody"]["content"]["application/json"]["schema"]
        for _, _, op in _operations(spec)
        if "requestBody" in op
    ]
    assert len(bodies) >= 12
    for body in bodies:
        ref = body.get("$ref") or next(s["$ref"] for s in body["anyOf"] if "$ref" in s)
        assert schemas[ref.rsplit("/", 1)[1]]["additionalProperties"] is False


def test_answers_are_closed_models(spec: dict[str, Any]) -> None:
    for method, path, op in _operations(spec):
        ok = next(v for s, v in op["responses"].items() if s.startswith("2"))
        if path.endswith(".ics"):
            assert list(ok["content"]) == ["text/calendar"]
            continue
        ref = ok["content"]["application/json"]["schema"]["$ref"]
        model = spec["components"]["schemas"][ref.rsplit("/", 1)[1]]
        if path != "/api/v1/health":
            assert model["additionalProperties"] is False, (method, path)


def test_nutrient_models_have_exactly_the_nutrient_keys() -> None:
    from magnerve.interfaces.web.api.shapes import Nutrients

    assert tuple(Nutrients[float].model_fields) == NUTRIENT_KEYS


def test_every_route_is_listed_in_the_docs(spec: dict[str, Any]) -> None:
    text = DOCS.read_text(encoding="utf-8")
    listed = set(re.findall(r"`(GET|POST|PATCH|DELETE) (/api/v1/[^`?\s]*)", text))
    routes = {(method, path) for method, path, _ in _operations(spec)}
    assert routes == listed
    for needle in ("/openapi.json", "/api/docs", '"ok": false', "strict"):
        assert needle in text
