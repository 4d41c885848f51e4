"""Amount + unit → grams of a food, against real USDA portion rows (copied as literals)."""

from __future__ import annotations

import csv
import gzip
from collections import defaultdict
from importlib import resources

import pytest
from hypothesis import given
from hypothesis import strategies as st

from magnerve.domain.foods import Food, Portion
from magnerve.domain.portions import (
    MAX_GRAMS_PER_ENTRY,
    PortionResolution,
    portion_choices,
    resolve_grams,
)
from magnerve.domain.units import round_significant
from magnerve.errors import InvalidInput


def food(food_id: str, description: str, *rows: tuple[float | None, str, float]) -> Food:
    """A Food from portions.csv.gz rows: (amount, description, gram_weight), in seq order."""
    source = food_id.split(":")[0]
    portions = tuple(
        Portion(
            label=f"{amount:g} {text}" if amount is not None else text,
            grams=grams,
            amount=amount,
            unit_text=text,
        )
        for amount, text, grams in rows
    )
    return Food(food_id, source, description, None, {"magnesium_mg": 1.0}, portions)


SPINACH = food(
    "usda_sr28:11457",
    "Spinach, raw",
    (1, "cup", 30),
    (1, "bunch", 340),
    (1, "leaf", 10),
    (1, "package (10 oz)", 284),
)
SPINACH_COOKED = food(
    "usda_sr28:11458", "Spinach, cooked, boiled, drained, without salt", (1, "cup", 180)
)
ALMONDS = food(
    "usda_sr28:12061",
    "Nuts, almonds",
    (1, "cup, whole", 143),
    (1, "cup, sliced", 92),
    (1, "cup, slivered", 108),
    (1, "cup, ground", 95),
    (1, "oz (23 whole kernels)", 28.35),
    (1, "almond", 1.2),
)
PUMPKIN_SEEDS = food(
    "usda_sr28:12014",
    "Seeds, pumpkin and squash seed kernels, dried",
    (1, "cup", 129),
    (1, "oz", 28.35),
)
PEANUT_BUTTER = food(
    "usda_sr28:16098",
    "Peanut butter, smooth style, with salt",
    (2, "tbsp", 32),
    (1, "cup", 258),
)
BANANA = food(
    "usda_sr28:09040",
    "Bananas, raw",
    (1, "cup, mashed", 225),
    (1, "cup, sliced", 150),
    (1, 'extra small (less than 6" long)', 81),
    (1, 'small (6" to 6-7/8" long)', 101),
    (1, 'medium (7" to 7-7/8" long)', 118),
    (1, 'large (8" to 8-7/8" long)', 136),
    (1, 'extra large (9" or longer)', 152),
    (1, "NLEA serving", 126),
)
AVOCADO = food(
    "usda_sr28:09037",
    "Avocados, raw, all commercial varieties",
    (1, "cup, cubes", 150),
    (1, "cup, pureed", 230),
    (1, "cup, sliced", 146),
    (1, "avocado, NS as to Florida or California", 201),
)
EGG = food(
    "usda_sr28:01123",
    "Egg, whole, raw, fresh",
    (1, "large", 50),
    (1, "extra large", 56),
    (1, "jumbo", 63),
    (1, "cup (4.86 large eggs)", 243),
    (1, "medium", 44),
    (1, "small", 38),
)
BREAD = food(
    "usda_fndds:51101000",
    "Bread, white",
    (1, "small or thin/very thin slice", 24),
    (1, "medium or regular slice", 28),
    (1, "large or thick slice", 43),
    (1, "slice, crust not eaten", 13),
    (1, "slice, snack-size", 10),
    (1, "cup", 40),
    (1, "cubic inch", 2.8),
    (None, "Quantity not specified", 28),
)
FNDDS_AVOCADO = food(
    "usda_fndds:63105010",
    "Avocado, raw",
    (1, "slice", 15),
    (1, "fruit", 150),
    (1, "cup", 150),
    (1, "cup, mashed or pureed", 230),
    (None, "Quantity not specified", 30),
)
FNDDS_ALMONDS = food(
    "usda_fndds:42101000",
    "Almonds, unroasted",
    (1, "nut", 1.2),
    (1, "cup", 141),
    (1, "package", 50),
    (1, "100 calorie package", 18),
    (1, "oz", 28.35),
    (None, "Quantity not specified", 28),
)
FNDDS_PEANUT_BUTTER = food(
    "usda_fndds:42202000",
    "Peanut butter",
    (1, "tablespoon", 16),
    (1, "single serving", 45),
    (None, "Guideline amount per slice of bread/roll", 16),
    (None, "Guideline amount per sandwich", 32),
    (None, "Quantity not specified", 32),
)
MILK = food(
    "usda_fndds:11111000",
    "Milk, whole",
    (1, "cup", 244),
    (1, "fl oz", 30.5),
    (1, "individual school container", 244),
    (None, "Guideline amount per fl oz of beverage", 2.5),
    (None, "Guideline amount per cup of hot cereal", 61),
    (None, "Quantity not specified", 244),
)
FNDDS_BANANA = food(
    "usda_fndds:63107010",
    "Banana, raw",
    (1, "banana", 126),
    (1, "slice", 6),
    (1, "cup", 150),
    (1, "cup, mashed", 225),
    (1, "linear inch", 15),
    (None, "Quantity not specified", 126),
)
CIQUAL = food("ciqual_2020:20047", "Spinach, raw")  # CIQUAL ships no portions


