"""Issue 3 contract: med add/list/remove; brands, generics, misspellings, unrecognised kept."""

from __future__ import annotations

import sqlite3

import pytest

from tests.conftest import Cli


@pytest.mark.parametrize(
    ("typed", "ingredient", "a_class"),
    [
        ("Cipro", "ciprofloxacin", "fluoroquinolone"),
        ("LEVOTHYROXINE", "levothyroxine", "thyroid_hormone"),
        ("gabapenten", "gabapentin", "gabapentinoid"),
        ("metformin 500 mg tablets", "metformin", "biguanide"),
        ("Lasix", "furosemide", "loop_diuretic"),
    ],
)
def test_med_add_recognises(cli: Cli, typed: str, ingredient: str, a_class: str) -> None:
    med = cli.json("med", "add", typed, "--times", "20:00,8:00")["medication"]
    assert set(med) >= {"id", "input", "ingredient", "classes", "recognized"}
    assert med["input"] == typed
    assert (med["ingredient"], med["recognized"]) == (ingredient, True)
    assert a_class in med["classes"]
    assert med["times"] == ["08:00", "20:00"]


def test_unrecognised_medicine_is_kept_and_says_not_checked(cli: Cli) -> None:
    med = cli.json("med", "add", "Zorblatin 10 mg")["medication"]
    assert med["recognized"] is False
    assert med["classes"] == []
    listed = cli.json("med", "list")["medications"]
    assert [m["input"] for m in listed] == ["Zorblatin 10 mg"]
    assert "not checked" in cli.ok("med", "list").stdout


def test_med_remove_and_bad_input(cli: Cli) -> None:
    med = cli.json("med", "add", "omeprazole")["medication"]
    cli.ok("med", "remove", str(med["id"]))
    assert cli.json("med", "list")["medications"] == []
    assert cli("med", "remove", str(med["id"])).exit_code == 2
    bad_time = cli("med", "add", "digoxin", "--times", "8am", "--json")
    assert bad_time.exit_code == 2
    assert bad_time.json()["errors"][0]["field"] == "times"
    assert cli("med", "add", "   ").exit_code == 2
    with sqlite3.connect(cli.db) as conn:
        assert (
            conn.execute("SELECT count(*) FROM medication WHERE deleted_at IS NULL").fetchone()[0]
            == 0
        )


def test_a_stopped_medicine_stays_listed_but_no_longer_counts(cli: Cli) -> None:
    cli.ok("supplement", "add", "Glycinate", "--form", "glycinate", "--elemental-mg", "100")
    cli.ok("log", "supplement", "Glycinate", "--date", "2026-03-01")
    med = cli.json("med", "add", "Cipro", "--times", "08:00", "--started", "2026-03-01")
    med_id = str(med["medication"]["id"])

    def rules(day: str) -> set[str]:
        return {f["rule_id"] for f in cli.json("check", "--date", day)["findings"]}

    assert "MG-INT-QUINOLONE" in rules("2026-03-05")
    refused = cli("med", "stop", med_id, "--date", "2026-02-20", "--json")
    assert refused.exit_code == 2
    assert refused.json()["errors"][0]["field"] == "date"
    stopped = cli.json("med", "stop", med_id, "--date", "2026-03-07")["medication"]
    assert stopped["stopped_on"] == "2026-03-07"
    listed = cli.json("med", "list")["medications"]
    assert [m["stopped_on"] for m in listed] == ["2026-03-07"]
    assert "MG-INT-QUINOLONE" in rules("2026-03-07")  # the last day still counts
    assert "MG-INT-QUINOLONE" not in rules("2026-03-08")
    again = cli("med", "stop", med_id, "--json")
    assert again.exit_code == 2
    assert "already stopped" in again.json()["error"]
