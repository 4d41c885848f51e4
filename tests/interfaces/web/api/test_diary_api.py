"""/diary: pain, symptoms and a day's values (``magnerve log pain|symptoms|diary``)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import Cli
from tests.interfaces.web.api.conftest import API, assert_error


def _values(client: Any, **params: Any) -> list[dict[str, Any]]:
    return list(client.get(f"{API}/diary", params=params).json()["values"])


def test_pain_is_recorded_and_a_second_value_replaces_the_first(client: Any) -> None:
    first = client.post(f"{API}/diary/pain", json={"score": 6.5})
    assert first.status_code == 201
    saved = first.json()["recorded"][0]
    assert (saved["item"], saved["value"], saved["date"]) == ("pain", 6.5, "2026-03-14")
    second = client.post(f"{API}/diary/pain", json={"score": 4}).json()
    assert [(v["id"], v["value"]) for v in second["replaced"]] == [(saved["id"], 6.5)]
    assert second["replaced"][0]["replaced_at"] == "2026-03-14T18:00:00+00:00"
    assert [v["value"] for v in _values(client)] == [4.0]
    history = _values(client, history="true")
    assert [(v["value"], v["replaced_at"] is not None) for v in history] == [
        (6.5, True),
        (4.0, False),
    ]


def test_pain_at_one_site_on_another_day(client: Any) -> None:
    body = {"score": 3, "site": "feet", "date": "2026-03-12"}
    saved = client.post(f"{API}/diary/pain", json=body).json()["recorded"][0]
    assert (saved["item"], saved["date"]) == ("pain-feet", "2026-03-12")
    assert _values(client, date="2026-03-12") == [saved]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"score": 11}, "pain"),
        ({"score": -1}, "pain"),
        ({"score": "6"}, "score"),
        ({"score": 5, "site": "elbow"}, "site"),
        ({"score": 5, "date": "2026-03-15"}, "date"),
        ({}, "score"),
    ],
)
def test_bad_pain_names_the_field_and_saves_nothing(
    client: Any, body: dict[str, Any], field: str
) -> None:
    assert_error(client.post(f"{API}/diary/pain", json=body), 422, field)
    assert _values(client) == []


def test_symptoms_are_recorded_together(client: Any) -> None:
    body = {"burning": 6, "tingling": 4.5, "gi": "Mild", "stools": 3, "note": "slept badly"}
    data = client.post(f"{API}/diary/symptoms", json=body).json()
    got = {v["item"]: v["value"] for v in data["recorded"]}
    assert got == {
        "burning": 6.0,
        "tingling": 4.5,
        "gi": "mild",
        "stools": 3.0,
        "note": "slept badly",
    }
    assert {v["item"] for v in _values(client)} == set(got)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "symptoms"),
        ({"burning": 12}, "burning"),
        ({"burning": 5, "gi": "awful"}, "gi"),
        ({"burning": 5, "stools": -1}, "stools"),
        ({"burning": 5, "stools": 2.5}, "stools"),
        ({"burning": 5, "note": "   "}, "note"),
        ({"itching": 3}, "itching"),
    ],
)
def test_one_bad_symptom_saves_nothing(client: Any, body: dict[str, Any], field: str) -> None:
    assert_error(client.post(f"{API}/diary/symptoms", json=body), 422, field)
    assert _values(client) == []


def test_diary_refuses_bad_query(client: Any) -> None:
    assert_error(client.get(f"{API}/diary", params={"date": "x"}), 422, "date")
    assert_error(client.get(f"{API}/diary", params={"history": "perhaps"}), 422, "history")


def test_diary_equals_the_cli_json(cli: Cli, cli_api: Any) -> None:
    cli_api.post(f"{API}/diary/pain", json={"score": 7, "date": "2026-03-10"})
    cli_api.post(f"{API}/diary/symptoms", json={"numbness": 5, "gi": "none", "date": "2026-03-10"})
    cli.ok("log", "pain", "5", "--date", "2026-03-10")
    api = cli_api.get(f"{API}/diary", params={"date": "2026-03-10", "history": True}).json()
    assert api == cli.json("log", "diary", "--date", "2026-03-10", "--history")
    assert len(api["values"]) == 4
