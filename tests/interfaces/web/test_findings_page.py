"""Findings, most serious first with sources one click away on /about, and the symptom screener
(red flags answer with "seek medical care now")."""

from __future__ import annotations

import re
from typing import Any

from magnerve.domain.symptoms import screen
from magnerve.knowledge.load import load_symptoms


def _me(web_app: Any) -> Any:
    return web_app.state.magnerve.for_person("me")


def test_no_findings_says_what_is_checked(client: Any) -> None:
    page = client.get("/findings").text
    assert "<h1>Findings</h1>" in page
    assert "No findings for 2026-03-14." in page
    assert '<article class="finding' not in page


def test_each_finding_shows_severity_words_action_clinician_detail_and_sources(
    example_client: Any, web_app: Any
) -> None:
    findings = web_app.state.magnerve.for_person("example").safety.check().findings
    page = example_client.get("/findings").text
    articles = re.findall(r'<article class="finding severity-(\w+)".*?</article>', page, re.S)
    assert articles == [f.severity for f in findings]
    gabapentin = next(f for f in findings if f.rule_id == "MG-INT-GABAPENTIN")
    assert f">{gabapentin.title}</h2>" in page
    assert gabapentin.detail in page
    assert f"<strong>What to do:</strong> {gabapentin.action}" in page
    assert "<summary>For your clinician</summary>" in page
    assert gabapentin.clinician_detail in page
    assert "<strong>Involves:</strong> magnesium, gabapentin" in page
    assert '<span aria-hidden="true">!</span> Caution</span>' in page  # a word, not just colour
    for c in gabapentin.citations:
        assert f'<a href="/about#cite-{c.id}">' in page


def test_findings_are_listed_most_serious_first(client: Any, web_app: Any) -> None:
    me = _me(web_app)
    me.profile.set(age=60, sex="male")
    me.medications.add("ciprofloxacin")
    me.medications.add("gabapentin")
    me.labs.add("serum-magnesium", 0.4, "mmol/L")
    me.supplements.add_product("Mag", form="bisglycinate", elemental_mg_per_serving=100)
    me.supplements.log_dose("Mag", servings=2)
    findings = me.safety.check().findings
    ranks = {"urgent": 3, "warning": 2, "caution": 1, "info": 0}
    assert {f.severity for f in findings} == set(ranks)  # the order below means something
    page = client.get("/findings").text
    shown = re.findall(r'<article class="finding severity-(\w+)"', page)
    assert shown == [f.severity for f in findings]
    assert [ranks[s] for s in shown] == sorted((ranks[s] for s in shown), reverse=True)
    assert f"{len(findings)} findings, most serious first." in page


def test_every_source_link_on_findings_has_its_anchor_on_about(
    example_client: Any, client: Any
) -> None:
    page = example_client.get("/findings").text
    targets = set(re.findall(r'href="/about#(cite-[a-z0-9-]+)"', page))
    assert targets
    about = client.get("/about").text
    anchors = set(re.findall(r'<li id="(cite-[a-z0-9-]+)"', about))
    assert targets <= anchors


def test_the_screener_groups_symptoms_in_fieldsets(client: Any) -> None:
    table = load_symptoms()
    page = client.get("/findings/screen").text
    assert "<h1>Symptoms that can go with low magnesium</h1>" in page
    legends = re.findall(r"<legend>(.*?)</legend>", page)
    groups = {s.group for s in table.symptoms}
    assert len(legends) == len(groups) + 1  # the symptom groups and the risk factors
    boxes = re.findall(r'<input type="checkbox" name="symptom" value="([a-z0-9-]+)"', page)
    assert sorted(boxes) == sorted(s.id for s in table.symptoms)
    risks = re.findall(r'<input type="checkbox" name="risk" value="([a-z0-9-]+)"', page)
    assert risks == [r.id for r in table.risk_factors if r.detected_by.asked]
    red_flags = [s for s in table.symptoms if s.red_flag]
    assert page.count("‼ seek care now</strong></label>") == len(red_flags)
    assert 'role="alert"' not in page


def test_a_red_flag_answers_seek_medical_care_now(client: Any, web_app: Any) -> None:
    chosen = {"symptom": ["chest-pain", "tingling"], "risk": ["alcohol"]}
    response = client.post("/findings/screen", data=chosen)
    assert response.status_code == 200
    alert = re.search(
        r'<div class="urgent-now" role="alert" id="seek-care">(.*?)</div>', response.text, re.S
    )
    assert alert is not None
    assert "Seek medical care now</h2>" in alert.group(1)
    assert "Chest pain, pressure or tightness" in alert.group(1)
    findings = _me(web_app).safety.check().findings
    assert any(f.severity == "urgent" and "chest pain" in f.detail.lower() for f in findings)
    expected = screen(load_symptoms(), ["chest-pain", "tingling"], risk_factors_present=["alcohol"])
    assert expected.result.replace('"', "&#34;") in alert.group(1)
    assert 'value="chest-pain" checked' in response.text
    assert 'value="alcohol" checked' in response.text
    assert "This screening was saved for 2026-03-14" in response.text


def test_mild_symptoms_answer_without_alarm(client: Any) -> None:
    response = client.post("/findings/screen", data={"symptom": ["muscle-cramps"]})
    assert response.status_code == 200
    assert 'role="alert"' not in response.text
    assert '<section aria-labelledby="answer-heading" id="answer" role="status">' in response.text
    assert "This is not a diagnosis." in response.text


def test_an_unknown_symptom_is_refused_and_nothing_is_saved(client: Any, web_app: Any) -> None:
    response = client.post("/findings/screen", data={"symptom": ["seizure", "bogus"]})
    assert response.status_code == 422
    error = re.search(r'<p class="field-error" id="symptom-error">(.*?)</p>', response.text, re.S)
    assert error is not None and "unknown symptom" in error.group(1)
    assert 'value="seizure" checked' in response.text  # what was ticked is kept
    assert _me(web_app).safety.check().findings == []


def test_a_future_screening_date_is_refused_at_the_date(client: Any, web_app: Any) -> None:
    response = client.post("/findings/screen", data={"symptom": ["seizure"], "date": "2026-04-01"})
    assert response.status_code == 422
    error = re.search(r'<p class="field-error" id="date-error">(.*?)</p>', response.text, re.S)
    assert error is not None and "in the future" in error.group(1)
    assert 'value="2026-04-01"' in response.text
    assert _me(web_app).safety.check().findings == []