CASES = [
    # (food, amount, unit, grams, basis, portion label)
    (SPINACH, 1, "cup", 30, "portion", "1 cup"),
    (SPINACH, 2, "cups", 60, "portion", "1 cup"),
    (SPINACH, 3, "leaves", 30, "portion", "1 leaf"),
    (SPINACH, 1, "Bunch", 340, "portion", "1 bunch"),
    (SPINACH, 30, "g", 30, "mass", None),
    (SPINACH, 2, "tbsp", 3.75, "volume", "1 cup"),  # 2/16 of a 30 g cup
    (SPINACH_COOKED, 0.5, "cup", 90, "portion", "1 cup"),
    (ALMONDS, 1, "cup", 143, "portion", "1 cup, whole"),  # no bare "cup": shortest label wins
    (ALMONDS, 30, "grams", 30, "mass", None),
    (ALMONDS, 1, "oz", 28.3495, "mass", None),  # the mass unit, not the 28.35 g "1 oz (…)" row
    (ALMONDS, 1, "ounce", 28.3495, "mass", None),
    (ALMONDS, 1, "tbsp", 8.9375, "volume", "1 cup, whole"),
    (ALMONDS, 1, "1 cup, sliced", 92, "portion", "1 cup, sliced"),  # a picked label
    (ALMONDS, 10, None, 12, "portion", "1 almond"),  # the food's own noun
    (ALMONDS, 3, "almonds", 3.6, "portion", "1 almond"),
    (PUMPKIN_SEEDS, 1, "oz", 28.3495, "mass", None),
    (PUMPKIN_SEEDS, 0.25, "cup", 32.25, "portion", "1 cup"),
    (PEANUT_BUTTER, 2, "tbsp", 32, "portion", "2 tbsp"),
    (PEANUT_BUTTER, 1, "tbsp", 16, "portion", "2 tbsp"),  # per unit: 32 g / 2
    (PEANUT_BUTTER, 1, "Tablespoon", 16, "portion", "2 tbsp"),
    (PEANUT_BUTTER, 1, "T", 16, "portion", "2 tbsp"),
    (PEANUT_BUTTER, 1, "2 tbsp", 32, "portion", "2 tbsp"),  # a picked label counts whole labels
    (PEANUT_BUTTER, 1, "tsp", 5.375, "volume", "1 cup"),  # cup preferred as the reference
    (PEANUT_BUTTER, 1, "cup", 258, "portion", "1 cup"),
    (PEANUT_BUTTER, 100, "mL", 109.05, "volume", "1 cup"),
    (BANANA, 1, None, 118, "portion", '1 medium (7" to 7-7/8" long)'),
    (BANANA, 2, None, 236, "portion", '1 medium (7" to 7-7/8" long)'),
    (BANANA, 1, "medium", 118, "portion", '1 medium (7" to 7-7/8" long)'),
    (BANANA, 1, "large", 136, "portion", '1 large (8" to 8-7/8" long)'),  # not "extra large"
    (BANANA, 1, "extra large", 152, "portion", '1 extra large (9" or longer)'),
    (BANANA, 1, "small", 101, "portion", '1 small (6" to 6-7/8" long)'),
    (BANANA, 1, "whole", 118, "portion", '1 medium (7" to 7-7/8" long)'),
    (BANANA, 1, "cup", 225, "portion", "1 cup, mashed"),  # tie on length: first by seq
    (AVOCADO, 1, None, 201, "portion", "1 avocado, NS as to Florida or California"),
    (AVOCADO, 0.5, None, 100.5, "portion", "1 avocado, NS as to Florida or California"),
    (AVOCADO, 1, "avocado", 201, "portion", "1 avocado, NS as to Florida or California"),
    (AVOCADO, 1, "cup", 150, "portion", "1 cup, cubes"),
    (EGG, 1, None, 44, "portion", "1 medium"),
    (EGG, 2, "large", 100, "portion", "1 large"),
    (EGG, 1, "egg", 44, "portion", "1 medium"),  # the food's own noun = its natural item
    (EGG, 1, "cup", 243, "portion", "1 cup (4.86 large eggs)"),
    (BREAD, 1, "slice", 28, "portion", "1 medium or regular slice"),  # not "slice, snack-size"
    (BREAD, 2, "slices", 56, "portion", "1 medium or regular slice"),
    (BREAD, 1, "large slice", 43, "portion", "1 large or thick slice"),
    (BREAD, 1, "thick slice", 43, "portion", "1 large or thick slice"),
    (BREAD, 1, None, 28, "portion", "1 medium or regular slice"),
    (BREAD, 1, "Quantity not specified", 28, "portion", "Quantity not specified"),
    (FNDDS_AVOCADO, 1, None, 150, "portion", "1 fruit"),
    (FNDDS_AVOCADO, 2, "slices", 30, "portion", "1 slice"),
    (FNDDS_ALMONDS, 23, None, 27.6, "portion", "1 nut"),
    (FNDDS_BANANA, 1, None, 126, "portion", "1 banana"),
    (FNDDS_BANANA, 1, "medium", 126, "portion", "1 banana"),  # no sizes: the unsized item
    (FNDDS_BANANA, 1, "large", 126, "portion", "1 banana"),
    (FNDDS_BANANA, 3, "slices", 18, "portion", "1 slice"),
    (FNDDS_PEANUT_BUTTER, 2, "tablespoons", 32, "portion", "1 tablespoon"),
    (FNDDS_PEANUT_BUTTER, 1, "cup", 256, "volume", "1 tablespoon"),  # not "per cup of cereal"
    (FNDDS_PEANUT_BUTTER, 3, "tsp", 16, "volume", "1 tablespoon"),
    (MILK, 1, "cup", 244, "portion", "1 cup"),
    (MILK, 8, "fl oz", 244, "portion", "1 fl oz"),
    (MILK, 250, "ml", 257.832, "volume", "1 cup"),
    (MILK, 1, "L", 1031.33, "volume", "1 cup"),
    (CIQUAL, 150, "g", 150, "mass", None),
    (CIQUAL, 0.5, "lb", 226.796, "mass", None),
    (CIQUAL, 500, "mg", 0.5, "mass", None),
    (CIQUAL, 1.2, "kg", 1200, "mass", None),
]


