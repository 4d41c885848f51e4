"""/labs: results, the schedule (JSON and calendar file) and /egfr (``magnerve lab …``)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import Cli
from tests.interfaces.web.api.conftest import API, assert_error


def _labs(client: Any) -> list[dict[str, Any]]:
    return list(client.get(f"{API}/labs").json()["labs"])


def test_add_flags_a_result_against_the_range(client: Any) -> None:
    body = {"analyte": "serum-magnesium", "value": 0.6, "unit": "mmol/L", "date": "2026-03-01"}
    response = client.post(f"{API}/labs", json=body)
    assert response.status_code == 201
    data = response.json()
    assert (data["lab"]["flag"], data["lab"]["date"]) == ("low", "2026-03-01")
    assert data["notes"] and "egfr" not in data
    assert _labs(client) == [data["lab"]]


def test_a_creatinine_gives_an_egfr_with_a_profile(client: Any) -> None:
    client.patch(f"{API}/profile", json={"age": 68, "sex": "female"})
    data = client.post(
        f"{API}/labs", json={"analyte": "creatinine", "value": 1.1, "unit": "mg/dL"}
    ).json()
    assert data["egfr"]["value"] == 54.7
    assert (data["egfr"]["stage"], data["egfr"]["equation"]) == ("G3a", "CKD-EPI 2021")
    assert data["egfr"]["derived_from_id"] == data["lab"]["id"]
    assert [r["analyte"] for r in _labs(client)] == ["creatinine", "egfr"]
    assert client.delete(f"{API}/labs/{data['lab']['id']}").json() == {"removed": data["lab"]["id"]}
    assert _labs(client) == []


def test_without_a_profile_a_creatinine_says_why_there_is_no_egfr(client: Any) -> None:
    data = client.post(
        f"{API}/labs", json={"analyte": "creatinine", "value": 1.1, "unit": "mg/dL"}
    ).json()
    assert "egfr" not in data
    assert any("eGFR was not computed" in note for note in data["notes"])


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"analyte": "unobtainium", "value": 1, "unit": "mg/dL"}, "analyte"),
        ({"analyte": "serum-magnesium", "value": 0.8, "unit": "kg"}, "unit"),
        ({"analyte": "serum-magnesium", "value": 80, "unit": "mmol/L"}, "value"),
        ({"analyte": "serum-magnesium", "value": "0.8", "unit": "mmol/L"}, "value"),
        ({"analyte": "serum-magnesium", "value": 0.8, "unit": "mmol/L", "date": "x"}, "date"),
        ({"analyte": "serum-magnesium", "unit": "mmol/L"}, "value"),
    ],
)
def test_bad_results_name_the_field_and_save_nothing(
    client: Any, body: dict[str, Any], field: str
) -> None:
    assert_error(client.post(f"{API}/labs", json=body), 422, field)
    assert _labs(client) == []


def test_list_one_test_and_refuse_an_unknown_one(client: Any) -> None:
    client.post(f"{API}/labs", json={"analyte": "hba1c", "value": 7.1, "unit": "%"})
    client.post(f"{API}/labs", json={"analyte": "vitamin-b12", "value": 300, "unit": "pg/mL"})
    only = client.get(f"{API}/labs", params={"analyte": "hba1c"}).json()["labs"]
    assert [r["analyte"] for r in only] == ["hba1c"]
    assert_error(client.get(f"{API}/labs", params={"analyte": "nope"}), 422, "analyte")
    assert_error(client.delete(f"{API}/labs/99"), 404, "id", "not_found")


def test_schedule_as_json_and_as_a_calendar_file(client: Any) -> None:
    client.patch(f"{API}/profile", json={"age": 68, "sex": "female", "diabetes": "type2"})
    schedule = client.get(f"{API}/labs/schedule").json()
    assert schedule["date"] == "2026-03-14" and schedule["ics"] is None
    assert [d["analyte"] for d in schedule["due"]] == ["hba1c"]
    assert schedule["due"][0]["status"] == "due"  # no HbA1c result yet

    response = client.get(f"{API}/labs/schedule.ics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/calendar")
    assert "attachment" in response.headers["content-disposition"]
    text = response.text
    assert text.startswith("BEGIN:VCALENDAR") and text.count("BEGIN:VEVENT") == 1
    from magnerve.interfaces.calendar import person_key

    assert f"UID:lab-{person_key('me')}-hba1c-" in text


def test_the_calendar_refuses_a_bad_date_as_json(client: Any) -> None:
    assert_error(client.get(f"{API}/labs/schedule.ics", params={"date": "x"}), 422, "date")


def test_egfr_calculator(client: Any) -> None:
    params = {"creatinine": 97, "unit": "umol/L", "age": 68, "sex": "female"}
    assert client.get(f"{API}/egfr", params=params).json() == {
        "egfr": 54.9,
        "stage": "G3a",
        "equation": "CKD-EPI 2021",
        "unit": "mL/min/1.73m2",
    }


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"creatinine": 1.1, "age": 12, "sex": "female"}, "age"),
        ({"creatinine": 1.1, "age": 68, "sex": "x"}, "sex"),
        ({"creatinine": 1.1, "age": 68, "sex": "female", "unit": "kg"}, "unit"),
        ({"creatinine": -1, "age": 68, "sex": "female"}, "value"),
        ({"age": 68, "sex": "female"}, "creatinine"),
        ({"creatinine": 1.1, "age": 68.5, "sex": "female"}, "age"),
    ],
)
def test_egfr_calculator_refuses_bad_input(client: Any, params: dict[str, Any], field: str) -> None:
    assert_error(client.get(f"{API}/egfr", params=params), 422, field)


def test_labs_equal_the_cli_json(cli: Cli, cli_api: Any) -> None:
    cli.ok("profile", "set", "--age", "70", "--sex", "male")
    body = {"analyte": "creatinine", "value": 1.3, "unit": "mg/dL", "date": "2026-03-01"}
    cli_api.post(f"{API}/labs", json=body)
    cli.ok("supplement", "add", "Gly", "--form", "glycinate", "--elemental-mg", "100")
    assert cli_api.get(f"{API}/labs").json() == cli.json("lab", "list")
    assert cli_api.get(f"{API}/labs/schedule", params={"date": "2026-03-10"}).json() == (
        cli.json("lab", "schedule", "--date", "2026-03-10")
    )
    params = {"creatinine": 1.3, "age": 70, "sex": "male"}
    assert cli_api.get(f"{API}/egfr", params=params).json() == cli.json(
        "egfr", "--creatinine", "1.3", "--age", "70", "--sex", "male"
    )
