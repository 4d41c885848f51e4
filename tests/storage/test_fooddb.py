"""The read-only food database: built from the shipped CSVs, faithful to them, keyed by version.

Uses the session ``food_db`` fixture (tests/conftest.py: built once per run) and real SQLite
files in tmp directories; nothing is mocked.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import re
import shutil
import sqlite3
import threading
import time
from importlib import resources
from pathlib import Path

import pytest

import magnerve.storage.fooddb as fooddb
from magnerve.domain.foods import NUTRIENT_KEYS, Food, Portion
from magnerve.errors import InvalidInput
from magnerve.storage.fooddb import FoodDatabase, data_version

DATA = resources.files("magnerve.knowledge").joinpath("foods")


def _rows(name: str) -> list[dict[str, str]]:
    text = gzip.decompress(DATA.joinpath(name).read_bytes()).decode("utf-8")
    return list(csv.DictReader(io.StringIO(text, newline="")))


FOODS = _rows("foods.csv.gz")
PORTIONS = _rows("portions.csv.gz")


# --- version and build ------------------------------------------------------------------------
def test_data_version_is_the_sha256_of_both_shipped_files() -> None:
    digest = hashlib.sha256()
    for name in ("foods.csv.gz", "portions.csv.gz"):
        digest.update(DATA.joinpath(name).read_bytes())
    assert data_version() == digest.hexdigest()[:12]


def test_concurrent_first_runs_build_one_valid_file_quickly(tmp_path: Path) -> None:
    calls: list[tuple[int, int]] = []
    opened: list[FoodDatabase] = []
    errors: list[BaseException] = []

    def first_run(record: bool) -> None:
        try:
            progress = (lambda d, t: calls.append((d, t))) if record else None
            opened.append(FoodDatabase.open_or_build(tmp_path, progress=progress))
        except BaseException as exc:  # pragma: no cover - reported by the assert below
            errors.append(exc)

    start = time.perf_counter()
    threads = [threading.Thread(target=first_run, args=(i == 0,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - start

    assert not errors
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"foods-{data_version()}.sqlite"]
    for db in opened:
        assert db.get("usda_sr28:11457") is not None
        db.close()
    assert calls and calls[-1][0] == calls[-1][1]
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)
    assert elapsed < 10, f"two concurrent builds took {elapsed:.1f} s"


def test_opening_again_does_not_rebuild(food_db: FoodDatabase) -> None:
    before = food_db.path.stat()
    again = FoodDatabase.open_or_build(food_db.path.parent)
    try:
        after = again.path.stat()
        assert again.path == food_db.path
        assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    finally:
        again.close()


def test_another_data_version_gets_its_own_file_and_old_ones_go(
    food_db: FoodDatabase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    current = tmp_path / food_db.path.name
    shutil.copyfile(food_db.path, current)
    monkeypatch.setattr(fooddb, "data_version", lambda: "0123456789ab")
    stale = tmp_path / "foods-0123456789ab.sqlite"
    stale.write_bytes(b"not a database: a half-copied file from an old crash")

    db = FoodDatabase.open_or_build(tmp_path)
    try:
        assert db.path == stale and db.version == "0123456789ab"
        assert db.get("usda_sr28:12061") is not None  # rebuilt over the broken file
        assert not current.exists()  # the other version's file was removed
    finally:
        db.close()


def test_the_database_is_read_only(food_db: FoodDatabase) -> None:
    for statement in (
        "DELETE FROM food",
        "UPDATE food SET magnesium_mg = 0",
        "INSERT INTO meta VALUES ('x', 'y')",
    ):
        with pytest.raises(sqlite3.OperationalError):
            food_db.connection.execute(statement)
    assert food_db.get("usda_sr28:11457") is not None


# --- faithful to the CSVs ---------------------------------------------------------------------
@pytest.mark.parametrize("row", FOODS[::500], ids=lambda r: f"{r['source']}:{r['source_id']}")
def test_sampled_foods_read_back_unchanged(food_db: FoodDatabase, row: dict[str, str]) -> None:
    food = food_db.get(f"{row['source']}:{row['source_id']}")
    assert food is not None
    assert (food.source, food.description) == (row["source"], row["description"])
    assert food.category == (row["category"] or None)
    for key in NUTRIENT_KEYS:
        cell = row[key].strip()
        assert food.nutrients_per_100g[key] == (float(cell) if cell else None), key


def test_sampled_portions_read_back_unchanged(food_db: FoodDatabase) -> None:
    food_ids = {f"{r['source']}:{r['source_id']}" for r in FOODS}
    sampled = [r for r in PORTIONS[::1000] if f"{r['source']}:{r['source_id']}" in food_ids]
    assert len(sampled) >= 30
    for row in sampled:
        fid = f"{row['source']}:{row['source_id']}"
        food = food_db.get(fid)
        assert food is not None
        published = sorted(
            (
                r
                for r in PORTIONS
                if (r["source"], r["source_id"]) == (row["source"], row["source_id"])
            ),
            key=lambda r: int(r["seq"]),
        )
        portion = food.portions[published.index(row)]
        assert portion.label == row["label"]
        assert portion.unit_text == row["description"]
        assert portion.grams == float(row["gram_weight"])
        assert portion.amount == (float(row["amount"]) if row["amount"] else None)


def test_every_empty_magnesium_cell_is_null_never_zero(food_db: FoodDatabase) -> None:
    empty = [f"{r['source']}:{r['source_id']}" for r in FOODS if not r["magnesium_mg"].strip()]
    zero = [f"{r['source']}:{r['source_id']}" for r in FOODS if r["magnesium_mg"].strip() == "0"]
    assert empty and zero
    nulls = food_db.connection.execute(
        "SELECT count(*) FROM food WHERE magnesium_mg IS NULL"
    ).fetchone()[0]
    assert nulls == len(empty)
    foods = food_db.get_many([empty[0], empty[-1], zero[0]])
    assert foods[empty[0]].magnesium_mg_per_100g is None
    assert foods[empty[-1]].magnesium_mg_per_100g is None
    assert foods[zero[0]].magnesium_mg_per_100g == 0.0


def test_ids_keep_leading_zeros_and_unknown_ids_are_absent(food_db: FoodDatabase) -> None:
    butter = food_db.get("usda_sr28:01001")
    assert butter is not None and butter.description == "Butter, salted"
    assert food_db.get("usda_sr28:1001") is None
    assert food_db.get("") is None
    found = food_db.get_many(["usda_sr28:11457", "nope:1", "usda_sr28:11457", "ciqual_2020:20059"])
    assert set(found) == {"usda_sr28:11457", "ciqual_2020:20059"}
    assert found["ciqual_2020:20059"].portions == ()  # CIQUAL publishes no household measures


def test_spinach_raw_values_and_portions(food_db: FoodDatabase) -> None:
    spinach = food_db.get("usda_sr28:11457")
    assert spinach is not None
    assert spinach.magnesium_mg_per_100g == 79
    assert spinach.nutrients_per_100g["ala_g"] is None  # SR28 abbreviated file has no ALA
    assert [(p.label, p.grams) for p in spinach.portions][:2] == [
        ("1 cup", 30.0),
        ("1 bunch", 340.0),
    ]


# --- full-text candidates ---------------------------------------------------------------------
def _descriptions(candidates: list[fooddb.FoodCandidate]) -> list[str]:
    return [c.description for c in candidates]


def test_plural_and_singular_find_the_same_food(food_db: FoodDatabase) -> None:
    for query in ("almond", "almonds", "ALMONDS"):
        assert "Nuts, almonds" in _descriptions(food_db.candidates(query))
    for query in ("banana", "bananas"):
        assert "Bananas, raw" in _descriptions(food_db.candidates(query))
    assert "Blueberries, raw" in _descriptions(food_db.candidates("blueberry"))
    assert "Tomatoes, red, ripe, raw, year round average" in _descriptions(
        food_db.candidates("tomato", limit=500)
    )


def test_diacritics_are_ignored_both_ways(food_db: FoodDatabase) -> None:
    assert "Paëlla" in _descriptions(food_db.candidates("paella"))
    assert "Caramelized custard cream (crème brûlée), refrigerated" in _descriptions(
        food_db.candidates("creme brulee")
    )
    assert "Creme brulee" in _descriptions(food_db.candidates("Crème Brûlée"))


def test_when_no_food_has_every_word_any_word_counts(food_db: FoodDatabase) -> None:
    found = food_db.candidates("almonds qqqzzzx")
    assert found
    assert all("almond" in d.lower() for d in _descriptions(found))


def test_candidates_are_ordered_by_bm25(food_db: FoodDatabase) -> None:
    found = food_db.candidates("spinach", limit=50)
    scores = [c.bm25 for c in found]
    assert len(found) == 50 and scores == sorted(scores) and scores[0] < 0


@pytest.mark.parametrize(
    "query",
    [
        '"',
        "*",
        "(",
        ")",
        "AND",
        "OR",
        "NOT",
        "-",
        "NEAR",
        "NEAR(a b)",
        "almond AND (",
        '"almond',
        "almond*",
        "^spinach",
        "description:spinach",
        "{description}: x",
        "a'b",
        "col:",
        "+",
        "\\",
        "%",
        "_",
        "‐",
        "🍌 banana",
        "ß",
        "\x00",
        "ǅ",
    ],
)
def test_fts_syntax_in_queries_never_errors(food_db: FoodDatabase, query: str) -> None:
    assert isinstance(food_db.candidates(query), list)
    assert isinstance(food_db.like_search(query), list)


def test_blank_query_is_invalid(food_db: FoodDatabase) -> None:
    for query in ("", "   ", "\t\n"):
        with pytest.raises(InvalidInput) as info:
            food_db.candidates(query)
        assert info.value.field == "query"


def test_candidate_limits_are_validated(food_db: FoodDatabase) -> None:
    assert len(food_db.candidates("cheese", limit=1000)) == 1000
    for limit in (0, -1, 1001, True):
        for search in (food_db.candidates, food_db.like_search):
            with pytest.raises(InvalidInput) as info:
                search("cheese", limit)
            assert info.value.field == "limit"


def test_among_restricts_to_given_ids(food_db: FoodDatabase) -> None:
    ids = ["usda_sr28:01077", "usda_sr28:11457"]
    assert [c.id for c in food_db.candidates("milk", among=ids)] == ["usda_sr28:01077"]
    assert food_db.candidates("milk", among=[]) == []


def test_like_search_is_a_plain_substring_match(food_db: FoodDatabase) -> None:
    found = food_db.like_search("100%", limit=50)
    assert found and all("100%" in c.description for c in found)
    assert all("_" in c.description for c in food_db.like_search("_"))
    lengths = [len(c.description) for c in food_db.like_search("spinach", limit=20)]
    assert lengths == sorted(lengths)


def test_vocabulary_is_sorted_folded_words(food_db: FoodDatabase) -> None:
    vocabulary = food_db.vocabulary()
    assert list(vocabulary) == sorted(vocabulary)
    assert {"broccoli", "spinach", "paella", "creme"} <= set(vocabulary)
    assert all(w == w.lower() and len(w) >= 3 for w in vocabulary)


# --- foods richest in a nutrient --------------------------------------------------------------
def _top_foods(
    food_db: FoodDatabase,
    nutrient: str = "magnesium_mg",
    *,
    per: str = "100g",
    max_carb_g: float | None = None,
    category: str | None = None,
    limit: int = 100,
) -> list[tuple[fooddb.TopFood, Food]]:
    """Each ranked row with the full food it names."""
    rows = food_db.top(nutrient, per=per, max_carb_g=max_carb_g, category=category, limit=limit)
    foods = food_db.get_many([r.id for r in rows])
    return [(r, foods[r.id]) for r in rows]


def test_top_per_100g_is_the_nutrient_value_descending(food_db: FoodDatabase) -> None:
    rows = _top_foods(food_db, limit=200)
    assert len(rows) == 200
    values = [r.value for r, _ in rows]
    assert values == sorted(values, reverse=True)
    for row, food in rows:
        assert row.per == "100g" and row.nutrient == "magnesium_mg"
        assert row.value == food.nutrients_per_100g["magnesium_mg"] == row.magnesium_mg_per_100g


def _expected_serving(food: Food) -> Portion:
    """The rule, restated: NLEA serving, else an ounce portion, else the first usable portion."""
    usable = [
        p
        for p in food.portions
        if p.amount is not None
        and p.grams > 0
        and not p.label.lower().startswith(("quantity not specified", "guideline amount"))
    ]
    for wanted in (
        lambda p: "nlea serving" in p.label.lower(),
        lambda p: re.match(r"^\d+(\.\d+)?\s*oz\b", p.label.lower()) is not None,
        lambda p: True,
    ):
        found = [p for p in usable if wanted(p)]
        if found:
            return found[0]
    raise AssertionError(f"{food.id} has no usable portion")


def test_top_per_serving_uses_the_typical_serving(food_db: FoodDatabase) -> None:
    rows = _top_foods(food_db, per="serving", limit=200)
    assert rows
    for row, food in rows:
        assert row.serving_grams is not None and row.serving_label
        first = _expected_serving(food)
        assert (row.serving_label, row.serving_grams) == (first.label, first.grams)
        mg = food.nutrients_per_100g["magnesium_mg"]
        assert mg is not None
        assert row.value == pytest.approx(mg * first.grams / 100)


def test_nuts_are_served_by_the_ounce_not_the_cup(food_db: FoodDatabase) -> None:
    rows = food_db.top("magnesium_mg", per="serving", max_carb_g=None, category="nut", limit=500)
    almonds = next(r for r in rows if r.id == "usda_sr28:12061")
    assert almonds.serving_label == "1 oz (23 whole kernels)"
    assert almonds.serving_grams == pytest.approx(28.35)
    assert all(not r.id.startswith("ciqual_2020:") for r in rows)  # no household servings


def test_serving_skips_unspecified_quantities(food_db: FoodDatabase) -> None:
    # FNDDS publishes "Quantity not specified" first for dry-curd cottage cheese.
    rows = _top_foods(food_db, "magnesium", per="serving", category="cottage", limit=500)
    row = next(r for r, _ in rows if r.id == "usda_fndds:14203010")
    assert (row.serving_label, row.serving_grams) == ("1 cup, dry type", 145.0)


def test_top_per_100kcal_leaves_out_near_zero_energy(food_db: FoodDatabase) -> None:
    rows = _top_foods(food_db, per="100kcal", limit=300)
    for row, food in rows:
        kcal, mg = food.nutrients_per_100g["energy_kcal"], food.nutrients_per_100g["magnesium_mg"]
        assert kcal is not None and kcal >= 5 and mg is not None
        assert row.value == pytest.approx(mg / kcal * 100)
    values = [r.value for r, _ in rows]
    assert values == sorted(values, reverse=True)
    low_energy_with_mg = food_db.connection.execute(
        "SELECT count(*) FROM food WHERE energy_kcal < 5 AND magnesium_mg > 0"
    ).fetchone()[0]
    assert low_energy_with_mg > 0  # the rule matters: such foods exist and are left out


def test_top_per_gram_of_carbohydrate_leaves_out_carb_free_foods(food_db: FoodDatabase) -> None:
    rows = _top_foods(food_db, per="carb-g", limit=300)
    for row, food in rows:
        carb, mg = (
            food.nutrients_per_100g["carbohydrate_g"],
            food.nutrients_per_100g["magnesium_mg"],
        )
        assert carb is not None and carb >= 1 and mg is not None
        assert row.value == pytest.approx(mg / carb)


def test_max_carb_filter_per_100g_and_per_serving(food_db: FoodDatabase) -> None:
    for _, food in _top_foods(food_db, max_carb_g=5, limit=300):
        carb = food.nutrients_per_100g["carbohydrate_g"]
        assert carb is not None and carb <= 5
    for row, food in _top_foods(food_db, per="serving", max_carb_g=10, limit=300):
        carb = food.nutrients_per_100g["carbohydrate_g"]
        assert carb is not None and row.serving_grams is not None
        assert carb * row.serving_grams / 100 <= 10 + 1e-9
    unfiltered = {r.id for r, _ in _top_foods(food_db, limit=500)}
    unknown_carb = {
        r.id
        for r, f in _top_foods(food_db, limit=500)
        if f.nutrients_per_100g["carbohydrate_g"] is None
    }
    filtered = {r.id for r, _ in _top_foods(food_db, max_carb_g=1000, limit=500)}
    assert unknown_carb and unknown_carb <= unfiltered and not unknown_carb & filtered


def test_category_filter_is_a_case_and_accent_insensitive_substring(food_db: FoodDatabase) -> None:
    nuts = _top_foods(food_db, category="NUTS", limit=100)
    assert nuts and all("nuts" in (f.category or "").lower() for _, f in nuts)
    puree = _top_foods(food_db, category="puree", limit=100)  # "puréed fruits"
    assert puree and all("purée" in (f.category or "") for _, f in puree)
    assert _top_foods(food_db, category="no such category", limit=10) == []


def test_unknown_values_are_never_ranked(food_db: FoodDatabase) -> None:
    rows = _top_foods(food_db, nutrient="ala_g", limit=500)
    assert rows and all(f.nutrients_per_100g["ala_g"] is not None for _, f in rows)
    assert not any(r.source == "usda_sr28" for r, _ in rows)  # SR28 has no ALA values at all
    vitamin_d = _top_foods(food_db, nutrient="vitamin_d_ug", limit=500)
    assert all(f.nutrients_per_100g["vitamin_d_ug"] is not None for _, f in vitamin_d)


def test_bare_nutrient_names_are_accepted(food_db: FoodDatabase) -> None:
    assert _top_foods(food_db, "magnesium", limit=3)[0][0].nutrient == "magnesium_mg"
    assert _top_foods(food_db, "Vitamin B12", limit=3)[0][0].nutrient == "vitamin_b12_ug"


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"nutrient": "iron"}, "nutrient"),
        ({"nutrient": ""}, "nutrient"),
        ({"per": "cup"}, "per"),
        ({"per": "100G"}, "per"),
        ({"limit": 0}, "limit"),
        ({"limit": 501}, "limit"),
        ({"limit": True}, "limit"),
        ({"max_carb_g": -1.0}, "max_carb_g"),
        ({"max_carb_g": float("nan")}, "max_carb_g"),
    ],
)
def test_top_validation_names_the_field(
    food_db: FoodDatabase, kwargs: dict[str, object], field: str
) -> None:
    with pytest.raises(InvalidInput) as info:
        _top_foods(food_db, **kwargs)  # type: ignore[arg-type]
    assert info.value.field == field
    if field in {"nutrient", "per"}:
        assert info.value.hint and (
            "magnesium_mg" in info.value.hint or "serving" in info.value.hint
        )
