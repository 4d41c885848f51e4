"""Issue 3 contract: supplement forms, elemental, add, log supplement; today's supplement_mg."""

from __future__ import annotations

import sqlite3

import pytest

from tests.conftest import Cli


def test_forms_contract(cli: Cli) -> None:
    forms = cli.json("supplement", "forms")["forms"]
    by_id = {f["id"]: f for f in forms}
    assert set(forms[0]) >= {"id", "name", "formula", "elemental_fraction", "aliases"}
    assert by_id["bisglycinate"]["elemental_fraction"] == pytest.approx(0.141, abs=0.001)
    assert by_id["oxide"]["elemental_fraction"] == pytest.approx(0.603, abs=0.001)


@pytest.mark.parametrize(
    ("form", "compound", "elemental"),
    [("glycinate", "1000", 141.0), ("Epsom salt", "1000", 98.6), ("oxide", "500", 301.5)],
)
def test_elemental_contract(cli: Cli, form: str, compound: str, elemental: float) -> None:
    data = cli.json("supplement", "elemental", form, compound)
    assert set(data) >= {"form", "compound_mg", "elemental_mg", "elemental_fraction"}
    assert data["compound_mg"] == float(compound)
    assert data["elemental_mg"] == pytest.approx(elemental, abs=0.6)


def test_unknown_form_lists_valid_ones(cli: Cli) -> None:
    result = cli("supplement", "elemental", "unobtainium", "100", "--json")
    assert result.exit_code == 2
    assert "bisglycinate" in result.stderr
    assert result.json()["errors"][0]["field"] == "form"


def test_add_and_log_then_today(cli: Cli) -> None:
    product = cli.json(
        "supplement",
        "add",
        "Glycinate caps",
        "--form",
        "glycinate",
        "--compound-mg",
        "1000",
        "--serving-unit",
        "capsule",
        "--b12-ug",
        "500",
        "--ala-mg",
        "300",
    )["product"]
    assert set(product) >= {"id", "name", "form", "elemental_mg_per_serving"}
    assert product["form"] == "bisglycinate"
    assert product["elemental_mg_per_serving"] == pytest.approx(141.0, abs=0.1)
    entry = cli.json(
        "log",
        "supplement",
        "glycinate caps",
        "--servings",
        "2",
        "--date",
        "2026-03-14",
        "--time",
        "8:00",
    )["entry"]
    assert set(entry) >= {"id", "product_id", "elemental_mg"}
    assert entry["elemental_mg"] == pytest.approx(282.0, abs=0.2)
    assert (entry["time"], entry["b12_ug"], entry["ala_mg"]) == ("08:00", 1000.0, 600.0)
    by_id = cli.json(
        "log", "supplement", str(product["id"]), "--servings", "1/2", "--date", "2026-03-14"
    )["entry"]
    assert by_id["elemental_mg"] == pytest.approx(70.5, abs=0.1)
    day = cli.json("today", "--date", "2026-03-14")["magnesium"]
    assert day["supplement_mg"] == pytest.approx(352.5, abs=0.2)
    assert day["food_mg"] == 0
    assert day["total_mg"] == pytest.approx(352.5, abs=0.2)


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (("supplement", "add", "X", "--form", "oxide"), "elemental_mg"),
        (
            (
                "supplement",
                "add",
                "X",
                "--form",
                "oxide",
                "--elemental-mg",
                "10",
                "--compound-mg",
                "20",
            ),
            "elemental_mg",
        ),
        (("supplement", "add", "X", "--form", "oxide", "--elemental-mg", "-5"), "elemental_mg"),
        (("supplement", "add", "X", "--form", "oxide", "--elemental-mg", "5000"), "elemental_mg"),
        (("supplement", "add", "X", "--form", "nope", "--elemental-mg", "100"), "form"),
        (("supplement", "add", "X", "--form", "oxide", "--compound-mg", "50000"), "compound_mg"),
        (("log", "supplement", "nothing-here"), "product"),
    ],
)
def test_bad_supplement_input_writes_nothing(cli: Cli, args: tuple[str, ...], field: str) -> None:
    cli.ok("supplement", "list")
    result = cli(*args, "--json")
    assert result.exit_code == 2, result.stderr
    assert any(e["field"] == field for e in result.json()["errors"]), result.stdout
    with sqlite3.connect(cli.db) as conn:
        assert conn.execute("SELECT count(*) FROM supplement_product").fetchone()[0] == 0


def test_bad_dose_time_and_servings(cli: Cli) -> None:
    cli.ok("supplement", "add", "Ox", "--form", "oxide", "--elemental-mg", "250")
    assert cli("log", "supplement", "Ox", "--time", "25:00").exit_code == 2
    assert cli("log", "supplement", "Ox", "--servings", "0").exit_code == 2
    assert cli("log", "supplement", "Ox", "--servings", "100").exit_code == 2
    with sqlite3.connect(cli.db) as conn:
        assert conn.execute("SELECT count(*) FROM supplement_dose").fetchone()[0] == 0
