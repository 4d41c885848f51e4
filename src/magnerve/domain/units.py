"""Unit words and measure conversion.

Two kinds of unit word reach the food log:

* **Measures** (mass and volume): ``mg g kg oz lb`` and ``mL L tsp tbsp cup fl oz``. Everything a
  person may type for them ("cups", "Tbsp", "T", "grams", "fl. oz") is mapped to one canonical
  word by :func:`canonical_unit`. Conversions go through pint with magnerve's own definitions file
  (``units.txt`` beside this module), never pint's default registry: there ``pinch`` is pico-inch
  and thousands of other words would be accepted silently. The registry is built on first use and
  cached; pint is imported only then, so importing this module stays cheap.
* **Household words** ("slice", "medium", "leaf", "avocado"): these only mean something for a
  given food, through its published portions (:mod:`magnerve.domain.portions`). Here we only
  recognise the common ones (:func:`household_word`) and compare words plural-tolerantly
  (:func:`same_word`).

Single letters are case-sensitive, as in recipes: ``T`` is a tablespoon, ``t`` a teaspoon; ``c``
is a cup, ``g`` a gram, ``l``/``L`` a litre. ``gr`` is read as gram (never the apothecary grain).
All volumes are US customary (the cup is 236.5882365 mL), matching the USDA household measures.
"""

from __future__ import annotations

import math
import re
from functools import cache
from typing import Any, Literal

from magnerve.errors import InvalidInput

UnitKind = Literal["mass", "volume"]

#: Canonical mass words, smallest first.
MASS_UNITS: tuple[str, ...] = ("mg", "g", "kg", "oz", "lb")
#: Canonical volume words, smallest first.
VOLUME_UNITS: tuple[str, ...] = ("tsp", "tbsp", "fl oz", "cup", "mL", "L")

#: Canonical word → name in ``units.txt``.
_PINT_NAMES: dict[str, str] = {
    "mg": "milligram",
    "g": "gram",
    "kg": "kilogram",
    "oz": "ounce",
    "lb": "pound",
    "mL": "millilitre",
    "L": "litre",
    "tsp": "teaspoon",
    "tbsp": "tablespoon",
    "fl oz": "fluid_ounce",
    "cup": "cup",
}

_SPELLINGS: dict[str, tuple[str, ...]] = {
    "mg": ("mg", "mgs", "milligram", "milligrams", "milligramme", "milligrammes"),
    "g": ("g", "gr", "grs", "gm", "gms", "grm", "gram", "grams", "gramme", "grammes"),
    "kg": ("kg", "kgs", "kilo", "kilos", "kilogram", "kilograms", "kilogramme", "kilogrammes"),
    "oz": ("oz", "ozs", "ounce", "ounces"),
    "lb": ("lb", "lbs", "pound", "pounds"),
    "mL": ("ml", "mls", "millilitre", "millilitres", "milliliter", "milliliters"),
    "L": ("ltr", "ltrs", "litre", "litres", "liter", "liters"),
    "tsp": ("tsp", "tsps", "tspn", "teaspoon", "teaspoons", "teaspoonful", "teaspoonfuls"),
    "tbsp": (
        "tbsp",
        "tbsps",
        "tbs",
        "tbl",
        "tbls",
        "tblsp",
        "tablespoon",
        "tablespoons",
        "tablespoonful",
        "tablespoonfuls",
    ),
    "cup": ("cup", "cups", "cupful", "cupfuls"),
    "fl oz": ("fl oz", "fl ozs", "floz", "fluid ounce", "fluid ounces", "fluid oz"),
}
_ALIASES: dict[str, str] = {
    spelling: canonical for canonical, spellings in _SPELLINGS.items() for spelling in spellings
}
#: One-letter abbreviations, matched case-sensitively.
_LETTERS: dict[str, str] = {"T": "tbsp", "t": "tsp", "c": "cup", "C": "cup", "g": "g"}
_LETTERS |= {"l": "L", "L": "L"}

#: Household words we recognise in free text (singular). Sizes come first in descriptions
#: ("1 medium (7" to 7-7/8" long)"); the rest name a piece or a container.
SIZE_WORDS: tuple[str, ...] = (
    "extra small",
    "small",
    "medium",
    "large",
    "extra large",
    "jumbo",
)
PIECE_WORDS: tuple[str, ...] = (
    "slice",
    "piece",
    "serving",
    "portion",
    "leaf",
    "bunch",
    "head",
    "stalk",
    "spear",
    "sprig",
    "clove",
    "wedge",
    "strip",
    "fillet",
    "patty",
    "link",
    "ear",
    "cube",
    "pat",
    "stick",
    "bar",
    "scoop",
    "handful",
    "pinch",
    "dash",
    "can",
    "jar",
    "bottle",
    "glass",
    "bowl",
    "packet",
    "package",
    "container",
    "carton",
    "pouch",
    "bag",
    "box",
    "shot",
    "each",
    "item",
)
HOUSEHOLD_WORDS: frozenset[str] = frozenset(SIZE_WORDS + PIECE_WORDS)


