"""Food queries and ranking, pure: hand-made candidates, no database."""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import given, settings
from hypothesis import strategies as st

from magnerve.domain.food_query import (
    correct_words,
    fold,
    parse_query,
    prefixes,
    stem,
    words,
)
from magnerve.domain.food_search import Match, ScoredFood, judge, rank


@dataclass(frozen=True)
class Cand:
    id: str
    description: str
    category: str | None = None
    source: str = "usda_sr28"
    magnesium_mg_per_100g: float | None = 20.0
    bm25: float = -10.0
    has_serving: bool = True


def _ranked(query: str, *cands: Cand, recent: tuple[str, ...] = ()) -> list[str]:
    return [s.description for s in rank(query, cands, recent_food_ids=recent)]


# --- query words ------------------------------------------------------------------------------
def test_fold_strips_case_and_diacritics() -> None:
    assert fold("Crème Fraîche") == "creme fraiche"
    assert fold("Paëlla") == "paella"
    assert words("Nuts, almonds (blanched)") == ["nuts", "almonds", "blanched"]


def test_stem_makes_crude_singulars() -> None:
    cases = {
        "almonds": "almond",
        "bananas": "banana",
        "berries": "berry",
        "tomatoes": "tomato",
        "peaches": "peach",
        "hummus": "hummus",
        "swiss": "swiss",
        "oats": "oat",
        "pea": "pea",
        "2": "2",
    }
    assert {w: stem(w) for w in cases} == cases
    assert prefixes("berry") == ("berry", "berri")  # finds "berries" in the index too


def test_parse_query_drops_amounts_sizes_and_stop_words() -> None:
    assert [t.word for t in parse_query("1 cup cooked spinach")] == ["cooked", "spinach"]
    assert [t.word for t in parse_query("30g almonds")] == ["almonds"]
    assert [t.word for t in parse_query("a medium banana")] == ["banana"]
    assert [t.word for t in parse_query("1/2 cup of rice")] == ["rice"]
    assert [t.word for t in parse_query("milk 2%")] == ["milk", "2"]
    assert [t.word for t in parse_query("and")] == ["and"]  # only stop words: keep them
    assert parse_query("((**))") == ()


def test_parse_query_adds_synonyms_and_phrases() -> None:
    (yoghurt,) = parse_query("Yoghurt")
    assert ("yogurt",) in yoghurt.alternatives
    (creme,) = parse_query("crème fraîche")
    assert creme.word == "creme fraiche"
    assert ("thick", "cream") in creme.alternatives
    (flax,) = parse_query("flax seeds")
    assert ("flaxseed",) in flax.alternatives
    assert parse_query("cooked spinach")[0].is_preparation


def test_correct_words_fixes_words_no_description_starts_with() -> None:
    vocabulary = sorted(["broccoli", "raw", "spinach", "almonds", "cooked", "thick", "cream"])
    assert correct_words("brocoli", vocabulary) == "broccoli"
    assert correct_words("raw brocoli", vocabulary) == "raw broccoli"
    assert correct_words("spinch", vocabulary) == "spinach"
    assert correct_words("spin", vocabulary) is None  # a prefix being typed is not a typo
    assert correct_words("almonds", vocabulary) is None
    assert correct_words("creme fraiche", vocabulary) is None  # known through its synonym
    assert correct_words("xqzv", vocabulary) is None  # nothing close enough
    assert correct_words("kwi", vocabulary) is None  # too short to guess


# --- ranking ----------------------------------------------------------------------------------
def test_plain_banana_before_baby_food_and_dishes() -> None:
    ranked = _ranked(
        "banana",
        Cand("1", "Babyfood, fruit, bananas with tapioca, strained", "Baby Foods", bm25=-12),
        Cand("2", "Banana split", "Ice cream and frozen dairy desserts", bm25=-12),
        Cand("3", "Bananas, raw", "Fruits and Fruit Juices", bm25=-9),
        Cand("4", "Pepper, banana, raw", "Vegetables and Vegetable Products", bm25=-11),
    )
    assert ranked[0] == "Bananas, raw"
    assert ranked[-1].startswith("Babyfood")


