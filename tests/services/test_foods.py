"""FoodService over the real food database (session ``food_db`` fixture): what people mean."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from magnerve.errors import InvalidInput, NotFound
from magnerve.services.foods import FoodService
from magnerve.storage.fooddb import FoodDatabase, data_version


@pytest.fixture(scope="module")
def foods(food_db: FoodDatabase) -> FoodService:
    return FoodService(food_db)


def _top(foods: FoodService, query: str, **kwargs: object) -> str:
    hits = foods.search(query, limit=5, **kwargs)  # type: ignore[arg-type]
    assert hits, f"nothing found for {query!r}"
    return hits[0].description


# --- what people mean -------------------------------------------------------------------------
def test_banana_is_the_fruit_not_baby_food(foods: FoodService) -> None:
    for query in ("banana", "bananas", "Banana"):
        best = _top(foods, query)
        assert re.fullmatch(r"Bananas?, (pulp, )?raw", best), best
    assert not any("baby" in h.description.lower() for h in foods.search("banana", limit=10))


def test_almonds_are_the_nut(foods: FoodService) -> None:
    best = _top(foods, "almonds")
    assert re.match(r"(Nuts, almonds|Almonds?, (NFS|unroasted|\(with peel\)))", best), best
    assert not re.search(r"milk|cereal|butter|oil|candy|cake", best, re.IGNORECASE)


def test_spinach_raw_and_cooked(foods: FoodService) -> None:
    assert _top(foods, "spinach") == "Spinach, raw"
    cooked = _top(foods, "cooked spinach")
    assert cooked.startswith("Spinach,") and re.search(r"cooked|boiled", cooked), cooked


def test_pumpkin_seeds_are_kernels(foods: FoodService) -> None:
    best = foods.search("pumpkin seeds", limit=1)[0]
    assert re.match(r"(Seeds, pumpkin and squash seed kernels|Pumpkin seeds,)", best.description)
    assert "whole" not in best.description  # in-hull seeds have half the magnesium
    assert best.magnesium_mg_per_100g is not None and best.magnesium_mg_per_100g >= 500


def test_peanut_butter_is_plain_peanut_butter(foods: FoodService) -> None:
    best = _top(foods, "peanut butter")
    assert re.match(r"Peanut butter($|, (smooth|chunk))", best), best


def test_creme_fraiche_finds_the_ciqual_cream(foods: FoodService) -> None:
    # CIQUAL's English table names crème fraîche "Thick cream"; the search knows the French name.
    for query in ("creme fraiche", "Crème fraîche"):
        hit = foods.search(query, limit=1)[0]
        assert hit.source == "ciqual_2020" and hit.description.startswith("Thick cream"), hit


def test_diacritics_do_not_matter(foods: FoodService) -> None:
    assert "Paëlla" in {h.description for h in foods.search("paella", limit=5)}
    assert "Paella, NFS" in {h.description for h in foods.search("PAËLLA", limit=5)}
    found = {h.description for h in foods.search("creme brulee", limit=5)}
    assert "Caramelized custard cream (crème brûlée), refrigerated" in found


def test_typos_are_corrected(foods: FoodService) -> None:
    assert _top(foods, "brocoli") == "Broccoli, raw"
    assert _top(foods, "spinnach") == "Spinach, raw"
    assert re.match(r"Avocados?, raw", _top(foods, "avacado"))


def test_hostile_syntax_searches_by_the_words(foods: FoodService) -> None:
    assert re.fullmatch(r"Bananas?, raw", _top(foods, '"banana" AND (NEAR -*'))
    assert foods.search("((**))") == []


def test_recent_foods_come_first(foods: FoodService) -> None:
    two_percent = "usda_sr28:01079"  # Milk, reduced fat, fluid, 2% milkfat, ...
    assert foods.search("milk", limit=1)[0].id != two_percent
    assert foods.search("milk", limit=1, recent_food_ids=[two_percent])[0].id == two_percent
    # a recent food that does not match the query stays out of the way
    assert foods.search("milk", limit=1, recent_food_ids=["usda_sr28:11457"])[0].id != (
        "usda_sr28:11457"
    )


def test_search_validates_limit_and_query(foods: FoodService) -> None:
    assert len(foods.search("cheese", limit=100)) == 100
    for limit in (0, 101, -1, True):
        with pytest.raises(InvalidInput) as info:
            foods.search("cheese", limit=limit)
        assert info.value.field == "limit"
    for query in ("", "  "):
        with pytest.raises(InvalidInput) as info:
            foods.search(query)
        assert info.value.field == "query"


# --- free-text matching -----------------------------------------------------------------------
def test_match_is_confident_for_clear_foods(foods: FoodService) -> None:
    for text, pattern in [
        ("cooked spinach", r"Spinach, .*(cooked|boiled)"),
        ("almonds", r"(Nuts, almonds|Almonds?,)"),
        ("pumpkin seeds", r"(Seeds, pumpkin|Pumpkin seeds)"),
        ("banana", r"Bananas?, raw"),
    ]:
        match = foods.match(text)
        assert match.best is not None and not match.doubtful, (text, match.reason)
        assert re.match(pattern, match.best.description), match.best.description
        assert 1 <= len(match.candidates) <= 5 and match.candidates[0] == match.best


def test_match_doubts_ambiguous_or_guessed_foods(foods: FoodService) -> None:
    bread = foods.match("bread")
    assert bread.doubtful and bread.reason and len(bread.candidates) == 5
    rice = foods.match("brown rice")  # raw vs cooked: 143 vs 44 mg per 100 g
    assert rice.doubtful and "raw or cooked" in rice.reason
    typo = foods.match("brocoli")
    assert typo.doubtful and "broccoli" in typo.reason
    assert typo.best is not None and typo.best.description == "Broccoli, raw"
    nothing = foods.match("qqqzzzx")
    assert nothing.best is None and nothing.doubtful and nothing.candidates == ()


def test_match_trusts_the_persons_recent_food(foods: FoodService) -> None:
    whole_wheat = foods.search("whole wheat bread", limit=1)[0].id
    match = foods.match("bread", recent_food_ids=[whole_wheat])
    assert match.best is not None and match.best.id == whole_wheat and not match.doubtful


# --- show and top -----------------------------------------------------------------------------
def test_show_returns_the_food(foods: FoodService) -> None:
    food = foods.show("usda_sr28:12061")
    assert food.description == "Nuts, almonds" and food.magnesium_mg_per_100g == 270
    assert foods.data_version == data_version()


@pytest.mark.parametrize(
    "food_id",
    [
        "usda_sr28:99999",
        "usda_sr28:1001",
        "spinach",
        "",
        "usda_sr28:",
        ":11457",
        "a:b:c",
        "x" * 500,
    ],
)
def test_show_unknown_or_malformed_ids_is_not_found(foods: FoodService, food_id: str) -> None:
    with pytest.raises(NotFound) as info:
        foods.show(food_id)
    assert info.value.field == "food" and info.value.hint


def test_top_defaults_to_magnesium_per_100g(foods: FoodService) -> None:
    rows = foods.top()
    assert len(rows) == 20 and all(r.nutrient == "magnesium_mg" and r.per == "100g" for r in rows)
    assert [r.value for r in rows] == sorted((r.value for r in rows), reverse=True)
    seeds = foods.top("magnesium", per="serving", category="nut", max_carb_g=10, limit=5)
    assert seeds and all(r.serving_grams for r in seeds)
    with pytest.raises(InvalidInput) as info:
        foods.top(per="cup")
    assert info.value.field == "per"


# --- never anything but InvalidInput ----------------------------------------------------------
@settings(
    max_examples=250, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text() | st.text(alphabet="\"*()-:^{}+ANDORNEARTabc 0123456789'\\", max_size=30))
def test_any_query_gives_results_or_invalid_input(foods: FoodService, query: str) -> None:
    try:
        hits = foods.search(query)
        match = foods.match(query)
    except InvalidInput as exc:
        assert exc.field == "query"
        return
    assert len(hits) <= 10
    assert match.best is None or match.best.id == hits[0].id
