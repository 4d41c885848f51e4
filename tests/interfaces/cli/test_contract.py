"""The CLI contract of the foundation issue: command names, JSON keys, exit codes."""

from __future__ import annotations

import sqlite3

import pytest

from tests.conftest import Cli


def test_profile_show_contract(cli: Cli) -> None:
    cli.ok(
        "profile",
        "set",
        "--age",
        "68",
        "--sex",
        "female",
        "--diabetes",
        "type2",
        "--timezone",
        "Europe/London",
    )
    data = cli.json("profile", "show")
    assert data["profile"]["sex"] == "female"
    assert data["profile"]["age"] == 68
    assert data["profile"]["diabetes"] == "type2"
    assert data["profile"]["timezone"] == "Europe/London"
    targets = data["targets"]
    assert targets["magnesium_rda_mg"] == 320
    assert targets["magnesium_supplement_ul_mg"] == 350
    assert targets["vitamin_b12_rda_ug"] == 2.4


def test_profile_set_keeps_fields_not_given(cli: Cli) -> None:
    cli.ok("profile", "set", "--age", "30", "--sex", "male")
    cli.ok("profile", "set", "--timezone", "Asia/Tokyo")
    data = cli.json("profile", "show")
    assert (data["profile"]["age"], data["profile"]["sex"], data["profile"]["timezone"]) == (
        30,
        "male",
        "Asia/Tokyo",
    )
    assert data["targets"]["magnesium_rda_mg"] == 400


def test_food_search_contract(cli: Cli) -> None:
    data = cli.json("food", "search", "spinach", "--limit", "3")
    assert 1 <= len(data["results"]) <= 3
    first = data["results"][0]
    assert set(first) >= {"id", "description", "source", "magnesium_mg_per_100g"}
    assert "spinach" in first["description"].lower()
    assert first["id"].startswith(first["source"] + ":")


def test_food_show_contract(cli: Cli) -> None:
    food = cli.json("food", "show", "usda_sr28:11457")["food"]
    assert food["id"] == "usda_sr28:11457"
    assert food["description"] == "Spinach, raw"
    assert food["source"] == "usda_sr28"
    assert food["nutrients_per_100g"]["magnesium_mg"] == 79.0
    assert {"label": "1 cup", "grams": 30.0} in food["portions"]


def test_food_top_contract(cli: Cli) -> None:
    data = cli.json("food", "top", "magnesium", "--per", "serving", "--limit", "5")
    values = [r["value"] for r in data["results"]]
    assert len(values) == 5
    assert values == sorted(values, reverse=True)
    for r in data["results"]:
        assert set(r) >= {"id", "description", "magnesium_mg_per_100g", "value", "per"}
        assert r["per"] == "serving"


def test_log_food_structured_and_today(cli: Cli) -> None:
    cli.ok("profile", "set", "--age", "68", "--sex", "female")
    entry = cli.json(
        "log",
        "food",
        "--food",
        "usda_sr28:12061",
        "--amount",
        "30",
        "--unit",
        "g",
        "--date",
        "2026-03-14",
        "--meal",
        "snack",
    )["entry"]
    assert set(entry) >= {"id", "food_id", "description", "date", "meal", "grams", "nutrients"}
    assert entry["grams"] == 30.0
    assert entry["nutrients"]["magnesium_mg"] == pytest.approx(270 * 0.3)
    assert (entry["date"], entry["meal"]) == ("2026-03-14", "snack")

    day = cli.json("today", "--date", "2026-03-14")
    mg = day["magnesium"]
    assert set(mg) >= {
        "food_mg",
        "supplement_mg",
        "total_mg",
        "rda_mg",
        "supplement_ul_mg",
        "foods_without_magnesium_data",
    }
    assert mg["food_mg"] == pytest.approx(81.0)
    assert mg["supplement_mg"] == 0
    assert mg["total_mg"] == pytest.approx(81.0)
    assert mg["rda_mg"] == 320
    assert mg["foods_without_magnesium_data"] == 0
    assert day["date"] == "2026-03-14"
    assert [e["id"] for e in day["entries"]] == [entry["id"]]
    assert day["nutrients"]["energy_kcal"] == pytest.approx(579 * 0.3)


