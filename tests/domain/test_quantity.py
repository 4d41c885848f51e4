"""Reading amounts ("1 1/2", "½", "half a") and food lines ("30g almonds")."""

from __future__ import annotations

import math

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from magnerve.domain.quantity import ParsedFoodText, parse_amount, parse_food_text
from magnerve.errors import InvalidInput


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("2", 2.0),
        ("1.5", 1.5),
        (".5", 0.5),
        ("1,5", 1.5),
        (",5", 0.5),
        ("0,25", 0.25),
        ("3/4", 0.75),
        ("3 / 4", 0.75),
        ("1⁄2", 0.5),
        ("½", 0.5),
        ("¼", 0.25),
        ("¾", 0.75),
        ("⅓", 1 / 3),
        ("⅔", 2 / 3),
        ("⅛", 0.125),
        ("1 1/2", 1.5),
        ("1-1/2", 1.5),
        ("1½", 1.5),
        ("1 ½", 1.5),
        ("2¾", 2.75),
        ("a", 1.0),
        ("an", 1.0),
        ("A", 1.0),
        ("one", 1.0),
        ("Two", 2.0),
        ("twelve", 12.0),
        ("half", 0.5),
        ("half a", 0.5),
        ("half an", 0.5),
        ("a half", 0.5),
        ("a quarter", 0.25),
        ("a dozen", 12.0),
        ("half a dozen", 6.0),
        ("one and a half", 1.5),
        ("2 and a quarter", 2.25),
        ("  1.25  ", 1.25),
    ],
)
def test_parse_amount(text: str, amount: float) -> None:
    result = parse_amount(text)
    assert result == pytest.approx(amount, rel=1e-12)
    assert type(result) is float


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "0",
        "0.0",
        "0/4",
        "-1",
        "−2",
        "- 1/2",
        "+1",
        "1/0",
        "abc",
        "some",
        "1,000",
        "1-2",
        "1 to 2",
        "2–3",
        "1.5.2",
        "1e5",
        "inf",
        "nan",
        "1 cup",
        "½½",
        "9" * 400,
        "1" * 301,
    ],
)
def test_parse_amount_rejects(text: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_amount(text)
    assert caught.value.field == "amount"
    assert caught.value.hint and "3/4" in caught.value.hint


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 cup cooked spinach", (1.0, "cup", "cooked spinach")),
        ("30 g almonds", (30.0, "g", "almonds")),
        ("30g almonds", (30.0, "g", "almonds")),
        ("2 tbsp peanut butter", (2.0, "tbsp", "peanut butter")),
        ("2 Tbsp. peanut butter", (2.0, "tbsp", "peanut butter")),
        ("1 T sugar", (1.0, "tbsp", "sugar")),
        ("1 t salt", (1.0, "tsp", "salt")),
        ("a medium banana", (1.0, "medium", "banana")),
        ("1 1/2 cups of oatmeal", (1.5, "cup", "oatmeal")),
        ("1-1/2 cups oatmeal", (1.5, "cup", "oatmeal")),
        ("½ cup rice", (0.5, "cup", "rice")),
        ("1½cups milk", (1.5, "cup", "milk")),
        ("half a cup of rice", (0.5, "cup", "rice")),
        ("one and a half cups milk", (1.5, "cup", "milk")),
        ("banana", (1.0, None, "banana")),
        ("2 bananas", (2.0, None, "bananas")),
        ("1 avocado", (1.0, None, "avocado")),
        ("half an avocado", (0.5, None, "avocado")),
        ("a dozen almonds", (12.0, None, "almonds")),
        ("2 whole eggs", (2.0, None, "whole eggs")),
        ("250ml milk", (250.0, "mL", "milk")),
        ("1 L milk", (1.0, "L", "milk")),
        ("8 fl. oz. orange juice", (8.0, "fl oz", "orange juice")),
        ("1 fluid ounce cream", (1.0, "fl oz", "cream")),
        ("1,5 kg potatoes", (1.5, "kg", "potatoes")),
        ("4 ounces salmon", (4.0, "oz", "salmon")),
        ("1 lb ground beef", (1.0, "lb", "ground beef")),
        ("3 slices bread", (3.0, "slice", "bread")),
        ("2 leaves lettuce", (2.0, "leaf", "lettuce")),
        ("2 large slices of bread", (2.0, "large slice", "bread")),
        ("2 extra-large eggs", (2.0, "extra large", "eggs")),
        ("1 c. milk", (1.0, "cup", "milk")),
        ("a pinch of salt", (1.0, "pinch", "salt")),
        ("cup of coffee", (1.0, "cup", "coffee")),
        ("slice of bread", (1.0, "slice", "bread")),
        # No amount and no "of": the words are the food.
        ("gram flour", (1.0, None, "gram flour")),
        ("large curd cottage cheese", (1.0, None, "large curd cottage cheese")),
        ("whole milk", (1.0, None, "whole milk")),
        ("c of milk", (1.0, None, "c of milk")),
        # A unit word must be a whole word.
        ("30 grapes", (30.0, None, "grapes")),
        ("2 T-bone steaks", (2.0, None, "T-bone steaks")),
        ("A1 sauce", (1.0, None, "A1 sauce")),
        # A household word with nothing after it is the food.
        ("2 cloves", (2.0, None, "cloves")),
        ("  1   cup   spinach.  ", (1.0, "cup", "spinach")),
        ("1 cup (240 ml) milk", (1.0, "cup", "milk")),
        ("1 cup (8 fl oz) of milk", (1.0, "cup", "milk")),
        ("2 Of bananas", (2.0, None, "bananas")),
        ("2 offal", (2.0, None, "offal")),
        ("a couple of eggs", (2.0, None, "eggs")),
        ("1 medium slice of bread", (1.0, "medium slice", "bread")),
        ("seven up", (7.0, None, "up")),  # documented: number words win; "7-Up" is the drink
    ],
)
def test_parse_food_text(text: str, expected: tuple[float, str | None, str]) -> None:
    assert parse_food_text(text) == ParsedFoodText(*expected)


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("", "food"),
        ("30 g", "food"),
        ("1 cup of", "food"),
        ("a", "food"),
        ("x" * 301, "food"),
        ("0 g almonds", "amount"),
        ("-1 cup milk", "amount"),
        ("1-2 cups milk", "amount"),
        ("2 to 3 bananas", "amount"),
        ("1,000 g sugar", "amount"),
        ("1/0 cup milk", "amount"),
    ],
)
def test_parse_food_text_rejects(text: str, field: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_food_text(text)
    assert caught.value.field == field
    assert caught.value.hint


fractions = st.tuples(
    st.integers(min_value=0, max_value=20),
    st.integers(min_value=1, max_value=16),
    st.integers(min_value=2, max_value=16),
).filter(lambda t: t[1] < t[2])


@given(fractions, st.sampled_from(["{w} {n}/{d}", "{w}-{n}/{d}", "{n}/{d}"]))
def test_formatted_fractions_parse_back(parts: tuple[int, int, int], form: str) -> None:
    whole, num, den = parts
    text = form.format(w=whole, n=num, d=den)
    expected = (whole if "{w}" in form else 0) + num / den
    assert parse_amount(text) == pytest.approx(expected, rel=1e-12)


@given(st.decimals(min_value="0.001", max_value="100000", places=3))
def test_formatted_decimals_parse_back(value: object) -> None:
    assert parse_amount(str(value)) == pytest.approx(float(str(value)), rel=1e-12)


@given(st.integers(min_value=0, max_value=50), st.sampled_from("½⅓⅔¼¾⅛⅜⅝⅞"))
def test_vulgar_fractions_parse_back(whole: int, glyph: str) -> None:
    import unicodedata

    text = f"{whole}{glyph}" if whole else glyph
    assert parse_amount(text) == pytest.approx(whole + unicodedata.numeric(glyph), rel=1e-12)


def _check_parsed(parsed: ParsedFoodText) -> None:
    assert math.isfinite(parsed.amount) and parsed.amount > 0
    assert parsed.rest and parsed.rest == parsed.rest.strip()


@given(st.text(max_size=80))
@example("½ of")
@example("1 ½/2 cup")
@example("0,000001 g salt")
@example("İ")
@example("١ cup milk")
def test_parse_food_text_raises_only_invalid_input(text: str) -> None:
    try:
        parsed = parse_food_text(text)
    except InvalidInput as error:
        assert error.field in {"amount", "food"}
    else:
        _check_parsed(parsed)


food_like = st.lists(
    st.sampled_from(
        [
            "1",
            "1/2",
            "½",
            "1½",
            "-",
            "0",
            ",5",
            "a",
            "half",
            "and",
            "of",
            "cup",
            "g",
            "T",
            "slices",
            "large",
            "extra",
            "fl",
            "oz",
            "banana",
            "spinach",
            " ",
            "to",
            "2",
            ".",
            "/",
            "1,000",
        ]
    ),
    max_size=8,
).map(" ".join)


@given(food_like)
def test_food_like_text_raises_only_invalid_input(text: str) -> None:
    try:
        parsed = parse_food_text(text)
    except InvalidInput as error:
        assert error.field in {"amount", "food"}
    else:
        _check_parsed(parsed)
