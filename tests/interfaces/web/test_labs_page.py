"""Labs: results read against the knowledge's ranges, adding and removing (scoped to the person),
the unit picker with and without htmx, trend charts, the schedule and its calendar, eGFR."""

from __future__ import annotations

import re
from typing import Any

from magnerve.knowledge.load import load_labs


def _me(web_app: Any) -> Any:
    return web_app.state.magnerve.for_person("me")


def _example(web_app: Any) -> Any:
    return web_app.state.magnerve.for_person("example")


def _error(page: str, field: str) -> str:
    found = re.search(rf'<p class="field-error" id="{field}-error">(.*?)</p>', page, re.S)
    assert found, f"no error shown next to {field}"
    return found.group(1)


def test_an_empty_page_says_what_to_add(client: Any) -> None:
    page = client.get("/labs").text
    assert "<h1>Lab results</h1>" in page
    assert "No lab results yet" in page
    assert "No tests are scheduled" in page
    assert '<figure class="chart"' not in page


def test_results_are_newest_first_with_flag_words_and_ranges(
    example_client: Any, web_app: Any
) -> None:
    _, results = _example(web_app).labs.list()
    page = example_client.get("/labs").text
    rows = re.findall(r'<tr id="lab-(\d+)">', page)
    newest = sorted(results, key=lambda r: (r.local_date, r.id), reverse=True)
    assert [int(i) for i in rows] == [r.id for r in newest]
    magnesium = re.search(r'<tr id="lab-6">(.*?)</tr>', page, re.S)
    assert magnesium is not None
    row = magnesium.group(1)
    assert "0.84\u00a0mmol/L" in row
    assert "✓ Within the range" in row  # a word and a symbol, not colour alone
    assert "0.75–0.95 mmol/L" in row
    hba1c = re.search(r'<tr id="lab-9">(.*?)</tr>', page, re.S)
    assert hba1c is not None
    assert "read the result against the range your lab prints" in hba1c.group(1)
    egfr = re.search(r'<tr id="lab-8">(.*?)</tr>', page, re.S)
    assert egfr is not None
    assert "Stage G2" in egfr.group(1)
    assert "Worked out from the creatinine of the same day." in egfr.group(1)


def test_a_trend_chart_for_each_test_with_two_results(example_client: Any, web_app: Any) -> None:
    _, results = _example(web_app).labs.list()
    twice = {a for a in {r.analyte for r in results} if sum(r.analyte == a for r in results) >= 2}
    page = example_client.get("/labs").text
    charted = set(re.findall(r'<figure class="chart" id="chart-([a-z0-9-]+)">', page))
    assert charted == twice and "vitamin-b12" not in charted  # one B12 result: no chart
    assert 'id="lab-serum-magnesium-' in page  # ids prefixed per chart
    assert "<figcaption>Serum magnesium, each result in mmol/L" in page