def test_almonds_means_the_nut_not_almond_milk_or_cereal() -> None:
    ranked = _ranked(
        "almonds",
        Cand("1", "Almond milk, unsweetened", "Plant-based milk", bm25=-12),
        Cand("2", "Cereals ready-to-eat, KELLOGG'S SPECIAL K Vanilla Almond", "Breakfast Cereals"),
        Cand("3", "Nuts, almond butter, plain, without salt added", "Nut and Seed Products"),
        Cand("4", "Nuts, almonds", "Nut and Seed Products", bm25=-8),
    )
    assert ranked[0] == "Nuts, almonds"


def test_a_typed_preparation_wins_over_raw() -> None:
    cands = (
        Cand("1", "Spinach, raw", bm25=-12),
        Cand("2", "Spinach, cooked, boiled, drained, without salt", bm25=-10),
        Cand("3", "New Zealand spinach, cooked, boiled, drained", bm25=-10),
    )
    assert _ranked("spinach", *cands)[0] == "Spinach, raw"
    assert _ranked("cooked spinach", *cands)[0] == "Spinach, cooked, boiled, drained, without salt"


def test_head_noun_decides_between_modifier_and_food() -> None:
    ranked = _ranked(
        "pumpkin seeds",
        Cand("1", "Fish, sunfish, pumpkin seed, raw", "Finfish and Shellfish Products"),
        Cand("2", "Seeds, pumpkin and squash seed kernels, dried", "Nut and Seed Products"),
        Cand("3", "Pumpkin, raw"),
    )
    assert ranked[0] == "Seeds, pumpkin and squash seed kernels, dried"
    assert (
        _ranked("salmon fillet", Cand("1", "Vegetarian fillets"), Cand("2", "Fish, salmon, raw"))[0]
        == "Fish, salmon, raw"
    )


def test_brands_restaurants_and_ingredients_rank_lower_unless_asked_for() -> None:
    plain = Cand("1", "Cereals, oats, regular and quick, not fortified, dry", "Breakfast Cereals")
    brand = Cand("2", "Cereals, QUAKER, Quick Oats, Dry", "Breakfast Cereals")
    assert _ranked("oats", brand, plain)[0] == plain.description
    assert _ranked("quaker oats", brand, plain)[0] == brand.description
    fries = Cand("3", "McDONALD'S, french fries", "Fast Foods")
    home = Cand("4", "Potatoes, french fried, all types, salt not added in processing, frozen")
    assert _ranked("french fries", fries, home)[0] == home.description


def test_recent_foods_come_first_when_they_match() -> None:
    cands = (
        Cand("a", "Milk, whole, 3.25% milkfat, with added vitamin D"),
        Cand("b", "Milk, reduced fat, fluid, 2% milkfat, with added vitamin A and vitamin D"),
        Cand("c", "Milk, NFS"),
    )
    assert _ranked("milk", *cands)[0] == "Milk, NFS"
    assert _ranked("milk", *cands, recent=("b",))[0].startswith("Milk, reduced fat")
    both = rank("milk", cands, recent_food_ids=("b", "a"))  # among recent foods: by relevance
    assert {s.id for s in both[:2]} == {"a", "b"} and both[0].recent and both[1].recent
    # a recent food that does not match what was typed is not pushed up
    spinach = Cand("s", "Spinach, raw")
    assert rank("milk", (*cands, spinach), recent_food_ids=("s",))[-1].id == "s"


