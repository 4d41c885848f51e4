"""Issue 3 contract: lab add/list, egfr, check — and the issue's "Done when" person end to end."""

from __future__ import annotations

import sqlite3

import pytest

from tests.conftest import Cli


def test_egfr_contract(cli: Cli) -> None:
    data = cli.json("egfr", "--creatinine", "1.1", "--age", "68", "--sex", "female")
    assert data["equation"] == "CKD-EPI 2021"
    assert data["egfr"] == pytest.approx(54.7, abs=0.1)
    assert data["stage"] == "G3a"
    umol = cli.json(
        "egfr", "--creatinine", "97.2", "--unit", "umol/L", "--age", "68", "--sex", "female"
    )
    assert umol["egfr"] == pytest.approx(data["egfr"], abs=0.2)
    young = cli("egfr", "--creatinine", "1.0", "--age", "15", "--sex", "male", "--json")
    assert young.exit_code == 2 and young.json()["errors"][0]["field"] == "age"


def test_lab_add_contract_and_flags(cli: Cli) -> None:
    lab = cli.json("lab", "add", "serum-magnesium", "1.7", "mg/dL", "--date", "2026-03-01")["lab"]
    assert set(lab) >= {
        "id",
        "analyte",
        "value",
        "unit",
        "canonical_value",
        "canonical_unit",
        "flag",
    }
    assert (lab["analyte"], lab["unit"], lab["canonical_unit"], lab["flag"]) == (
        "serum-magnesium",
        "mg/dL",
        "mmol/L",
        "low",
    )
    assert lab["canonical_value"] == pytest.approx(1.7 / 2.4305, abs=0.001)
    normal = cli.json("lab", "add", "serum-magnesium", "0.85", "mmol/L")["lab"]
    assert normal["flag"] == "normal"
    listed = cli.json("lab", "list", "--analyte", "serum-magnesium")["labs"]
    assert [x["id"] for x in listed] == [lab["id"], normal["id"]]


def test_creatinine_adds_a_computed_egfr_when_the_profile_allows(cli: Cli) -> None:
    no_profile = cli.json("lab", "add", "creatinine", "1.1", "mg/dL")
    assert "egfr" not in no_profile
    assert any("age" in n for n in no_profile["notes"])
    cli.ok("profile", "set", "--age", "68", "--sex", "female")
    data = cli.json("lab", "add", "creatinine", "1.1", "mg/dL")
    assert data["egfr"]["value"] == pytest.approx(54.7, abs=0.1)
    assert data["egfr"]["stage"] == "G3a"
    assert data["egfr"]["derived_from_id"] == data["lab"]["id"]
    cli.ok("lab", "remove", str(data["lab"]["id"]))  # takes the computed eGFR with it
    assert [x["analyte"] for x in cli.json("lab", "list")["labs"]] == ["creatinine"]


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (("lab", "add", "serum-magnesium", "50", "mg/dL"), "value"),
        (("lab", "add", "serum-magnesium", "0.8", "furlongs"), "unit"),
        (("lab", "add", "hba1c", "45", "%"), "value"),
        (("lab", "add", "cholesterol", "5", "mmol/L"), "analyte"),
    ],
)
def test_implausible_labs_are_refused_and_nothing_written(
    cli: Cli, args: tuple[str, ...], field: str
) -> None:
    cli.ok("lab", "list")
    result = cli(*args, "--json")
    assert result.exit_code == 2, result.stderr
    assert any(e["field"] == field for e in result.json()["errors"])
    with sqlite3.connect(cli.db) as conn:
        assert conn.execute("SELECT count(*) FROM lab_result").fetchone()[0] == 0


def test_negative_lab_value_names_the_value(cli: Cli) -> None:
    result = cli("lab", "add", "--json", "--", "serum-magnesium", "-1", "mmol/L")
    assert result.exit_code == 2
    assert result.json()["errors"][0]["field"] == "value"


def test_check_with_nothing_entered(cli: Cli) -> None:
    assert cli.json("check")["findings"] == []


def test_done_when_person(cli: Cli) -> None:
    """68-year-old woman, type 2 diabetes, metformin, gabapentin three times a day,
    levothyroxine at 06:00, a week of ciprofloxacin, creatinine 1.1 mg/dL, 300 mg elemental
    magnesium as glycinate."""
    day = "2026-03-14"
    cli.ok("profile", "set", "--age", "68", "--sex", "female", "--diabetes", "type2")
    cli.ok("med", "add", "metformin 500 mg", "--times", "08:00,19:00")
    cli.ok("med", "add", "Neurontin", "--times", "08:00,14:00,22:00")
    cli.ok("med", "add", "levothyroxine", "--times", "06:00")
    cli.ok("med", "add", "ciprofloxacin", "--times", "09:00,21:00", "--started", "2026-03-10")
    cli.ok("lab", "add", "creatinine", "1.1", "mg/dL", "--date", "2026-03-01")
    cli.ok(
        "supplement",
        "add",
        "Glycinate",
        "--form",
        "magnesium glycinate",
        "--elemental-mg",
        "150",
        "--serving-unit",
        "capsule",
    )
    cli.ok("log", "supplement", "Glycinate", "--servings", "2", "--date", day, "--time", "12:30")
    findings = cli.json("check", "--date", day)["findings"]
    by_rule = {f["rule_id"]: f for f in findings}
    for rule, ingredient, before, after in [
        ("MG-INT-QUINOLONE", "ciprofloxacin", 6, 2),
        ("MG-INT-THYROID", "levothyroxine", 4, 4),
        ("MG-INT-GABAPENTIN", "gabapentin", 2, 2),
    ]:
        f = by_rule[rule]
        assert f["category"] == "interaction"
        assert ingredient in f["involves"] and "magnesium" in f["involves"]
        assert f["separation_hours"] == {"mg_before_drug": before, "mg_after_drug": after}
        assert f["citations"] and all(c["id"] and c["title"] for c in f["citations"])
    assert by_rule["MG-RENAL-MODERATE"]["severity"] == "caution"
    assert "B12-MON-METFORMIN" in by_rule
    assert "MG-DOSE-ABOVE-UL" not in by_rule  # 300 mg is under the 350 mg supplemental UL
    severities = [f["severity"] for f in findings]
    order = {"urgent": 0, "warning": 1, "caution": 2, "info": 3}
    assert severities == sorted(severities, key=order.__getitem__)
    human = cli.ok("check", "--date", day).stdout
    assert "Do not take magnesium in the 6 hours before a dose of ciprofloxacin" in human


def test_above_the_ul_is_a_finding(cli: Cli) -> None:
    cli.ok("profile", "set", "--age", "50", "--sex", "male")
    cli.ok("supplement", "add", "Ox", "--form", "oxide", "--elemental-mg", "250")
    cli.ok("log", "supplement", "Ox", "--servings", "2", "--time", "08:00")
    rules = {f["rule_id"] for f in cli.json("check")["findings"]}
    assert "MG-DOSE-ABOVE-UL" in rules
