"""/medicines: add, list, stop and remove (``magnerve med …``)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import Cli
from tests.interfaces.web.api.conftest import API, assert_error


def _medicines(client: Any) -> list[dict[str, Any]]:
    return list(client.get(f"{API}/medicines").json()["medications"])


def test_add_recognises_a_brand_and_lists_it(client: Any) -> None:
    response = client.post(
        f"{API}/medicines",
        json={"name": "Lasix", "times": ["20:00", "8:00"], "started": "2026-01-02"},
    )
    assert response.status_code == 201
    med = response.json()["medication"]
    assert (med["ingredient"], med["how"], med["recognized"]) == ("furosemide", "brand", True)
    assert med["times"] == ["08:00", "20:00"]
    assert med["started_on"] == "2026-01-02"
    listed = _medicines(client)
    assert len(listed) == 1 and "how" not in listed[0]
    assert {k: med[k] for k in listed[0]} == listed[0]


def test_an_unknown_medicine_is_kept_and_reported_as_not_checked(client: Any) -> None:
    med = client.post(f"{API}/medicines", json={"name": "Zorblax"}).json()["medication"]
    assert (med["recognized"], med["how"], med["ingredients"]) == (False, "unrecognized", [])
    assert [m["input"] for m in _medicines(client)] == ["Zorblax"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "Lasix", "times": ["8 o'clock"]}, "times"),
        ({"name": "Lasix", "times": "08:00"}, "times"),
        ({"name": "Lasix", "started": "2026-04-01"}, "started"),
        ({"name": ""}, "medication"),
        ({"times": ["08:00"]}, "name"),
    ],
)
def test_bad_medicines_name_the_field_and_save_nothing(
    client: Any, body: dict[str, Any], field: str
) -> None:
    assert_error(client.post(f"{API}/medicines", json=body), 422, field)
    assert _medicines(client) == []


def test_stop_keeps_the_history_and_remove_takes_it_off(client: Any) -> None:
    med = client.post(f"{API}/medicines", json={"name": "metformin", "started": "2026-01-01"})
    med_id = med.json()["medication"]["id"]
    stopped = client.post(f"{API}/medicines/{med_id}/stop", json={"date": "2026-03-01"})
    assert stopped.status_code == 200
    assert stopped.json()["medication"]["stopped_on"] == "2026-03-01"
    assert _medicines(client)[0]["stopped_on"] == "2026-03-01"
    assert_error(client.post(f"{API}/medicines/{med_id}/stop"), 422, "id")
    removed = client.delete(f"{API}/medicines/{med_id}").json()["removed"]
    assert removed["id"] == med_id
    assert _medicines(client) == []
    assert_error(client.delete(f"{API}/medicines/{med_id}"), 404, "id", "not_found")


def test_stop_without_a_body_means_today(client: Any) -> None:
    med_id = client.post(f"{API}/medicines", json={"name": "metformin"}).json()["medication"]["id"]
    stopped = client.post(f"{API}/medicines/{med_id}/stop").json()["medication"]
    assert stopped["stopped_on"] == "2026-03-14"


def test_stop_refuses_a_day_before_the_start(client: Any) -> None:
    med = client.post(f"{API}/medicines", json={"name": "metformin", "started": "2026-03-01"})
    med_id = med.json()["medication"]["id"]
    response = client.post(f"{API}/medicines/{med_id}/stop", json={"date": "2026-02-01"})
    assert_error(response, 422, "date")
    assert _medicines(client)[0]["stopped_on"] is None


def test_medicines_equal_the_cli_json(cli: Cli, cli_api: Any) -> None:
    cli_api.post(f"{API}/medicines", json={"name": "gabapentin 300 mg", "times": ["22:00"]})
    cli.ok("med", "add", "omeprazole", "--times", "07:00")
    assert cli_api.get(f"{API}/medicines").json() == cli.json("med", "list")
