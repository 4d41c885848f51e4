"""Issue 4 contract: trial start and trial evaluate, with adherence and confounders."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta

import pytest

from tests.conftest import Cli

START = date(2026, 1, 8)
EVALUATE_KEYS = {
    "day", "baseline_mean", "window_mean", "change", "percent_change", "verdict", "final",
    "ci95", "adherence", "confounders",
}  # fmt: skip


def _pain(cli: Cli, first: date, values: list[float]) -> None:
    for offset, value in enumerate(values):
        cli.ok("log", "pain", str(value), "--date", (first + timedelta(days=offset)).isoformat())


def _trials(cli: Cli) -> int:
    with sqlite3.connect(cli.db) as conn:
        return int(conn.execute("SELECT count(*) FROM trial").fetchone()[0])


def test_start_needs_pain_logged_before_it(cli: Cli) -> None:
    result = cli("trial", "start", "--date", START.isoformat(), "--json")
    assert result.exit_code == 2
    assert result.json()["errors"][0]["field"] == "date"
    _pain(cli, START, [5])
    before = cli("trial", "start", "--date", (START - timedelta(days=1)).isoformat(), "--json")
    assert before.exit_code == 2
    assert "first pain score" in before.json()["error"]
    future = cli("trial", "start", "--date", "2999-01-01", "--json")
    assert future.exit_code == 2
    assert _trials(cli) == 0


def test_unknown_product_is_refused(cli: Cli) -> None:
    _pain(cli, START - timedelta(days=7), [6] * 7)
    result = cli("trial", "start", "--date", START.isoformat(), "--product", "nothing", "--json")
    assert result.exit_code == 2
    assert result.json()["errors"][0]["field"] == "product"
    assert _trials(cli) == 0


def test_evaluate_without_a_trial_or_before_its_start(cli: Cli) -> None:
    none = cli("trial", "evaluate", "--date", START.isoformat(), "--json")
    assert none.exit_code == 2
    assert none.json()["code"] == "not_found"
    _pain(cli, START - timedelta(days=7), [6] * 7)
    cli.ok("trial", "start", "--date", START.isoformat())
    early = cli("trial", "evaluate", "--date", (START - timedelta(days=1)).isoformat(), "--json")
    assert early.exit_code == 2
    assert early.json()["errors"][0]["field"] == "date"


def test_a_twelve_week_responder_with_adherence_and_a_confounder(cli: Cli) -> None:
    cli.ok("supplement", "add", "Glycinate", "--form", "glycinate", "--elemental-mg", "100")
    _pain(cli, START - timedelta(days=7), [6, 6.5, 6, 5.5, 6, 6.5, 5.5])  # mean 6.0
    product = cli.json("supplement", "list")["products"][0]["id"]
    started = cli.json("trial", "start", "--date", START.isoformat(), "--product", str(product))
    assert started["trial"]["start"] == START.isoformat()
    # Doses on 3 of every 4 days; two capsules from day 14.
    for offset in range(0, 85):
        if offset % 4 != 3:
            day = (START + timedelta(days=offset)).isoformat()
            servings = "2" if offset >= 14 else "1"
            cli.ok("log", "supplement", "Glycinate", "--servings", servings, "--date", day)
    # Duloxetine started in week 6.
    cli.ok("med", "add", "duloxetine", "--started", (START + timedelta(days=40)).isoformat())
    _pain(cli, START + timedelta(days=78), [4, 3.5, 4, 4.5, 4, 3.5, 4.5])  # mean 4.0
    result = cli.json("trial", "evaluate", "--date", (START + timedelta(days=84)).isoformat())
    assert set(result) >= EVALUATE_KEYS
    assert (result["day"], result["final"], result["verdict"]) == (84, True, "responder")
    assert (result["baseline_mean"], result["window_mean"]) == (6.0, 4.0)
    assert result["change"] == -2.0
    assert result["percent_change"] == pytest.approx(-33.3)
    lo, hi = result["ci95"]
    assert lo < -2.0 < hi < 0
    assert result["adherence"] == pytest.approx(round(64 / 85, 2))
    kinds = [(c["kind"], c["involves"]) for c in result["confounders"]]
    assert ("pain-medicine-started", ["duloxetine"]) in kinds
    assert ("dose-changed", ["magnesium"]) in kinds
    assert result["product"] == "Glycinate"


def test_four_weeks_too_early_then_day_28(cli: Cli) -> None:
    _pain(cli, START - timedelta(days=7), [6] * 7)
    cli.ok("trial", "start", "--date", START.isoformat())
    _pain(cli, START + timedelta(days=21), [5.5] * 8)  # days 21..28
    day27 = cli.json("trial", "evaluate", "--date", (START + timedelta(days=27)).isoformat())
    assert (day27["verdict"], day27["change"]) == ("too-early", -0.5)
    day28 = cli.json("trial", "evaluate", "--date", (START + timedelta(days=28)).isoformat())
    assert (day28["verdict"], day28["final"]) == ("no-change", False)  # 8.3 % lower


def test_starting_again_replaces_the_trial_but_keeps_it(cli: Cli) -> None:
    _pain(cli, START - timedelta(days=14), [6] * 14)
    first = cli.json("trial", "start", "--date", (START - timedelta(days=7)).isoformat())
    second = cli.json("trial", "start", "--date", START.isoformat())
    assert second["replaced"] == first["trial"]["id"]
    assert _trials(cli) == 2
    result = cli.json("trial", "evaluate", "--date", START.isoformat())
    assert result["start"] == START.isoformat()