def test_rank_keeps_each_id_once_and_is_deterministic() -> None:
    a = Cand("x", "Bananas, raw")
    ranked = rank("banana", [a, a, Cand("y", "Banana, raw", source="usda_fndds")])
    assert [s.id for s in ranked] == [s.id for s in rank("banana", [a, Cand("y", "Banana, raw")])]
    assert len(ranked) == 2
    assert rank("banana", []) == [] and rank("((", [a]) == []


# --- judging a free-text match ----------------------------------------------------------------
def _scored(
    fid: str, description: str, score: float, mg: float | None = 80.0, source: str = "usda_sr28"
) -> ScoredFood:
    return ScoredFood(fid, description, source, None, mg, score, 1.0)


def test_judge_is_confident_when_the_best_is_clearly_ahead() -> None:
    ranked = [_scored("1", "Spinach, raw", 12.0), _scored("2", "Spinach souffle", 10.0, mg=30)]
    verdict = judge("spinach", ranked)
    assert isinstance(verdict, Match) and not verdict.doubtful
    assert verdict.best is ranked[0] and verdict.candidates == tuple(ranked)


def test_judge_doubts_when_a_word_is_missing() -> None:
    verdict = judge("spinach pie", [_scored("1", "Spinach, raw", 12.0)])
    assert verdict.doubtful and "pie" in verdict.reason


def test_judge_doubts_close_foods_with_different_magnesium() -> None:
    ranked = [
        _scored("1", "Bread, white", 11.0, mg=25),
        _scored("2", "Bread, whole wheat", 10.9, mg=75),
        _scored("3", "Bread, rye", 10.8, mg=40),
    ]
    verdict = judge("bread", ranked)
    assert verdict.doubtful and "Bread, whole wheat" in verdict.reason


def test_judge_accepts_near_equivalent_alternatives() -> None:
    ranked = [
        _scored("1", "Peanut butter", 11.5, mg=168, source="usda_fndds"),
        _scored("2", "Peanut butter, smooth style, with salt", 11.3, mg=154),
        # the same food in another source, with a differently measured value
        _scored("3", "Peanut butter or peanut paste", 11.2, mg=120, source="ciqual_2020"),
    ]
    assert not judge("peanut butter", ranked[:2]).doubtful
    assert judge("peanut butter", ranked).doubtful  # 120 vs 168 mg, different names
    same_name = [ranked[0], _scored("4", "Peanut butter", 11.4, mg=120, source="ciqual_2020")]
    assert not judge("peanut butter", same_name).doubtful


def test_judge_asks_raw_or_cooked_when_magnesium_differs_a_lot() -> None:
    ranked = [
        _scored("1", "Rice, brown, long-grain, raw", 12.0, mg=143),
        _scored("2", "Rice, brown, long-grain, cooked", 10.0, mg=43),
    ]
    verdict = judge("brown rice", ranked)
    assert verdict.doubtful and "raw or cooked" in verdict.reason
    assert not judge("raw brown rice", ranked).doubtful


def test_judge_trusts_recent_foods_and_reports_no_match() -> None:
    recent = ScoredFood("1", "Bread, whole wheat", "usda_sr28", None, 75, 31.0, 1.0, recent=True)
    assert not judge("bread", [recent, _scored("2", "Bread, white", 30.9, mg=25)]).doubtful
    empty = judge("bread", [])
    assert empty.best is None and empty.doubtful and empty.candidates == ()


# --- properties -------------------------------------------------------------------------------
@settings(max_examples=300, deadline=None)
@given(st.text())
def test_query_parsing_never_fails(text: str) -> None:
    terms = parse_query(text)
    for term in terms:
        assert term.alternatives and all(alt and all(alt) for alt in term.alternatives)
    assert fold(fold(text)) == fold(text)
    rank(text, [Cand("1", "Bananas, raw"), Cand("2", text or "x")])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(min_size=1), max_size=20), st.text())
def test_correct_words_never_fails(vocabulary: list[str], query: str) -> None:
    result = correct_words(query, sorted({fold(w) for w in vocabulary}))
    assert result is None or isinstance(result, str)