@pytest.mark.parametrize(
    ("item", "amount", "unit", "grams", "basis", "label"),
    CASES,
    ids=[f"{c[0].description[:14]}-{c[1]}-{c[2]}" for c in CASES],
)
def test_resolve_grams(
    item: Food, amount: float, unit: str | None, grams: float, basis: str, label: str | None
) -> None:
    result = resolve_grams(item, amount, unit)
    assert result.grams == pytest.approx(grams, abs=1e-9)
    assert result.basis == basis
    assert result.portion_label == label
    assert result.amount == amount
    assert f"{grams:.6g} g" in result.explanation


def test_resolution_is_frozen_and_explains_itself() -> None:
    result = resolve_grams(SPINACH, 1, "cup")
    assert result == PortionResolution(30.0, 1.0, "cup", "1 cup", "portion", "1 cup = 30 g")
    with pytest.raises(AttributeError):
        result.grams = 1  # type: ignore[misc]
    assert resolve_grams(PEANUT_BUTTER, 3, "tbsp").explanation == (
        "3 tbsp = 48 g (from 2 tbsp = 32 g)"
    )
    assert resolve_grams(ALMONDS, 2, "oz").explanation == "2 oz = 56.699 g"
    assert resolve_grams(SPINACH, 2, "tbsp").explanation == (
        "2 tbsp = 0.125 cup (from 1 cup = 30 g) = 3.75 g"
    )


