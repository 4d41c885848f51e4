"""Today: a newcomer is welcomed; with records, the numbers are the services' own numbers."""

from __future__ import annotations

import re
from typing import Any


def test_a_new_person_is_sent_to_the_welcome(client: Any) -> None:
    response = client.get("/", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/welcome"
    page = client.get("/welcome").text
    assert "Load example data" in page and 'href="/profile?next=/medicines"' in page


def test_loading_the_example_shows_the_example_banner_and_back(client: Any) -> None:
    page = client.post("/example/load").text
    assert "Example data." in page and "made-up person" in page
    assert 'role="status"' in page and "Example data loaded: 99 days" in page
    back = client.post("/example/leave", follow_redirects=False)
    assert back.status_code == 303
    assert client.get("/", follow_redirects=False).headers["location"] == "/welcome"


def test_today_numbers_match_the_day_report(example_client: Any, web_app: Any) -> None:
    report = web_app.state.magnerve.for_person("example").days.day()
    page = example_client.get("/").text
    food = re.search(r'id="food-mg">([^<]+)<', page)
    supplement = re.search(r'id="supplement-mg">([^<]+)<', page)
    assert food and food.group(1) == f"{round(report.intake.food_magnesium_mg)}\u00a0mg"
    assert supplement and supplement.group(1) == f"{round(report.supplement_mg)}\u00a0mg"
    assert report.supplement_mg > 0
    ul = report.targets.magnesium_supplement_ul_mg
    assert f"upper limit (UL) of <strong>{ul:g}\u00a0mg</strong>" in page


def test_today_shows_findings_pain_lab_and_plan(example_client: Any, web_app: Any) -> None:
    app = web_app.state.magnerve.for_person("example")
    page = example_client.get("/").text
    findings = app.safety.check().findings
    assert findings and findings[0].title in page
    assert 'role="img" aria-label="Pain on ' in page
    schedule = sorted(app.labs.schedule().items, key=lambda d: d.due_date)
    assert schedule[0].name in page
    plan = app.plan.plan()
    assert f"{plan.daily_elemental_mg:g}\u00a0mg of elemental magnesium a day" in page
    assert plan.day_plan.schedule[0].time in page


def test_foods_without_data_are_counted_not_zeroed(client: Any, web_app: Any) -> None:
    me = web_app.state.magnerve.for_person("me")
    me.profile.set(age=60, sex="male")
    me.intake.log_food("usda_sr28:06605", 60, "g")  # salsa: no magnesium value in the source
    page = client.get("/").text
    assert "1 food logged today has no magnesium value" in page
    assert 'id="total-mg">0\u00a0mg <span class="muted">or more</span>' in page


def test_a_removed_example_sends_the_browser_back_to_its_own_records(
    example_client: Any, web_app: Any
) -> None:
    web_app.state.magnerve.demo.remove()  # e.g. `magnerve demo remove` in a terminal
    response = example_client.get("/", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/"
    assert example_client.get("/", follow_redirects=False).headers["location"] == "/welcome"
