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
