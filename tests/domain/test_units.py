"""Unit words, the whitelisted pint registry and mass/volume conversion."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest
from hypothesis import given
from hypothesis import strategies as st

from magnerve.domain import units
from magnerve.errors import InvalidInput


@pytest.mark.parametrize(
    ("word", "canonical"),
    [
        ("cups", "cup"),
        ("Cup", "cup"),
        ("c", "cup"),
        ("C", "cup"),
        ("cupful", "cup"),
        ("tablespoons", "tbsp"),
        ("Tablespoon", "tbsp"),
        ("tbsp", "tbsp"),
        ("Tbsp.", "tbsp"),
        ("tbs", "tbsp"),
        ("T", "tbsp"),
        ("teaspoon", "tsp"),
        ("tsp", "tsp"),
        ("t", "tsp"),
        ("grams", "g"),
        ("gr", "g"),
        ("g", "g"),
        ("gram", "g"),
        ("ounces", "oz"),
        ("oz", "oz"),
        ("oz.", "oz"),
        ("lbs", "lb"),
        ("pounds", "lb"),
        ("lb", "lb"),
        ("kilograms", "kg"),
        ("kg", "kg"),
        ("kilo", "kg"),
        ("milligrams", "mg"),
        ("mg", "mg"),
        ("ml", "mL"),
        ("mL", "mL"),
        ("ML", "mL"),
        ("millilitres", "mL"),
        ("milliliters", "mL"),
        ("l", "L"),
        ("L", "L"),
        ("litre", "L"),
        ("liters", "L"),
        ("fl oz", "fl oz"),
        ("fl. oz.", "fl oz"),
        ("fl.oz", "fl oz"),
        ("floz", "fl oz"),
        ("fluid ounces", "fl oz"),
        ("  Fl  Oz ", "fl oz"),
    ],
)
def test_unit_words_normalise_to_canonical(word: str, canonical: str) -> None:
    assert units.canonical_unit(word) == canonical


@pytest.mark.parametrize(
    "word",
    # pinch is pico-inch in pint's default registry; the rest are household words or nonsense.
    ["pinch", "handful", "dash", "slice", "medium", "inch", "meter", "G", "x", "", "grapes", "tea"],
)
def test_words_that_are_not_measures(word: str) -> None:
    assert units.canonical_unit(word) is None
    assert units.unit_kind(word) is None


def test_unit_kinds() -> None:
    assert [units.unit_kind(u) for u in units.MASS_UNITS] == ["mass"] * 5
    assert [units.unit_kind(u) for u in units.VOLUME_UNITS] == ["volume"] * 6
    assert units.is_mass_unit("ounces") and not units.is_mass_unit("fl oz")
    assert units.is_volume_unit("fluid ounce") and not units.is_volume_unit("oz")


@pytest.mark.parametrize(
    ("word", "household"),
    [("slices", "slice"), ("Leaves", "leaf"), ("medium", "medium"), ("extra-large", "extra large")],
)
def test_household_words(word: str, household: str) -> None:
    assert units.household_word(word) == household


def test_household_word_rejects_food_names_and_measures() -> None:
    assert units.household_word("banana") is None
    assert units.household_word("cup") is None


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("cookies", "cookie", True),
        ("berries", "berry", True),
        ("leaves", "leaf", True),
        ("tomatoes", "tomato", True),
        ("Slice", "slices", True),
        ("glass", "glas", False),
        ("slice", "spice", False),
    ],
)
def test_same_word_is_plural_tolerant(a: str, b: str, same: bool) -> None:
    assert units.same_word(a, b) is same


# --- the registry: our own file, a whitelist ----------------------------------------------------


def test_registry_is_built_once() -> None:
    assert units.registry() is units.registry()


@pytest.mark.parametrize(
    "name", ["pinch", "inch", "meter", "second", "cup_metric", "tesla", "dash"]
)
def test_registry_defines_nothing_outside_the_whitelist(name: str) -> None:
    import pint

    with pytest.raises(pint.UndefinedUnitError):
        units.registry().Unit(name)


def test_cup_is_the_us_customary_cup() -> None:
    # USDA household measures use the US customary cup (8 US fl oz = 236.5882365 mL), not the
    # 240 mL nutrition-label cup or the 250 mL metric cup: a wrong cup is a silent 1.5–6 % error.
    assert units.to_millilitres(1, "cup") == 236.588
    assert units.convert(1, "cup", "mL") == 236.5882365
    assert units.convert(1, "cup", "tbsp") == 16
    assert units.convert(1, "tbsp", "tsp") == 3
    assert units.convert(1, "fl oz", "mL") == 29.5735295625


def test_ounce_is_avoirdupois() -> None:
    assert units.to_grams(1, "oz") == 28.3495
    assert units.convert(1, "oz", "g") == 28.349523125
    assert units.to_grams(1, "lb") == 453.592
    assert units.convert(1, "lb", "oz") == 16


@pytest.mark.parametrize(
    ("amount", "unit", "grams"),
    [(250, "mg", 0.25), (30, "g", 30.0), (1.5, "kg", 1500.0), (2, "ounces", 56.699)],
)
def test_to_grams(amount: float, unit: str, grams: float) -> None:
    assert units.to_grams(amount, unit) == grams


def test_float_noise_is_rounded_away() -> None:
    # Raw pint gives 4.928921593749999 mL for a teaspoon.
    raw = units.registry().Quantity(1, "teaspoon").to("millilitre").magnitude
    assert raw != 4.92892159375
    assert units.convert(1, "tsp", "mL") == 4.92892159375
    assert units.to_grams(0.1 + 0.2, "g") == 0.3


def test_volume_ratio() -> None:
    assert units.volume_ratio("tbsp", "cup") == 0.0625
    assert units.volume_ratio("cup", "tsp") == 48
    assert units.volume_ratio("L", "mL") == 1000


@pytest.mark.parametrize(
    ("call", "args"),
    [
        (units.to_grams, (1, "cup")),
        (units.to_grams, (1, "pinch")),
        (units.to_millilitres, (1, "g")),
        (units.volume_ratio, ("cup", "g")),
        (units.convert, (1, "g", "mL")),
        (units.convert, (1, "handful", "g")),
    ],
)
def test_bad_conversions_name_the_unit_field(call: object, args: tuple[object, ...]) -> None:
    with pytest.raises(InvalidInput) as caught:
        call(*args)  # type: ignore[operator]
    assert caught.value.field == "unit"
    assert caught.value.hint


@pytest.mark.parametrize(
    ("value", "digits", "rounded"),
    [
        (28.349523125, 6, 28.3495),
        (0.000123456789, 3, 0.000123),
        (0.0, 6, 0.0),
        (-1234.5678, 2, -1200),
    ],
)
def test_round_significant(value: float, digits: int, rounded: float) -> None:
    assert units.round_significant(value, digits) == rounded


positive = st.floats(min_value=1e-6, max_value=1e6, allow_nan=False, allow_infinity=False)


@given(positive, st.sampled_from(units.MASS_UNITS), st.sampled_from(units.MASS_UNITS))
def test_mass_conversions_round_trip(value: float, a: str, b: str) -> None:
    there = units.convert(value, a, b)
    assert units.convert(there, b, a) == pytest.approx(value, rel=1e-9)


@given(positive, st.sampled_from(units.VOLUME_UNITS), st.sampled_from(units.VOLUME_UNITS))
def test_volume_conversions_round_trip(value: float, a: str, b: str) -> None:
    there = units.convert(value, a, b)
    assert units.convert(there, b, a) == pytest.approx(value, rel=1e-9)


@given(positive, st.sampled_from(units.MASS_UNITS))
def test_to_grams_is_six_significant_digits_of_the_exact_value(value: float, unit: str) -> None:
    exact = value * {"mg": 1e-3, "g": 1, "kg": 1e3, "oz": 28.349523125, "lb": 453.59237}[unit]
    assert units.to_grams(value, unit) == pytest.approx(exact, rel=5e-6)


def test_importing_the_text_modules_does_not_import_pint_or_infrastructure() -> None:
    code = textwrap.dedent(
        """
        import sys
        import magnerve.domain.quantity, magnerve.domain.portions, magnerve.domain.units
        bad = {"pint", "sqlalchemy", "typer", "fastapi", "httpx"} & set(sys.modules)
        assert not bad, bad
        """
    )
    subprocess.run([sys.executable, "-c", code], check=True)
