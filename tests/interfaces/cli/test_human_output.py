"""The text people read: units on every number, plain words, the same facts as --json."""

from __future__ import annotations

from tests.conftest import Cli


def test_food_search_show_and_top_in_words(cli: Cli) -> None:
    search = cli.ok("food", "search", "pumpkin seeds", "--limit", "3").stdout
    assert "mg" in search and "pumpkin" in search.lower()
    show = cli.ok("food", "show", "usda_sr28:12061").stdout
    assert "Nuts, almonds" in show
    assert "Magnesium" in show and "270 mg" in show
    assert "1 oz (23 whole kernels) = 28.35 g" in show
    ciqual = cli.ok("food", "show", "ciqual_2020:20059").stdout  # CIQUAL publishes no portions
    assert "no data" in ciqual  # energy is missing in CIQUAL for raw spinach
    assert "log this food in g, oz, kg or lb" in ciqual
    top = cli.ok("food", "top", "magnesium", "--per", "100kcal", "--limit", "3").stdout
    assert "magnesium per 100kcal" in top


def test_nothing_found_says_so(cli: Cli) -> None:
    out = cli.ok("food", "search", "qqqqqzzzzzxxxx").stdout
    assert "No food matches" in out


def test_log_and_list_in_words(cli: Cli) -> None:
    logged = cli.ok("log", "food", "30 g almonds", "--date", "2026-03-14", "--meal", "snack").stdout
    assert "Logged #1" in logged and "30 g" in logged and "mg magnesium" in logged
    assert "snack, 2026-03-14" in logged
    listed = cli.ok("log", "list", "--date", "2026-03-14").stdout
    assert "snack" in listed and "(30 g)" in listed
    assert "Nothing logged on 2026-03-13" in cli.ok("log", "list", "--date", "2026-03-13").stdout
    removed = cli.ok("log", "remove", "1").stdout
    assert "magnerve log restore 1" in removed


def test_today_and_week_in_words(cli: Cli) -> None:
    cli.ok("profile", "set", "--age", "68", "--sex", "female")
    cli.ok(
        "log",
        "food",
        "--food",
        "usda_sr28:12061",
        "--amount",
        "1",
        "--unit",
        "oz",
        "--date",
        "2026-03-14",
        "--meal",
        "snack",
    )
    today = cli.ok("today", "--date", "2026-03-14").stdout
    assert "of your 320 mg a day" in today
    assert "350 mg upper limit (food does not count toward it)" in today
    assert "By meal: snack 77 mg" in today
    week = cli.ok("week", "--end", "2026-03-14").stdout
    assert "food logged on 1 of 7 days" in week
    assert "not logged" in week


def test_profile_in_words(cli: Cli) -> None:
    empty = cli.ok("profile", "show").stdout
    assert "No profile yet" in empty
    out = cli.ok("profile", "set", "--age", "30", "--sex", "female", "--pregnant").stdout
    assert "(pregnant)" in out
    assert "350 mg a day" in out  # pregnancy 19-30 y RDA
    assert "Vitamin B12: 2.6 µg a day" in out


def test_db_status_and_upgrade(cli: Cli) -> None:
    status = cli.json("db", "status")
    assert status["revision"] == status["head"]
    assert str(cli.db) in status["url"]
    assert cli.json("db", "upgrade")["revision"] == status["head"]


def test_about_in_words(cli: Cli) -> None:
    out = cli.ok("about", "--sources").stdout
    assert "Not medical advice." in out
    assert "ANSES CIQUAL 2020" in out and "Etalab" in out
    assert "References:" in out and "iom-1997-dri-ca-p-mg-vitd-f" in out


def test_demo_remove_when_absent(cli: Cli) -> None:
    assert "There was no example person." in cli.ok("demo", "remove").stdout