def test_food_without_magnesium_value_makes_total_a_lower_bound(cli: Cli) -> None:
    cli.ok(
        "log",
        "food",
        "--food",
        "usda_sr28:06605",
        "--amount",
        "60",
        "--unit",
        "g",
        "--date",
        "2026-03-14",
    )  # salsa: SR28 gives no magnesium value
    cli.ok(
        "log",
        "food",
        "--food",
        "usda_sr28:11457",
        "--amount",
        "1",
        "--unit",
        "cup",
        "--date",
        "2026-03-14",
    )
    day = cli.json("today", "--date", "2026-03-14")
    assert day["magnesium"]["foods_without_magnesium_data"] == 1
    assert day["magnesium"]["total_is_lower_bound"] is True
    assert day["magnesium"]["food_mg"] == pytest.approx(79 * 0.3)
    human = cli.ok("today", "--date", "2026-03-14").stdout
    assert "≥ 24 mg" in human
    assert "1 food logged today has no magnesium value" in human


def test_log_list_remove_restore_edit(cli: Cli) -> None:
    a = cli.json(
        "log",
        "food",
        "--food",
        "usda_sr28:11457",
        "--amount",
        "2",
        "--unit",
        "cup",
        "--date",
        "2026-03-14",
    )["entry"]
    listed = cli.json("log", "list", "--date", "2026-03-14")["entries"]
    assert [e["id"] for e in listed] == [a["id"]]

    changed = cli.json("log", "edit", str(a["id"]), "--amount", "1")["entry"]
    assert changed["grams"] == pytest.approx(30.0)
    assert changed["nutrients"]["magnesium_mg"] == pytest.approx(a["nutrients"]["magnesium_mg"] / 2)

    cli.ok("log", "remove", str(a["id"]))
    assert cli.json("log", "list", "--date", "2026-03-14")["entries"] == []
    assert cli.json("today", "--date", "2026-03-14")["magnesium"]["food_mg"] == 0
    cli.ok("log", "restore", str(a["id"]))
    assert len(cli.json("log", "list", "--date", "2026-03-14")["entries"]) == 1


def test_week_contract(cli: Cli) -> None:
    cli.ok(
        "log",
        "food",
        "--food",
        "usda_sr28:12061",
        "--amount",
        "100",
        "--unit",
        "g",
        "--date",
        "2026-03-10",
    )
    cli.ok(
        "log",
        "food",
        "--food",
        "usda_sr28:12061",
        "--amount",
        "50",
        "--unit",
        "g",
        "--date",
        "2026-03-14",
    )
    week = cli.json("week", "--end", "2026-03-14")
    assert (week["start"], week["end"], week["logged_days"]) == ("2026-03-08", "2026-03-14", 2)
    assert week["magnesium"]["average_food_mg"] == pytest.approx((270 + 135) / 2)
    assert len(week["days"]) == 7


def test_about_names_ciqual_attribution(cli: Cli) -> None:
    data = cli.json("about")
    assert {s["id"] for s in data["food_sources"]} == {"usda_sr28", "usda_fndds", "ciqual_2020"}
    ciqual = next(s for s in data["food_sources"] if s["id"] == "ciqual_2020")
    assert "Anses. 2020. Ciqual French food composition table" in ciqual["attribution"]
    assert "Etalab" in ciqual["licence"]
    assert data["knowledge_version"]
    assert "does not diagnose" in data["disclaimer"]


def test_version(cli: Cli) -> None:
    from magnerve import __version__

    assert cli.ok("--version").stdout.strip() == f"magnerve {__version__}"


def test_no_command_prints_today_and_points_to_help(cli: Cli) -> None:
    out = cli.ok().stdout
    assert "Magnesium:" in out
    assert "magnerve --help" in out


