"""Trial: what a trial is (numbers from trial.yaml), starting one, and the verdict with the
numbers, adherence and confounders behind it."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest

from magnerve.errors import NotFound
from magnerve.knowledge.load import load_trial_settings


def _me(web_app: Any) -> Any:
    return web_app.state.magnerve.for_person("me")


def _error(page: str, field: str) -> str:
    found = re.search(rf'<p class="field-error" id="{field}-error">(.*?)</p>', page, re.S)
    assert found, f"no error shown next to {field}"
    return found.group(1)


def _no_trial(web_app: Any) -> None:
    with pytest.raises(NotFound):
        _me(web_app).trial.evaluate()


def test_without_a_trial_the_page_explains_one_with_the_rules_numbers(client: Any) -> None:
    s = load_trial_settings()
    page = client.get("/trial").text
    assert "<h1>Your supplement trial</h1>" in page and "What a trial is" in page
    assert f"The average of the {s.baseline_days.value} days before the start" in page
    first, final = s.too_early_before_day.value, s.final_from_day.value
    assert f"Judged at {first // 7} and {final // 7} weeks." in page
    assert f"From day {first} magnerve compares" in page
    assert f"at least {s.responder_points.value:g} points, or at least" in page
    assert f"{s.responder_percent.value:g}\u00a0%, lower" in page
    assert "is not proof that the supplement did it" in page
    assert '<form method="post" action="/trial/start">' in page
    assert 'id="trial-verdict"' not in page
    assert "You have scored your pain on 0 of the last 7 days" in page


def test_a_start_with_no_pain_logged_is_refused_at_the_date(client: Any, web_app: Any) -> None:
    response = client.post("/trial/start", data={"date": "2026-03-14", "product": ""})
    assert response.status_code == 422
    assert "no pain score has been logged yet" in _error(response.text, "date")
    assert "Nothing was saved." in response.text
    _no_trial(web_app)


def test_a_start_before_the_first_pain_score_is_refused(client: Any, web_app: Any) -> None:
    _me(web_app).diary.log_pain("5", day="2026-03-10")
    response = client.post("/trial/start", data={"date": "2026-03-05"})
    assert response.status_code == 422
    assert "the first pain score is from 2026-03-10" in _error(response.text, "date")
    assert 'id="date" name="date" type="date" value="2026-03-05"' in response.text
    _no_trial(web_app)


def test_a_start_in_the_future_is_refused(client: Any, web_app: Any) -> None:
    _me(web_app).diary.log_pain("5", day="2026-03-10")
    response = client.post("/trial/start", data={"date": "2026-03-20"})
    assert response.status_code == 422
    assert "in the future" in _error(response.text, "date")
    assert 'value="2026-03-20"' in response.text
    _no_trial(web_app)


def test_an_unknown_product_is_refused_at_the_product(client: Any, web_app: Any) -> None:
    _me(web_app).diary.log_pain("5", day="2026-03-10")
    response = client.post("/trial/start", data={"date": "2026-03-14", "product": "999"})
    assert response.status_code == 422
    assert "There is no supplement product" in _error(response.text, "product")
    _no_trial(web_app)


def test_starting_a_trial_shows_day_zero_and_too_early(client: Any, web_app: Any) -> None:
    me = _me(web_app)
    today = date(2026, 3, 14)
    for n in range(1, 8):
        me.diary.log_pain("6", day=(today - timedelta(days=n)).isoformat())
    response = client.post("/trial/start", data={"date": today.isoformat()}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/trial"
    assert me.trial.evaluate().result.start == today
    page = client.get("/trial").text
    assert "Trial started on 2026-03-14." in page
    final = load_trial_settings().final_from_day.value
    assert f'id="trial-day">Day 0 of {final}<' in page
    assert 'data-verdict="too-early">Too early to judge<' in page
    assert "any magnesium supplement you log" in page


def test_the_example_trial_shows_the_verdict_numbers_and_the_gabapentin_change(
    example_client: Any, web_app: Any
) -> None:
    evaluation = web_app.state.magnerve.for_person("example").trial.evaluate()
    r = evaluation.result
    page = example_client.get("/trial").text
    verdict = re.search(
        r'<p class="verdict-words" id="trial-verdict" data-verdict="([^"]+)">(.*?)</p>', page
    )
    assert verdict is not None
    assert verdict.group(1) == r.verdict == "responder"
    assert verdict.group(2).startswith("Clearly better") and "12-week result" in verdict.group(2)
    assert r.message in page  # the verdict's own words, honest about what it cannot prove
    assert "This does not prove that magnesium did it" in page
    assert f'id="baseline-mean">{r.baseline_mean:g} out of 10<' in page
    assert f'id="window-mean">{r.window_mean:g} out of 10<' in page
    change = f"{r.change:g} points ({r.percent_change:g}\u00a0%)".replace("-", "−")
    assert f'id="change">{change}<' in page
    assert r.ci95 is not None
    interval = f"{r.ci95[0]:g} to {r.ci95[1]:g} points".replace("-", "−")
    assert f'id="interval">{interval}<' in page
    assert (
        f"{r.dose_days_logged} of {r.trial_days} days ({round(r.adherence * 100)}\u00a0%)" in page
    )
    confounders = re.search(r'<table id="confounders"[^>]*>(.*?)</table>', page, re.S)
    assert confounders is not None
    assert (
        "<td>2026-02-07</td><td>Pain medicine changed: gabapentin 300 mg to gabapentin 600 mg"
        in (confounders.group(1))
    )
    assert len(re.findall(r"<tr><td>", confounders.group(1))) == len(r.confounders)
    start = r.start
    assert f"4-week mark (first verdict): {(start + timedelta(days=28)).isoformat()}" in page
    assert f"12-week mark (final verdict): {(start + timedelta(days=84)).isoformat()}" in page
    assert 'id="trial-pain-' in page  # the pain chart, its ids prefixed
    assert "Magnesium glycinate 50" in page
    assert '<dt>Clearly better <span class="badge">◀ your result</span></dt>' in page
