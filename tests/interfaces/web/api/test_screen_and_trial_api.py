"""/screen and /trial (``magnerve screen``, ``magnerve trial start|evaluate``)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import Cli
from tests.interfaces.web.api.conftest import API, assert_error


def test_choices_list_symptoms_with_red_flags_and_the_risks_only_you_can_tell(client: Any) -> None:
    data = client.get(f"{API}/screen/choices").json()
    flags = {s["id"]: s["red_flag"] for s in data["symptoms"]}
    assert flags["muscle-cramps"] is False and flags["seizure"] is True
    asked = {r["id"] for r in data["risk_factors"] if r["asked"]}
    assert asked == {"alcohol", "gut-disease"}


def test_a_red_flag_says_seek_care_and_the_screening_is_saved(client: Any) -> None:
    body = {"symptoms": ["muscle-cramps", "chest-pain"], "risks": ["alcohol"]}
    data = client.post(f"{API}/screen", json=body).json()
    assert (data["level"], data["urgent"], data["saved"]) == ("urgent", True, True)
    assert [f["id"] for f in data["red_flags"]] == ["chest-pain"]
    assert [r["id"] for r in data["risk_factors"]] == ["alcohol"]
    categories = [f["category"] for f in client.get(f"{API}/findings").json()["findings"]]
    assert "symptoms" in categories


def test_no_symptoms_is_not_saved(client: Any) -> None:
    data = client.post(f"{API}/screen", json={}).json()
    assert (data["level"], data["saved"], data["symptoms"]) == ("none", False, [])


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"symptoms": ["hiccups"]}, "symptom"),
        ({"risks": ["bad-luck"]}, "risk"),
        ({"symptoms": "muscle-cramps"}, "symptoms"),
        ({"symptoms": ["muscle-cramps"], "date": "2026-03-15"}, "date"),
    ],
)
def test_bad_screenings_name_the_field_and_save_nothing(
    client: Any, body: dict[str, Any], field: str
) -> None:
    assert_error(client.post(f"{API}/screen", json=body), 422, field)
    categories = [f["category"] for f in client.get(f"{API}/findings").json()["findings"]]
    assert "symptoms" not in categories


def _pain_before(client: Any, days: list[str], score: float = 6) -> None:
    for day in days:
        assert (
            client.post(f"{API}/diary/pain", json={"score": score, "date": day}).status_code == 201
        )


def test_start_and_evaluate_a_trial(client: Any) -> None:
    client.post(
        f"{API}/supplements/products",
        json={"name": "Glycinate 100", "form": "glycinate", "elemental_mg": 100},
    )
    _pain_before(client, [f"2026-02-{d:02d}" for d in range(8, 15)], 6)
    started = client.post(f"{API}/trial", json={"date": "2026-02-15", "product": "Glycinate"})
    assert started.status_code == 201
    assert started.json() == {
        "trial": {"id": 1, "start": "2026-02-15", "product_id": 1, "product": "Glycinate 100"},
        "replaced": None,
    }
    _pain_before(client, [f"2026-03-{d:02d}" for d in range(8, 15)], 3)
    result = client.get(f"{API}/trial/evaluation").json()
    assert (result["day"], result["verdict"], result["final"]) == (27, "too-early", False)
    assert result["baseline_mean"] == 6.0 and result["window_mean"] == 3.0
    later = client.get(f"{API}/trial/evaluation", params={"date": "2026-03-14"}).json()
    assert later == result


def test_a_trial_needs_pain_before_it(client: Any) -> None:
    assert_error(client.post(f"{API}/trial"), 422, "date")
    assert_error(client.post(f"{API}/trial", json={}), 422, "date")
    assert_error(client.get(f"{API}/trial/evaluation"), 404, "trial", "not_found")


def test_a_trial_refuses_an_unknown_product_and_bad_fields(client: Any) -> None:
    _pain_before(client, ["2026-03-10"])
    assert_error(client.post(f"{API}/trial", json={"product": 4}), 404, "product", "not_found")
    assert_error(client.post(f"{API}/trial", json={"product": False}), 422, "product")
    assert_error(client.post(f"{API}/trial", json={"date": 20260310}), 422, "date")
    assert_error(client.get(f"{API}/trial/evaluation"), 404, "trial", "not_found")


def test_trial_and_screen_equal_the_cli_json(cli: Cli, cli_api: Any) -> None:
    _pain_before(cli_api, ["2026-03-01", "2026-03-02", "2026-03-03"], 7)
    started = cli_api.post(f"{API}/trial", json={"date": "2026-03-04"}).json()
    assert started["trial"]["start"] == "2026-03-04"
    _pain_before(cli_api, ["2026-03-08", "2026-03-09"], 5)
    assert cli_api.get(f"{API}/trial/evaluation", params={"date": "2026-03-10"}).json() == (
        cli.json("trial", "evaluate", "--date", "2026-03-10")
    )
    assert cli_api.get(f"{API}/screen/choices").json() == cli.json("screen", "--list")
    body = {"symptoms": ["fatigue", "tremor"], "date": "2026-03-10"}
    assert cli_api.post(f"{API}/screen", json=body).json() == cli.json(
        "screen", "--symptom", "fatigue", "--symptom", "tremor", "--date", "2026-03-10"
    )


def test_evaluating_refuses_a_bad_date(client: Any) -> None:
    _pain_before(client, ["2026-03-10"])
    client.post(f"{API}/trial", json={"date": "2026-03-11"})
    assert_error(client.get(f"{API}/trial/evaluation", params={"date": "never"}), 422, "date")
    assert_error(client.get(f"{API}/trial/evaluation", params={"date": "2026-03-01"}), 422, "date")
