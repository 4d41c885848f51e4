"""Profile: the form saves through the profile service, bad input is refused field by field, and
the targets shown are the service's own numbers with links to their sources."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest

GOOD = {
    "age": "67",
    "birth_date": "",
    "sex": "female",
    "state": "none",
    "diabetes": "type2",
    "timezone": "Europe/London",
    "breakfast_time": "07:30",
    "lunch_time": "12:30",
    "dinner_time": "18:45",
    "magnesium_target_mg": "",
    "magnesium_prescribed_mg": "",
    "lab_interval_months": "",
}


def me(web_app: Any) -> Any:
    return web_app.state.magnerve.for_person("me")


def field_error(page: str, field: str) -> str | None:
    found = re.search(rf'<p class="field-error" id="{re.escape(field)}-error">(.*?)</p>', page)
    return html.unescape(re.sub(r"<[^>]+>", "", found.group(1))).strip() if found else None


def test_a_new_person_sees_the_form_and_no_targets_yet(client: Any) -> None:
    response = client.get("/profile")
    assert response.status_code == 200
    page = response.text
    assert page.count("<h1>") == 1
    for field, label in (("age", "Age"), ("sex", "Sex"), ("diabetes", "Diabetes")):
        assert re.search(rf'<label for="{field}">{label}\b', page)
    assert '<button type="submit">Save profile</button>' in page
    assert 'id="targets-table"' not in page
    assert "Add your age and sex above to see your daily targets" in page
    assert 'value="UTC"' in page  # the default time zone, shown
    assert '<option value="Europe/London">' in page  # the known zones are offered
    assert "Skip this step" not in page


def test_saving_stores_the_profile_and_the_plan_settings(client: Any, web_app: Any) -> None:
    form = {**GOOD, "magnesium_target_mg": "300", "lab_interval_months": "4"}
    response = client.post("/profile", data=form, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/profile"
    view = me(web_app).profile.show()
    assert view.age == 67 and view.profile.sex.value == "female"
    assert view.profile.diabetes.value == "type2" and view.profile.timezone == "Europe/London"
    assert (view.regimen.breakfast_time, view.regimen.dinner_time) == ("07:30", "18:45")
    assert view.regimen.magnesium_target_mg == 300
    assert view.regimen.lab_interval_months == 4
    page = client.get("/profile").text
    assert "Profile saved. Daily supplement target: 300 mg of elemental magnesium." in page
    assert 'id="age" name="age" type="text" value="67"' in page
    assert '<option value="type2" selected>Type 2</option>' in page
    assert 'id="lab_interval_months" name="lab_interval_months" type="text" value="4"' in page


def test_targets_are_the_services_numbers_with_their_sources(client: Any, web_app: Any) -> None:
    client.post("/profile", data=GOOD)
    targets = me(web_app).profile.show().targets
    page = client.get("/profile").text
    rda = re.search(r'id="target-rda">([^<]+)<', page)
    ul = re.search(r'id="target-ul">([^<]+)<', page)
    b12 = re.search(r'id="target-b12">([^<]+)<', page)
    assert rda and rda.group(1) == f"{targets.magnesium_rda_mg:g}\u00a0mg"
    assert ul and ul.group(1) == f"{targets.magnesium_supplement_ul_mg:g}\u00a0mg"
    assert b12 and b12.group(1) == f"{targets.vitamin_b12_rda_ug:g}\u00a0µg"
    assert targets.life_stage in page
    assert (
        "UL: the most magnesium from supplements and medicines a day that is unlikely to cause "
        "side effects; food does not count" in page
    )
    assert targets.citations
    for ref in targets.citations:
        assert f'href="/about#cite-{ref}"' in page


def test_a_birth_date_is_kept_as_a_birth_date(client: Any, web_app: Any) -> None:
    form = {**GOOD, "age": "", "birth_date": "1957-04-23"}
    assert client.post("/profile", data=form, follow_redirects=False).status_code == 303
    view = me(web_app).profile.show()
    assert view.profile.birth_date.isoformat() == "1957-04-23" and view.age == 68
    page = client.get("/profile").text
    assert 'name="birth_date" type="date" value="1957-04-23"' in page
    assert 'id="age" name="age" type="text" value=""' in page


def test_pregnancy_is_saved_and_changes_the_targets(client: Any, web_app: Any) -> None:
    form = {**GOOD, "age": "30", "state": "pregnant"}
    assert client.post("/profile", data=form, follow_redirects=False).status_code == 303
    view = me(web_app).profile.show()
    assert view.profile.pregnant is True and view.profile.lactating is False
    assert view.targets.life_stage.startswith("pregnant")
    assert 'id="pregnant" name="state" value="pregnant" checked' in client.get("/profile").text


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"age": "sixty"}, "age", "must be a whole number, not 'sixty'"),
        ({"age": "67.5"}, "age", "whole number"),
        ({"age": "0"}, "age", "from 1 to 120"),
        ({"birth_date": "1957-04-23"}, "age", "not both"),
        ({"age": "", "birth_date": "1957-13-40"}, "birth_date", "is not a date"),
        ({"age": "", "birth_date": "2030-01-01"}, "birth_date", "in the future"),
        ({"sex": "unknown"}, "sex", "allowed: female, male"),
        ({"diabetes": "type3"}, "diabetes", "allowed: type1, type2, other, none"),
        ({"timezone": "Mars/Olympus_Mons"}, "timezone", "unknown time zone"),
        ({"sex": "male", "state": "pregnant"}, "pregnant", "only with sex female"),
        ({"breakfast_time": "25:00"}, "breakfast_time", "not a time of day"),
        ({"magnesium_target_mg": "lots"}, "magnesium_target_mg", "must be a number"),
        ({"magnesium_target_mg": "nan"}, "magnesium_target_mg", "must be a number"),
        ({"magnesium_target_mg": "5000"}, "magnesium_target_mg", "at most 2000 mg"),
        ({"magnesium_prescribed_mg": "-5"}, "magnesium_prescribed_mg", "above 0"),
        ({"lab_interval_months": "9"}, "lab_interval_months", "outside the allowed 2–6"),
        ({"lab_interval_months": "3.5"}, "lab_interval_months", "whole number"),
    ],
)
def test_bad_input_is_refused_at_its_field_and_nothing_is_saved(
    client: Any, web_app: Any, changes: dict[str, str], field: str, words: str
) -> None:
    form = {**GOOD, **changes}
    response = client.post("/profile", data=form)
    assert response.status_code == 422
    message = field_error(response.text, field)
    assert message is not None and words in message
    assert f'href="#{field}"' in response.text  # the summary links to the field
    for name, value in changes.items():
        if name == "state":
            assert f'value="{value}" checked' in response.text
        elif name in {"sex", "diabetes"}:
            assert f'id="{name}"' in response.text
        else:
            assert f'name="{name}" type="' in response.text
            assert f'value="{html.escape(value)}"' in response.text
    view = me(web_app).profile.show()
    assert view.profile is None
    assert view.regimen.breakfast_time == "08:00" and view.regimen.magnesium_target_mg is None


def test_next_leads_on_through_the_setup(client: Any) -> None:
    page = client.get("/profile?next=/medicines").text
    assert '<input type="hidden" name="next" value="/medicines?next=%2Fsupplements">' in page
    assert 'href="/medicines?next=%2Fsupplements">Skip this step</a>' in page
    response = client.post(
        "/profile", data={**GOOD, "next": "/medicines?next=%2Fsupplements"}, follow_redirects=False
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/medicines?next=%2Fsupplements"


def test_an_error_keeps_the_next_step(client: Any) -> None:
    response = client.post("/profile", data={**GOOD, "age": "x", "next": "/medicines"})
    assert response.status_code == 422
    assert 'name="next" value="/medicines?next=%2Fsupplements"' in response.text


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "/\\evil"])
def test_a_next_address_off_this_site_is_refused(client: Any, target: str) -> None:
    page = client.get("/profile", params={"next": target}).text
    assert "Skip this step" not in page
    assert html.escape(target) not in page
    response = client.post("/profile", data={**GOOD, "next": target}, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/profile"


def test_the_example_person_sees_their_own_profile(example_client: Any, web_app: Any) -> None:
    view = web_app.state.magnerve.for_person("example").profile.show()
    page = example_client.get("/profile").text
    assert f'id="age" name="age" type="text" value="{view.age}"' in page
    assert f'id="target-rda">{view.targets.magnesium_rda_mg:g}\u00a0mg<' in page
    assert "Example data." in page