@pytest.mark.parametrize(
    ("args", "field_word"),
    [
        (("log", "food", "--food", "usda_sr28:11457", "--amount", "-1", "--unit", "g"), "amount"),
        (("log", "food", "--food", "usda_sr28:11457", "--amount", "0", "--unit", "g"), "amount"),
        (("log", "food", "--food", "usda_sr28:11457", "--amount", "lots", "--unit", "g"), "amount"),
        (("log", "food", "--food", "usda_sr28:11457", "--amount", "6", "--unit", "kg"), "amount"),
        (("log", "food", "--food", "usda_sr28:99999999", "--amount", "1", "--unit", "g"), "food"),
        (("log", "food", "--food", "usda_sr28:11457", "--amount", "1", "--unit", "pinch"), "unit"),
        (
            (
                "log",
                "food",
                "--food",
                "usda_sr28:11457",
                "--amount",
                "1",
                "--unit",
                "g",
                "--date",
                "2026-02-30",
            ),
            "date",
        ),
        (
            (
                "log",
                "food",
                "--food",
                "usda_sr28:11457",
                "--amount",
                "1",
                "--unit",
                "g",
                "--meal",
                "brunch",
            ),
            "meal",
        ),
        (("profile", "set", "--sex", "other"), "sex"),
        (("profile", "set", "--age", "0", "--sex", "female"), "age"),
        (("profile", "set", "--age", "121", "--sex", "female"), "age"),
        (("profile", "set", "--age", "40", "--sex", "male", "--pregnant"), "pregnant"),
        (("profile", "set", "--age", "40", "--sex", "male", "--timezone", "Mars/Base"), "timezone"),
        (("food", "top", "magnesium", "--per", "cup"), "per"),
        (("food", "show", "nonsense"), "food"),
    ],
)
def test_bad_input_exits_2_names_the_field_and_writes_nothing(
    cli: Cli, args: tuple[str, ...], field_word: str
) -> None:
    cli.ok("profile", "show")  # create the database first, so we can count rows after
    before = _row_counts(cli)
    result = cli(*args, "--json")
    assert result.exit_code == 2, result.stderr
    assert result.stderr.startswith("Error: ")
    assert "Hint: " in result.stderr
    payload = result.json()
    assert payload["ok"] is False
    assert any(field_word in (e["field"] or "") for e in payload["errors"]), payload
    assert _row_counts(cli) == before


def _row_counts(cli: Cli) -> dict[str, int]:
    with sqlite3.connect(cli.db) as conn:
        return {
            t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("person", "profile", "intake_entry")
        }


def test_unit_without_weight_lists_the_foods_portions(cli: Cli) -> None:
    result = cli("log", "food", "--food", "usda_sr28:11457", "--amount", "1", "--unit", "slice")
    assert result.exit_code == 2
    assert "1 cup (30 g)" in result.stderr
    assert "1 bunch (340 g)" in result.stderr


def test_doubtful_free_text_offers_candidates_and_the_food_option(cli: Cli) -> None:
    result = cli("log", "food", "1 cup xqzzy blorp", "--json")
    assert result.exit_code == 2
    assert "--food ID" in result.stderr


def test_internal_fault_exits_1_without_traceback(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    from magnerve.services import days

    def broken(*_a: object, **_k: object) -> None:
        raise RuntimeError("kaput")

    monkeypatch.setattr(days.DayService, "day", broken)
    result = cli("today")
    assert result.exit_code == 1
    assert "Traceback" not in result.stderr
    assert "--debug" in result.stderr
    debug = cli("--debug", "today")
    assert "Traceback" in debug.stderr and "kaput" in debug.stderr


def test_database_url_environment_variable_is_honoured(cli: Cli, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    other = tmp_path / "elsewhere.sqlite3"
    monkeypatch.setenv("MAGNERVE_DATABASE_URL", f"sqlite:///{other}")
    cli.ok("log", "food", "--food", "usda_sr28:11457", "--amount", "1", "--unit", "cup")
    with sqlite3.connect(other) as conn:
        assert conn.execute("SELECT count(*) FROM intake_entry").fetchone()[0] == 1


def test_db_option_overrides_the_environment(cli: Cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    other = tmp_path / "flag.sqlite3"
    cli.ok(
        "--db",
        str(other),
        "log",
        "food",
        "--food",
        "usda_sr28:11457",
        "--amount",
        "1",
        "--unit",
        "cup",
    )
    with sqlite3.connect(other) as conn:
        assert conn.execute("SELECT count(*) FROM intake_entry").fetchone()[0] == 1
    assert not cli.db.exists() or _row_counts(cli)["intake_entry"] == 0


def test_usage_errors_answer_in_the_json_error_shape(cli: Cli) -> None:
    result = cli("profile", "set", "--age", "old", "--json")
    assert result.exit_code == 2
    payload = result.json()
    assert payload["ok"] is False and payload["code"] == "usage"
    assert payload["errors"][0]["field"] == "age"
