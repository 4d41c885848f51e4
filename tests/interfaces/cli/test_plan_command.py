"""Issue 3 contract: plan (schedule, titration, conflicts) and the regimen fields of profile set."""

from __future__ import annotations

from tests.conftest import Cli


def _minutes(hhmm: str) -> int:
    h, m = hhmm.split(":")
    return int(h) * 60 + int(m)


def _gap(a: int, b: int) -> int:
    """Minutes from a to b going forward round the clock."""
    return (b - a) % (24 * 60)


def _keeps_window(mg_time: str, drug_time: str, before_h: float, after_h: float) -> bool:
    mg, drug = _minutes(mg_time), _minutes(drug_time)
    if mg == drug:
        return False
    return _gap(mg, drug) >= before_h * 60 and _gap(drug, mg) >= after_h * 60


def test_plan_keeps_every_separation_even_before_the_first_dose(cli: Cli) -> None:
    cli.ok("profile", "set", "--age", "68", "--sex", "female", "--magnesium-target-mg", "300")
    cli.ok("med", "add", "levothyroxine", "--times", "06:00")
    cli.ok("med", "add", "gabapentin", "--times", "08:00,14:00,22:00")
    data = cli.json("plan")
    assert set(data) >= {"schedule", "titration", "conflicts"}
    mg_slots = [
        (s["time"], i) for s in data["schedule"] for i in s["items"] if i["kind"] == "supplement"
    ]
    assert mg_slots, data
    for time, item in mg_slots:
        assert item["elemental_mg"] <= 175
        for drug_time in ("08:00", "14:00", "22:00"):
            assert _keeps_window(time, drug_time, 2, 2), (time, drug_time)
        assert _keeps_window(time, "06:00", 4, 4), time
    assert (
        sum(i["elemental_mg"] for _, i in mg_slots)
        + sum(c["unplaced_mg"] for c in data["conflicts"])
        == 300
    )
    med_items = {
        (s["time"], i["ingredient"])
        for s in data["schedule"]
        for i in s["items"]
        if i["kind"] == "medication"
    }
    assert ("06:00", "levothyroxine") in med_items and ("22:00", "gabapentin") in med_items


def test_plan_says_which_medicines_block_when_nothing_fits(cli: Cli) -> None:
    cli.ok("profile", "set", "--age", "68", "--sex", "female", "--magnesium-target-mg", "300")
    cli.ok("med", "add", "gabapentin", "--times", "08:00,14:00,22:00")
    cli.ok("med", "add", "ciprofloxacin", "--times", "09:00,21:00")
    data = cli.json("plan")
    assert data["conflicts"], data
    conflict = data["conflicts"][0]
    assert {"ciprofloxacin", "gabapentin"} <= set(conflict["ingredients"])
    assert conflict["unplaced_mg"] == 150
    assert "no safe time" in conflict["message"]


def test_titration_never_passes_the_ul_without_a_prescription(cli: Cli) -> None:
    cli.ok("profile", "set", "--age", "50", "--sex", "male", "--magnesium-target-mg", "500")
    steps = cli.json("plan")["titration"]
    amounts = [s["elemental_mg_per_day"] for s in steps]
    assert amounts[0] == 150
    assert amounts == sorted(amounts)
    assert max(amounts) == 350
    cli.ok("profile", "set", "--prescribed-mg", "500")
    assert max(s["elemental_mg_per_day"] for s in cli.json("plan")["titration"]) == 500


def test_regimen_fields_in_profile(cli: Cli) -> None:
    shown = cli.json(
        "profile",
        "set",
        "--age",
        "60",
        "--sex",
        "female",
        "--lunch",
        "13:15",
        "--magnesium-target-mg",
        "250",
    )
    assert shown["regimen"]["lunch_time"] == "13:15"
    assert shown["regimen"]["breakfast_time"] == "08:00"
    assert shown["regimen"]["magnesium_target_mg"] == 250
    bad = cli("profile", "set", "--lunch", "25:00", "--json")
    assert bad.exit_code == 2 and bad.json()["errors"][0]["field"] == "lunch_time"
    too_much = cli("profile", "set", "--magnesium-target-mg", "5000", "--json")
    assert too_much.exit_code == 2
    assert too_much.json()["errors"][0]["field"] == "magnesium_target_mg"
    assert "2000 mg" in too_much.stderr  # plan.yaml's plausible daily maximum
    assert cli.json("profile", "show")["regimen"]["lunch_time"] == "13:15"


def test_plan_without_magnesium(cli: Cli) -> None:
    data = cli.json("plan")
    assert data["daily_elemental_mg"] == 0
    assert data["titration"] == []
    assert "No magnesium supplement" in cli.ok("plan").stdout