def test_adding_a_result_saves_it_and_shows_its_flag(client: Any, web_app: Any) -> None:
    typed = {"analyte": "serum-magnesium", "value": "0.62", "unit": "mmol/L", "date": "2026-03-10"}
    response = client.post("/labs", data=typed, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/labs#results"
    _, results = _me(web_app).labs.list()
    assert [(r.analyte, r.value, r.unit, r.flag, r.local_date.isoformat()) for r in results] == [
        ("serum-magnesium", 0.62, "mmol/L", "low", "2026-03-10")
    ]
    page = client.get("/labs").text
    assert "Added your serum magnesium result." in page
    assert "↓ Below the range" in page


def test_a_creatinine_without_age_and_sex_says_why_there_is_no_egfr(
    client: Any, web_app: Any
) -> None:
    page = client.post("/labs", data={"analyte": "creatinine", "value": "80", "unit": "µmol/L"})
    _, results = _me(web_app).labs.list()
    assert [r.analyte for r in results] == ["creatinine"]
    assert "eGFR was not worked out: add your age and sex on the Profile page." in page.text


def test_a_creatinine_with_a_profile_also_gives_an_egfr(client: Any, web_app: Any) -> None:
    _me(web_app).profile.set(age=60, sex="male")
    page = client.post("/labs", data={"analyte": "creatinine", "value": "1.1", "unit": "mg/dL"})
    _, results = _me(web_app).labs.list()
    assert sorted(r.analyte for r in results) == ["creatinine", "egfr"]
    assert "Your eGFR was worked out from it." in page.text


def test_a_unit_the_test_does_not_use_is_refused_at_the_unit(client: Any, web_app: Any) -> None:
    typed = {"analyte": "serum-magnesium", "value": "0.8", "unit": "pmol/L", "date": "2026-03-01"}
    response = client.post("/labs", data=typed)
    assert response.status_code == 422
    page = response.text
    assert "serum magnesium is not given in" in _error(page, "unit")
    assert "Nothing was saved." in page and '<a href="#unit">' in page
    assert '<option value="serum-magnesium" selected>' in page
    assert 'id="value" name="value" type="text" value="0.8"' in page
    assert 'value="2026-03-01"' in page
    assert _me(web_app).labs.list()[1] == []


def test_missing_and_bad_fields_are_each_named(client: Any, web_app: Any) -> None:
    response = client.post("/labs", data={"analyte": "", "value": "high", "unit": ""})
    assert response.status_code == 422
    page = response.text
    assert "Choose which test this is" in _error(page, "analyte")
    assert "as a number" in _error(page, "value")
    assert "Choose the unit" in _error(page, "unit")
    assert _me(web_app).labs.list()[1] == []


def test_an_implausible_value_and_a_future_date_are_refused(client: Any, web_app: Any) -> None:
    implausible = {"analyte": "serum-magnesium", "value": "80", "unit": "mmol/L"}
    response = client.post("/labs", data=implausible)
    assert response.status_code == 422
    assert "outside what a lab reports" in _error(response.text, "value")
    future = {"analyte": "hba1c", "value": "7", "unit": "%", "date": "2026-04-01"}
    response = client.post("/labs", data=future)
    assert response.status_code == 422
    assert "in the future" in _error(response.text, "date")
    assert _me(web_app).labs.list()[1] == []


def test_removing_a_result_and_its_egfr(example_client: Any, web_app: Any) -> None:
    response = example_client.post("/labs/7/remove", follow_redirects=False)
    assert response.status_code == 303
    ids = {r.id for r in _example(web_app).labs.list()[1]}
    assert 7 not in ids and 8 not in ids  # the eGFR worked out from creatinine 7 went with it
    assert "The lab result was removed." in example_client.get("/labs").text


def test_another_persons_result_cannot_be_removed(client: Any, web_app: Any) -> None:
    web_app.state.magnerve.demo.load()  # the example person's records; this browser is "me"
    before = [r.id for r in _example(web_app).labs.list()[1]]
    response = client.post(f"/labs/{before[0]}/remove", follow_redirects=False)
    assert response.status_code == 404
    assert "There is no lab result" in response.text
    assert [r.id for r in _example(web_app).labs.list()[1]] == before


def test_without_javascript_every_tests_units_are_offered_in_groups(client: Any) -> None:
    page = client.get("/labs").text
    table = load_labs()
    unit_select = re.search(r'<select id="unit" name="unit".*?</select>', page, re.S)
    assert unit_select is not None
    groups = re.findall(r'<optgroup label="([^"]+)">', unit_select.group(0))
    assert len(groups) == len(table.analytes)
    assert "Vitamin B12" in groups and "eGFR" in groups
    analyte_select = re.search(r'<select id="analyte".*?>', page)
    assert analyte_select is not None
    assert 'hx-get="/labs/units"' in analyte_select.group(0)
    assert 'hx-target="#unit"' in analyte_select.group(0)


def test_choosing_a_test_swaps_in_only_its_units(client: Any) -> None:
    response = client.get("/labs/units", params={"analyte": "vitamin-b12"})
    assert response.status_code == 200
    options = re.findall(r'<option value="([^"]*)"', response.text)
    assert options == ["", "pmol/L", "pg/mL", "ng/L"]
    assert "<optgroup" not in response.text and "<html" not in response.text
    kept = client.get("/labs/units", params={"analyte": "vitamin-b12", "unit": "ng/L"}).text
    assert '<option value="ng/L" selected>' in kept
    single = client.get("/labs/units", params={"analyte": "egfr"}).text
    assert '<option value="mL/min/1.73m2" selected>' in single
    unknown = client.get("/labs/units", params={"analyte": "nonsense"}).text
    assert unknown.count("<optgroup") == len(load_labs().analytes)


def test_the_schedule_shows_status_in_words(client: Any, web_app: Any) -> None:
    me = _me(web_app)
    me.profile.set(age=60, sex="male", diabetes="type2")
    me.labs.add("hba1c", 7.0, "%", day="2025-06-01")
    page = client.get("/labs").text
    schedule = me.labs.schedule().items
    assert [i.status for i in schedule] == ["overdue"]
    section = page[page.index('id="schedule"') :]
    assert "HbA1c" in section and "⚠ Overdue" in section
    assert schedule[0].due_date.isoformat() in section
    assert '<a href="/about#cite-ada-2022-ch6-glycemic-targets">' in section
    assert 'href="/labs/schedule.ics" download>' in section


def test_the_calendar_file_lists_the_due_tests(example_client: Any, web_app: Any) -> None:
    from icalendar import Calendar

    response = example_client.get("/labs/schedule.ics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/calendar")
    assert response.headers["content-disposition"].startswith("attachment;")
    assert ".ics" in response.headers["content-disposition"]
    calendar = Calendar.from_ical(response.content)
    events = {
        str(e.get("summary")): e.decoded("dtstart") for e in calendar.walk() if e.name == "VEVENT"
    }
    items = _example(web_app).labs.schedule().items
    assert len(events) == len(items) == 4
    for item in items:
        assert events[f"Lab test due: {item.name}"] == item.due_date


def test_the_egfr_calculator_answers_and_saves_nothing(client: Any, web_app: Any) -> None:
    from magnerve.services.labs import compute_egfr

    typed = {"creatinine": "0.9", "creatinine_unit": "mg/dL", "age": "67", "sex": "female"}
    response = client.post("/labs/egfr", data=typed)
    assert response.status_code == 200
    answer = compute_egfr(0.9, "mg/dL", age=67, sex="female")
    result = re.search(r'id="egfr-result">(.*?)</div>', response.text, re.S)
    assert result is not None
    assert f"<strong>{round(answer.egfr)}\u00a0mL/min/1.73\u00a0m²</strong>" in result.group(1)
    assert f"stage {answer.stage}" in result.group(1)
    assert 'id="creatinine" name="creatinine" type="text" value="0.9"' in response.text
    assert _me(web_app).labs.list()[1] == []


def test_the_egfr_calculator_names_each_bad_field(client: Any) -> None:
    typed = {"creatinine": "abc", "creatinine_unit": "mg/dL", "age": "old", "sex": "female"}
    response = client.post("/labs/egfr", data=typed)
    assert response.status_code == 422
    assert "as a number" in _error(response.text, "creatinine")
    assert "as a number" in _error(response.text, "age")
    young = {"creatinine": "0.9", "creatinine_unit": "mg/dL", "age": "12", "sex": ""}
    response = client.post("/labs/egfr", data=young)
    assert response.status_code == 422
    assert "adults aged 18 and over" in _error(response.text, "age")
    assert "unknown sex" in _error(response.text, "sex")
    wrong_unit = {"creatinine": "0.9", "creatinine_unit": "pmol/L", "age": "50", "sex": "male"}
    response = client.post("/labs/egfr", data=wrong_unit)
    assert response.status_code == 422
    assert "not given in" in _error(response.text, "creatinine_unit")
    assert 'id="egfr-result"' not in response.text