def _squash(text: str) -> str:
    """Lower-case, dots and hyphens to spaces, single spaces: "Fl. Oz." → "fl oz"."""
    return " ".join(re.sub(r"[.\-]", " ", text.lower()).split())


def canonical_unit(word: str) -> str | None:
    """The canonical measure word for ``word`` ("Tablespoons" → "tbsp"), or ``None``.

    ``None`` means "not a measure we accept": household words ("slice"), pint's surprises
    ("pinch") and anything else.
    """
    stripped = word.strip().rstrip(".").strip()
    if len(stripped) == 1:
        return _LETTERS.get(stripped)
    return _ALIASES.get(_squash(stripped))


def unit_kind(unit: str) -> UnitKind | None:
    """ "mass", "volume" or ``None`` for any unit word (canonical or not)."""
    canonical = canonical_unit(unit)
    if canonical in MASS_UNITS:
        return "mass"
    if canonical in VOLUME_UNITS:
        return "volume"
    return None


def is_mass_unit(unit: str) -> bool:
    return unit_kind(unit) == "mass"


def is_volume_unit(unit: str) -> bool:
    return unit_kind(unit) == "volume"


def word_forms(word: str) -> frozenset[str]:
    """The word and its possible singulars ("leaves" → leave, leaf; "berries" → berry)."""
    w = word.strip().lower()
    forms = {w}
    if len(w) > 2 and w.endswith("s") and not w.endswith("ss"):
        forms.add(w[:-1])
        if w.endswith("es"):
            forms.add(w[:-2])
        if w.endswith("ies"):
            forms.add(w[:-3] + "y")
        if w.endswith("ves"):
            forms.update((w[:-3] + "f", w[:-3] + "fe"))
    return frozenset(forms)


def same_word(a: str, b: str) -> bool:
    """True when two words are the same up to case and a plural ending."""
    return bool(word_forms(a) & word_forms(b))


def household_word(word: str) -> str | None:
    """The singular household word for ``word`` ("Slices" → "slice"), or ``None``."""
    squashed = _squash(word)
    if squashed in HOUSEHOLD_WORDS:
        return squashed
    for form in word_forms(squashed):
        if form in HOUSEHOLD_WORDS:
            return form
    return None


def round_significant(value: float, digits: int = 6) -> float:
    """``value`` rounded to ``digits`` significant digits (0, inf and nan pass through)."""
    if value == 0 or not math.isfinite(value):
        return value
    return round(value, digits - 1 - math.floor(math.log10(abs(value))))


@cache
def registry() -> Any:
    """magnerve's pint ``UnitRegistry``, built once from ``units.txt`` (pint is imported here)."""
    from importlib import resources

    import pint

    source = resources.files("magnerve.domain").joinpath("units.txt")
    with resources.as_file(source) as path:
        return pint.UnitRegistry(str(path), cache_folder=None)


def _require(unit: str, kind: UnitKind | None = None) -> str:
    canonical = canonical_unit(unit)
    if canonical is None or (kind is not None and unit_kind(canonical) != kind):
        allowed = (
            MASS_UNITS if kind == "mass" else VOLUME_UNITS if kind else MASS_UNITS + VOLUME_UNITS
        )
        raise InvalidInput(
            f"'{unit}' is not a {kind or 'mass or volume'} unit we know.",
            field="unit",
            hint="Use one of: " + ", ".join(allowed) + ".",
        )
    return canonical


def convert(amount: float, from_unit: str, to_unit: str) -> float:
    """``amount`` of ``from_unit`` expressed in ``to_unit``, both mass or both volume.

    The result is rounded to 12 significant digits: that removes binary float noise
    (4.928921593749999 → 4.92892159375) yet keeps round trips exact to about 1e-11.
    Mass never converts to volume here (that needs a density): it raises ``InvalidInput``.
    """
    source = _require(from_unit)
    target = _require(to_unit)
    if unit_kind(source) != unit_kind(target):
        raise InvalidInput(
            f"Cannot convert {source} to {target}: one is a mass, the other a volume.",
            field="unit",
            hint="Use a weight (g, oz) or one of the food's household measures.",
        )
    if source == target:
        return float(amount)
    quantity = registry().Quantity(float(amount), _PINT_NAMES[source])
    return round_significant(float(quantity.to(_PINT_NAMES[target]).magnitude), 12)


def to_grams(amount: float, mass_unit: str) -> float:
    """Grams in ``amount`` of a mass unit, to 6 significant digits (1 oz → 28.3495)."""
    return round_significant(convert(amount, _require(mass_unit, "mass"), "g"))


def to_millilitres(amount: float, volume_unit: str) -> float:
    """Millilitres in ``amount`` of a volume unit, to 6 significant digits (1 cup → 236.588)."""
    return round_significant(convert(amount, _require(volume_unit, "volume"), "mL"))


def volume_ratio(from_unit: str, to_unit: str) -> float:
    """How many ``to_unit`` make one ``from_unit`` (tbsp → cup: 0.0625)."""
    return convert(1.0, _require(from_unit, "volume"), _require(to_unit, "volume"))