def test_a_size_the_food_does_not_publish_says_what_was_used() -> None:
    result = resolve_grams(FNDDS_BANANA, 2, "large")
    assert result.explanation == (
        "2 × 1 banana (126 g) = 252 g (no sizes published: 'large' taken as 1 banana)"
    )
    assert "no sizes" not in resolve_grams(FNDDS_BANANA, 2, None).explanation


def test_stored_unit_re_resolves_to_the_same_grams() -> None:
    """The intake service stores ``unit`` and resolves it again when an entry is edited."""
    for item, amount, unit, *_ in CASES:
        first = resolve_grams(item, amount, unit)
        again = resolve_grams(item, first.amount, first.unit)
        assert (again.grams, again.portion_label) == (first.grams, first.portion_label)
    assert resolve_grams(SPINACH, 2, "Cups").unit == "cup"
    assert resolve_grams(BREAD, 2, "slices").unit == "slice"
    assert resolve_grams(BANANA, 2, None).unit is None


@pytest.mark.parametrize(
    ("item", "unit", "named"),
    [
        (SPINACH, None, "no single item"),
        (SPINACH, "pinch", "pinch"),  # pico-inch in pint; here simply not a portion
        (SPINACH, "medium", "medium"),
        (SPINACH, "handful", "handful"),
        (PEANUT_BUTTER, None, "no single item"),
        (PEANUT_BUTTER, "slice", "slice"),  # "Guideline amount per slice…" rows never match
        (FNDDS_PEANUT_BUTTER, "slice", "slice"),
        (EGG, "slice", "slice"),
        (CIQUAL, "cup", "cup"),
        (CIQUAL, None, "no single item"),
        (MILK, "glass", "glass"),
        (BANANA, "jumbo", "jumbo"),  # sizes are published, just not this one
    ],
)
def test_unknown_units_list_the_food_portions(item: Food, unit: str | None, named: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        resolve_grams(item, 1, unit)
    error = caught.value
    assert error.field == "unit"
    assert named in error.message
    assert error.hint is not None and "g, kg, oz, lb" in error.hint
    expected = [p.label for p in item.portions if p.grams > 0]
    assert error.details["portions"] == expected
    for portion in item.portions:
        assert f"{portion.label} ({portion.grams:g} g)" in error.hint


@pytest.mark.parametrize("amount", [0, -1, -0.5, float("nan"), float("inf"), True])
def test_amount_must_be_a_positive_number(amount: float) -> None:
    with pytest.raises(InvalidInput) as caught:
        resolve_grams(SPINACH, amount, "cup")
    assert caught.value.field == "amount"


@pytest.mark.parametrize(
    ("item", "amount", "unit"),
    [(PEANUT_BUTTER, 20, "cup"), (SPINACH, 5.001, "kg"), (ALMONDS, 5000, "almond"), (MILK, 6, "L")],
)
def test_more_than_5_kg_in_one_entry_is_refused(item: Food, amount: float, unit: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        resolve_grams(item, amount, unit)
    assert caught.value.field == "amount"
    assert "at most 5 kg of one food per entry" in caught.value.message


def test_exactly_5_kg_is_allowed() -> None:
    assert MAX_GRAMS_PER_ENTRY == 5000
    assert resolve_grams(CIQUAL, 5, "kg").grams == 5000


def test_portion_choices_are_weighed_labels_in_source_order() -> None:
    assert portion_choices(SPINACH) == ["1 cup", "1 bunch", "1 leaf", "1 package (10 oz)"]
    assert portion_choices(BREAD)[-1] == "Quantity not specified"
    zero = food("usda_fndds:1", "Water", (1, "cup", 237), (None, "Quantity not specified", 0))
    assert portion_choices(zero) == ["1 cup"]
    assert portion_choices(CIQUAL) == []
    for label in portion_choices(ALMONDS):
        assert resolve_grams(ALMONDS, 1, label).portion_label == label


def test_label_from_unit_text_when_unit_text_is_missing() -> None:
    bare = Food("x:1", "x", "Nuts, almonds", None, {}, (Portion("2 tbsp", 18.0, 2.0),))
    assert resolve_grams(bare, 1, "tbsp").grams == 9


SCALABLE = [
    (SPINACH, "cup"),
    (SPINACH, "tbsp"),
    (SPINACH, "g"),
    (ALMONDS, "oz"),
    (ALMONDS, None),
    (PEANUT_BUTTER, "tbsp"),
    (BANANA, "large"),
    (MILK, "mL"),
    (BREAD, "slice"),
]


@given(
    st.sampled_from(SCALABLE),
    st.floats(min_value=0.01, max_value=3),
    st.floats(min_value=0.1, max_value=10),
)
def test_grams_scale_linearly_with_amount(
    case: tuple[Food, str | None], amount: float, factor: float
) -> None:
    item, unit = case
    one = resolve_grams(item, amount, unit).grams
    scaled = resolve_grams(item, amount * factor, unit).grams
    # Both results are rounded to 6 significant digits.
    assert scaled == pytest.approx(one * factor, rel=2e-5)


def _shipped_sr28_foods() -> dict[str, Food]:
    rows: dict[str, list[dict[str, str]]] = defaultdict(list)
    source = resources.files("magnerve.knowledge.foods").joinpath("portions.csv.gz")
    with source.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8", newline="") as text:
        for row in csv.DictReader(text):
            if row["source"] == "usda_sr28":
                rows[row["source_id"]].append(row)
    return {
        source_id: Food(
            f"usda_sr28:{source_id}",
            "usda_sr28",
            "Food",
            None,
            {},
            tuple(
                Portion(
                    r["label"],
                    float(r["gram_weight"]),
                    float(r["amount"]) if r["amount"] else None,
                    r["description"],
                )
                for r in sorted(food_rows, key=lambda r: int(r["seq"]))
            ),
        )
        for source_id, food_rows in rows.items()
    }


def test_every_sr28_cup_resolves_to_its_published_grams() -> None:
    checked = 0
    for item in _shipped_sr28_foods().values():
        cups = [
            p for p in item.portions if p.unit_text.split(",")[0].split("(")[0].strip() == "cup"
        ]
        if not cups:
            continue
        result = resolve_grams(item, 1, "cup")
        chosen = next(p for p in cups if p.label == result.portion_label)
        exact = [p for p in cups if p.unit_text == "cup"]
        if exact:  # a bare "cup" wins, and "1 cup" over "0.5 cup"
            assert chosen is next((p for p in exact if p.amount == 1), exact[0])
        assert result.basis == "portion"
        assert result.grams == round_significant(chosen.grams / (chosen.amount or 1))
        if chosen.amount == 1:
            assert result.grams == chosen.grams  # exactly the published number
        checked += 1
    assert checked > 2500


@given(st.sampled_from([SPINACH, BANANA, BREAD, MILK, CIQUAL]), st.text(max_size=30))
def test_any_unit_text_resolves_or_raises_invalid_input(item: Food, unit: str) -> None:
    try:
        result = resolve_grams(item, 1, unit)
    except InvalidInput as error:
        assert error.field == "unit"
    else:
        assert 0 < result.grams <= MAX_GRAMS_PER_ENTRY
