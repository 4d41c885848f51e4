"""Issue 4 contract: log pain, log symptoms, the diary and its history; removing a dose."""

from __future__ import annotations

import sqlite3

import pytest

from tests.conftest import Cli

DAY = "2026-03-14"


def _rows(cli: Cli, table: str) -> int:
    with sqlite3.connect(cli.db) as conn:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def test_relogging_pain_replaces_the_day_and_keeps_the_history(cli: Cli) -> None:
    first = cli.json("log", "pain", "6.5", "--date", DAY)
    assert first["recorded"][0]["value"] == 6.5
    assert first["replaced"] == []
    second = cli.json("log", "pain", "7/10", "--date", DAY)
    assert second["recorded"][0]["value"] == 7.0
    assert second["replaced"][0]["value"] == 6.5
    assert second["replaced"][0]["replaced_at"] is not None
    current = cli.json("log", "diary", "--date", DAY)["values"]
    assert [(v["item"], v["value"]) for v in current] == [("pain", 7.0)]
    history = cli.json("log", "diary", "--date", DAY, "--history")["values"]
    assert sorted(v["value"] for v in history) == [6.5, 7.0]
    assert _rows(cli, "diary_value") == 2


def test_pain_per_site_is_its_own_item(cli: Cli) -> None:
    cli.ok("log", "pain", "5", "--date", DAY)
    cli.ok("log", "pain", "8", "--site", "feet", "--date", DAY)
    values = {v["item"]: v["value"] for v in cli.json("log", "diary", "--date", DAY)["values"]}
    assert values == {"pain": 5.0, "pain-feet": 8.0}


def test_symptoms_in_one_go(cli: Cli) -> None:
    data = cli.json(
        "log", "symptoms", "--burning", "6", "--tingling", "4.5", "--numbness", "3",
        "--cramps", "2", "--sleep", "7", "--gi", "mild", "--stools", "3",
        "--note", "Walked a lot", "--date", DAY,
    )  # fmt: skip
    values = {v["item"]: v["value"] for v in data["recorded"]}
    assert values == {
        "burning": 6.0, "tingling": 4.5, "numbness": 3.0, "cramps": 2.0, "sleep": 7.0,
        "gi": "mild", "stools": 3, "note": "Walked a lot",
    }  # fmt: skip


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["log", "pain", "11"], "pain"),
        (["log", "pain", "10.5"], "pain"),
        (["log", "pain", "seven"], "pain"),
        (["log", "pain", "5", "--site", "toes"], "site"),
        (["log", "symptoms", "--burning", "4", "--tingling", "12"], "tingling"),
        (["log", "symptoms", "--burning", "4", "--gi", "terrible"], "gi"),
        (["log", "symptoms", "--burning", "4", "--stools", "-2"], "stools"),
        (["log", "symptoms"], "symptoms"),
        (["log", "pain", "5", "--date", "2999-01-01"], "date"),
    ],
)
def test_bad_scores_exit_2_name_the_field_and_write_nothing(
    cli: Cli, args: list[str], field: str
) -> None:
    cli.ok("log", "pain", "3", "--date", DAY)  # the database exists, with one value
    result = cli(*args, "--json")
    assert result.exit_code == 2
    assert result.json()["errors"][0]["field"] == field
    assert _rows(cli, "diary_value") == 1  # one bad value saves nothing, not even the good ones


def test_gi_upset_reaches_check_and_the_titration_plan(cli: Cli) -> None:
    cli.ok("supplement", "add", "Oxide", "--form", "oxide", "--elemental-mg", "250")
    cli.ok("log", "supplement", "Oxide", "--date", "2026-03-01", "--time", "08:00")
    cli.ok("log", "supplement", "Oxide", "--date", "2026-03-10", "--time", "08:00")
    before = {f["rule_id"] for f in cli.json("check", "--date", "2026-03-10")["findings"]}
    assert "MG-SE-GI-LAXATIVE-FORM" not in before
    plan_before = cli.json("plan", "--date", "2026-03-10")["titration"]
    cli.ok("log", "symptoms", "--gi", "severe", "--date", "2026-03-09")
    found = {f["rule_id"] for f in cli.json("check", "--date", "2026-03-10")["findings"]}
    assert {"MG-SE-GI-LAXATIVE-FORM", "MG-SE-GI-SINGLE-DOSE", "MG-SE-GI-SEVERE"} <= found
    # Upset more than 7 days before the checked date no longer counts.
    later = {f["rule_id"] for f in cli.json("check", "--date", "2026-03-17")["findings"]}
    assert "MG-SE-GI-SEVERE" not in later
    plan_after = cli.json("plan", "--date", "2026-03-10")["titration"]
    assert plan_after != plan_before
    assert plan_after[-1]["elemental_mg_per_day"] < plan_before[-1]["elemental_mg_per_day"]


def test_remove_and_restore_a_dose(cli: Cli) -> None:
    cli.ok("supplement", "add", "Glycinate", "--form", "glycinate", "--elemental-mg", "100")
    dose = cli.json("log", "supplement", "Glycinate", "--date", DAY)["entry"]
    assert cli.json("today", "--date", DAY)["magnesium"]["supplement_mg"] == 100
    assert [d["id"] for d in cli.json("log", "doses", "--date", DAY)["doses"]] == [dose["id"]]
    removed = cli.json("log", "remove-dose", str(dose["id"]))["removed"]
    assert removed["elemental_mg"] == 100
    assert cli.json("today", "--date", DAY)["magnesium"]["supplement_mg"] == 0
    assert cli.json("log", "doses", "--date", DAY)["doses"] == []
    again = cli("log", "remove-dose", str(dose["id"]), "--json")
    assert again.exit_code == 2
    assert again.json()["code"] == "not_found"
    cli.ok("log", "restore-dose", str(dose["id"]))
    assert cli.json("today", "--date", DAY)["magnesium"]["supplement_mg"] == 100
    assert _rows(cli, "supplement_dose") == 1  # never deleted


def test_another_persons_dose_cannot_be_removed(cli: Cli) -> None:
    cli.ok("supplement", "add", "Glycinate", "--form", "glycinate", "--elemental-mg", "100")
    dose = cli.json("log", "supplement", "Glycinate", "--date", DAY)["entry"]
    result = cli("--person", "someone-else", "log", "remove-dose", str(dose["id"]), "--json")
    assert result.exit_code == 2
    assert cli.json("today", "--date", DAY)["magnesium"]["supplement_mg"] == 100
