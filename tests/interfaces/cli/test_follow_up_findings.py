"""Issue 4: lab-schedule, screener and trial findings appear in ``magnerve check``."""

from __future__ import annotations

from datetime import date, timedelta

from tests.conftest import Cli


def _rules(cli: Cli, day: str) -> dict[str, dict[str, object]]:
    return {f["rule_id"]: f for f in cli.json("check", "--date", day)["findings"]}


def test_a_red_flag_from_this_weeks_screening_is_urgent_and_then_ages_out(cli: Cli) -> None:
    cli.ok("screen", "--symptom", "irregular-heartbeat", "--date", "2026-03-10")
    found = _rules(cli, "2026-03-12")
    assert found["SCREEN-RED-FLAG"]["severity"] == "urgent"
    assert found["SCREEN-RED-FLAG"]["category"] == "symptoms"
    assert "irregular" in str(found["SCREEN-RED-FLAG"]["detail"]).lower()
    assert "SCREEN-RED-FLAG" not in _rules(cli, "2026-03-20")


def test_mild_symptoms_suggest_a_magnesium_test_until_one_is_added(cli: Cli) -> None:
    cli.ok("screen", "--symptom", "muscle-cramps", "--date", "2026-03-10")
    assert "SCREEN-SYMPTOMS-TEST" in _rules(cli, "2026-03-10")
    cli.ok("lab", "add", "serum-magnesium", "0.8", "mmol/L", "--date", "2026-03-10")
    assert "SCREEN-SYMPTOMS-TEST" not in _rules(cli, "2026-03-10")


def test_an_overdue_magnesium_test_is_a_finding(cli: Cli) -> None:
    cli.ok("supplement", "add", "Glycinate", "--form", "glycinate", "--elemental-mg", "100")
    cli.ok("log", "supplement", "Glycinate", "--date", "2025-10-01")
    cli.ok("lab", "add", "serum-magnesium", "0.8", "mmol/L", "--date", "2025-10-01")
    cli.ok("lab", "add", "creatinine", "0.9", "mg/dL", "--date", "2025-10-01")
    assert "LAB-SCHEDULE-MG-OVERDUE" not in _rules(cli, "2025-12-01")
    cli.ok("log", "supplement", "Glycinate", "--date", "2026-03-01")
    found = _rules(cli, "2026-03-01")["LAB-SCHEDULE-MG-OVERDUE"]
    assert "blood magnesium" in str(found["detail"])


def test_trial_worse_and_the_final_no_benefit(cli: Cli) -> None:
    start = date(2026, 1, 8)
    for offset in range(-7, 85):
        value = "5" if offset < 0 else ("7.5" if offset < 40 else "5.2")
        cli.ok("log", "pain", value, "--date", (start + timedelta(days=offset)).isoformat())
    cli.ok("trial", "start", "--date", start.isoformat())
    at_30 = _rules(cli, (start + timedelta(days=30)).isoformat())
    assert at_30["TRIAL-WORSE"]["category"] == "trial"
    assert "TRIAL-FINAL-NO-BENEFIT" not in at_30
    at_84 = _rules(cli, (start + timedelta(days=84)).isoformat())
    assert "TRIAL-WORSE" not in at_84
    assert "unlikely to help" in str(at_84["TRIAL-FINAL-NO-BENEFIT"]["detail"])
