from __future__ import annotations

from datetime import timedelta
from typing import Any

from magnerve.domain.person import EXAMPLE_HANDLE
from magnerve.services.demo import DEMO_DAYS
from magnerve.services.unit_of_work import transaction
from tests.conftest import Cli


def test_demo_load_creates_a_labelled_example_with_fourteen_weeks(magnerve: Any) -> None:
    result = magnerve.demo.load()
    assert result.person.is_example
    assert "made-up" in result.person.display_name
    assert result.end - result.start == timedelta(days=DEMO_DAYS - 1) == timedelta(days=98)
    with transaction(magnerve.engine) as repos:
        person = repos.people.get_by_handle(EXAMPLE_HANDLE)
        assert person is not None
        entries = repos.intake.between(person.id, result.start, result.end)
        profile = repos.profiles.get(person.id)
    assert len(entries) == result.entries
    days = {e.local_date for e in entries}
    assert len(days) >= 0.85 * DEMO_DAYS  # a few missed days, like real life
    per_day = len(entries) / len(days)
    assert 6 <= per_day <= 10
    assert any(e.magnesium_mg is None for e in entries)  # shows the "no data" note
    assert profile is not None and profile.sex is not None


def test_demo_load_twice_replaces_and_never_touches_my_records(magnerve: Any) -> None:
    mine = magnerve.intake.log_food("usda_sr28:12061", "30", "g", day="2026-03-14")
    first = magnerve.demo.load()
    second = magnerve.demo.load()
    assert first.entries == second.entries  # deterministic
    with transaction(magnerve.engine) as repos:
        person = repos.people.get_by_handle(EXAMPLE_HANDLE)
        assert person is not None
        assert repos.intake.count(person.id) == second.entries
        me = repos.people.get_by_handle("me")
        assert me is not None
        assert repos.intake.count(me.id) == 1
        assert repos.intake.get(me.id, mine.entry.id) is not None
    assert magnerve.demo.remove() is True
    assert magnerve.demo.remove() is False


def test_example_person_through_the_cli(cli: Cli) -> None:
    missing = cli("--person", "example", "today")
    assert missing.exit_code == 2
    assert "demo load" in missing.stderr
    cli.ok("demo", "load")
    human = cli.ok("--person", "example", "today").stdout
    assert "EXAMPLE DATA" in human
    week = cli.json("--person", "example", "week")
    assert week["person"]["is_example"] is True
    assert week["logged_days"] >= 5
    assert week["magnesium"]["average_food_mg"] > 100
    mine = cli.json("today")
    assert mine["person"]["handle"] == "me"
    assert mine["entries"] == []


def test_demo_person_has_a_regimen_that_check_can_read(cli: Cli) -> None:
    cli.ok("demo", "load")
    meds = cli.json("--person", "example", "med", "list")["medications"]
    assert {m["ingredient"] for m in meds} == {"metformin", "gabapentin"}
    labs = cli.json("--person", "example", "lab", "list")["labs"]
    assert {"creatinine", "egfr", "serum-magnesium", "vitamin-b12", "hba1c"} <= {
        lab["analyte"] for lab in labs
    }
    today = cli.json("--person", "example", "today")["magnesium"]
    assert today["supplement_mg"] == 300.0
    assert today["largest_single_supplement_dose_mg"] == 150.0
    rules = {f["rule_id"] for f in cli.json("--person", "example", "check")["findings"]}
    assert "MG-INT-GABAPENTIN" in rules
    assert "MG-DOSE-ABOVE-UL" not in rules


def _expected_verdict(baseline: list[float], window: list[float], day: int) -> str:
    """The rule of trial.yaml, worked out here independently of the domain code."""
    if len(baseline) < 4 or len(window) < 4:
        return "insufficient-data"
    if day < 28:
        return "too-early"
    before, after = sum(baseline) / len(baseline), sum(window) / len(window)
    change, percent = after - before, (after - before) / before * 100
    if change <= -2.0 or percent <= -30:
        return "responder"
    if percent <= -10:
        return "partial"
    if change >= 2.0 or percent >= 30:
        return "worse"
    return "no-change"


def test_the_example_trial_at_4_and_12_weeks_follows_the_rule(magnerve: Any) -> None:
    from magnerve.config import Settings
    from magnerve.domain.diary import pain_by_day

    magnerve.demo.load()
    example = type(magnerve)(
        Settings(**{**magnerve.settings.model_dump(), "person": EXAMPLE_HANDLE}),
        clock=magnerve.clock,
    )
    final = example.trial.evaluate()
    start = final.trial.start_date
    with transaction(magnerve.engine) as repos:
        person = repos.people.get_by_handle(EXAMPLE_HANDLE)
        assert person is not None
        pain = pain_by_day(
            repos.diary.between(person.id, start - timedelta(days=7), final.result.evaluated_on)
        )
    assert final.product is not None and final.product.form_id == "bisglycinate"
    for day in (28, 84):
        when = start + timedelta(days=day)
        result = example.trial.evaluate(day=when.isoformat()).result
        baseline = [v for d, v in pain.items() if start - timedelta(days=7) <= d < start]
        window = [v for d, v in pain.items() if when - timedelta(days=6) <= d <= when]
        assert result.verdict == _expected_verdict(baseline, window, day)
        assert result.final is (day == 84)
        assert 0.8 <= result.adherence < 1.0  # some missed doses, as in life
    assert final.result.day == 84
    assert final.result.verdict == "responder"
    kinds = {c.kind for c in final.result.confounders}
    assert {"pain-medicine-changed", "dose-changed"} <= kinds  # gabapentin went up mid-trial
