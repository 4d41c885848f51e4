"""From an amount and a unit word to grams of one food, using its published household portions.

:func:`resolve_grams` tries, in order:

1. **Mass units** (mg g kg oz lb) convert directly (``basis="mass"``). "oz" is always the
   avoirdupois ounce, even when the food also publishes a "1 oz" portion.
2. **A portion label**, exactly as :func:`portion_choices` lists it ("1 cup, chopped", "2 tbsp"):
   ``amount`` counts whole labels, so 1 × "2 tbsp" is 32 g. This is what a UI picker sends.
3. **The food's portions matched to the unit word** ("cup" → "1 cup, chopped"; "tablespoon" →
   "2 tbsp"; "medium" → '1 medium (7" to 7-7/8" long)'; "slices" → "1 slice"). Words compare
   case-, plural- and abbreviation-tolerantly. ``amount`` counts single units, so 1 tbsp from
   "2 tbsp = 32 g" is 16 g (``basis="portion"``). Ranking, best first: the description is exactly
   the unit word; then a "medium"/"regular" version of it ("medium or regular slice", not "slice,
   snack-size"); then the unit word before a comma or bracket ("cup, chopped"); then leading the
   description ("cup slices"); then anywhere in it ("large or thick slice", household words only).
   Ties go to a label for one unit ("1 cup" over "0.5 cup"), then the shortest label, then the
   source's order.
4. **Another volume measure** of the same food when the unit is a volume but no portion uses it:
   tbsp from "1 cup = 30 g" by the volume ratio (``basis="volume"``; cup preferred, then tbsp,
   tsp, fl oz, mL, L).
5. **No unit** (a bare count: "2 bananas", "1 avocado"): the food's natural single item, in this
   order: a portion named by the food's own noun ("1 almond", "1 egg", "1 avocado, NS as to …"),
   "medium", "whole", "each", "item", "fruit", "nut", "unit", "piece". The same happens for the
   food's own noun as a unit ("egg" for "Egg, whole, raw"), for "whole", "each" and "item" when
   the food has no such portion, and for a size word when the food publishes no sizes at all
   (FNDDS "Banana, raw" has "1 banana", so "medium" means that; the explanation says so).

Anything else raises ``InvalidInput(field="unit")`` naming the unit and listing the food's
portions (``details["portions"]``). Portions without a number ("Quantity not specified",
"Guideline amount per …") are only used when picked by their exact label.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Literal

from magnerve.domain import units
from magnerve.domain.foods import Food, Portion
from magnerve.errors import InvalidInput

#: Most grams of one food in one entry. A plausibility rule of the product (catches "500 cups"
#: and unit slips), not a clinical number.
MAX_GRAMS_PER_ENTRY = 5000.0

Basis = Literal["mass", "portion", "volume"]

#: Words that name "one of the thing" when no unit is given, after the food's own noun.
NATURAL_ITEM_WORDS: tuple[str, ...] = (
    "medium",
    "whole",
    "each",
    "item",
    "fruit",
    "nut",
    "unit",
    "piece",
)
#: Unit words that fall back to the natural item when no portion carries them.
_COUNT_WORDS = frozenset({"whole", "each", "item"})
_TYPICAL_SIZE = frozenset({"medium", "regular"})
_NOT_NOUNS = frozenset(
    [
        "raw",
        "cooked",
        "boiled",
        "baked",
        "fried",
        "roasted",
        "fresh",
        "frozen",
        "canned",
        "dried",
        "drained",
        "plain",
        "with",
        "without",
        "and",
        "or",
        "not",
        "ns",
        "nfs",
        "all",
        "from",
        "made",
        "type",
        "style",
        "salt",
        "added",
        "regular",
    ]
)


@dataclass(frozen=True)
class PortionResolution:
    """How much of a food an entry means, and why.

    ``unit`` is the unit as it should be stored and re-resolved (canonical measure word,
    household word, portion label, or ``None`` for a bare count); ``portion_label`` the portion
    used (``None`` for mass); ``explanation`` a short line for people: "1 cup, chopped = 30 g".
    """

    grams: float
    amount: float
    unit: str | None
    portion_label: str | None
    basis: Basis
    explanation: str


def _fmt(value: float) -> str:
    """Up to 6 significant digits, no trailing zeros: 28.3495, 0.0625, 1.5, 143."""
    return f"{value:.6g}"


def _description(portion: Portion) -> str:
    """The portion's words without its leading number ("1 cup, chopped" → "cup, chopped")."""
    if portion.unit_text.strip():
        return portion.unit_text.strip()
    if portion.amount is None:
        return portion.label.strip()
    return re.sub(r"^\s*[0-9./]+\s*", "", portion.label).strip()


def _token(word: str) -> str:
    if len(word) > 1:
        spaced = word.replace("_", " ")
        return units.canonical_unit(spaced) or units.household_word(spaced) or word
    return word


@lru_cache(maxsize=8192)
def _tokens(text: str) -> tuple[str, ...]:
    """Canonical word tokens: "Tablespoons, fl. oz (Extra-Large)" → tbsp, fl oz, extra large."""
    lowered = text.lower()
    lowered = re.sub(r"\bfl\.?\s*oz\b|\bfluid\s+ounces?\b", "fl_oz", lowered)
    lowered = re.sub(r"\bextra[\s-]+(large|small)\b", r"extra_\1", lowered)
    return tuple(_token(w) for w in re.findall(r"[a-z_]+", lowered))


def _same(a: Sequence[str], b: Sequence[str]) -> bool:
    return len(a) == len(b) and all(
        x == y or units.same_word(x, y) for x, y in zip(a, b, strict=True)
    )


def _contains(haystack: Sequence[str], needles: Sequence[str]) -> bool:
    return all(any(_same((n,), (h,)) for h in haystack) for n in needles)


def _rank(portion: Portion, wanted: tuple[str, ...], *, anywhere: bool) -> float | None:
    """How well a portion's description matches ``wanted`` tokens (lower is better; None: no)."""
    description = _description(portion)
    whole = _tokens(description)
    if _same(whole, wanted):
        return 0.0
    head = _tokens(re.split(r"[,(]", description, maxsplit=1)[0])
    if _same(head, wanted):
        rank = 2.0
    elif _same(head[: len(wanted)], wanted):
        rank = 3.0
    elif anywhere and _contains(head, wanted):
        rank = 4.0
    else:
        return None
    if not set(wanted) & _TYPICAL_SIZE and set(whole) & _TYPICAL_SIZE:
        rank = 1.0  # "medium or regular slice" beats "slice, crust not eaten"
    return rank


def _usable(food: Food) -> list[tuple[int, Portion]]:
    """Portions that can measure a count: a number and a positive weight."""
    return [
        (i, p)
        for i, p in enumerate(food.portions)
        if p.amount is not None and p.amount > 0 and p.grams > 0 and math.isfinite(p.grams)
    ]


def _best(
    food: Food, wanted: tuple[str, ...], *, anywhere: bool, max_rank: float = 4.0
) -> Portion | None:
    ranked = []
    for index, portion in _usable(food):
        rank = _rank(portion, wanted, anywhere=anywhere)
        if rank is not None and rank <= max_rank:
            ranked.append((rank, portion.amount != 1, len(portion.label), index, portion))
    return min(ranked, key=lambda r: r[:4])[4] if ranked else None


def _food_nouns(food: Food) -> list[tuple[str, ...]]:
    """The food's own nouns: "Nuts, almonds" → (nuts, almonds), (nuts,), (almonds,)."""
    segments = [s for s in food.description.split(",")[:2] if s.strip()]
    nouns: list[tuple[str, ...]] = []
    if segments:
        nouns.append(_tokens(segments[0]))
    for segment in segments:
        for word in _tokens(segment):
            if len(word) > 2 and word not in _NOT_NOUNS and (word,) not in nouns:
                nouns.append((word,))
    return [n for n in nouns if n]


def _natural_item(food: Food) -> Portion | None:
    for wanted in [*_food_nouns(food), *((w,) for w in NATURAL_ITEM_WORDS)]:
        portion = _best(food, wanted, anywhere=wanted == ("medium",), max_rank=3.0)
        if portion is not None:
            return portion
    return None


def _volume_reference(food: Food) -> tuple[str, Portion] | None:
    for unit in ("cup", "tbsp", "tsp", "fl oz", "mL", "L"):
        portion = _best(food, (unit,), anywhere=False)
        if portion is not None:
            return unit, portion
    return None


def portion_choices(food: Food) -> list[str]:
    """Labels a UI can offer (source order, no duplicates, weighed ones only).

    Pass a label back as ``unit`` to :func:`resolve_grams`; ``amount`` then counts labels.
    """
    seen: dict[str, None] = {}
    for portion in food.portions:
        if portion.grams > 0 and portion.label.strip():
            seen.setdefault(portion.label.strip(), None)
    return list(seen)


def _unit_error(food: Food, message: str) -> InvalidInput:
    described = [f"{p.label} ({_fmt(p.grams)} g)" for p in food.portions if p.grams > 0]
    masses = ", ".join(units.MASS_UNITS)
    hint = (
        f"Portions of this food: {'; '.join(described)}. Or give a weight: {masses}."
        if described
        else f"This food has no household portions; give a weight: {masses}."
    )
    return InvalidInput(
        message,
        field="unit",
        hint=hint,
        details={"portions": [p.label for p in food.portions if p.grams > 0]},
    )


def _portion_explanation(amount: float, portion: Portion, grams: float, by_label: bool) -> str:
    if not by_label and amount == portion.amount:
        return f"{portion.label} = {_fmt(grams)} g"
    if by_label or portion.amount in (None, 1):
        if amount == 1:
            return f"{portion.label} = {_fmt(grams)} g"
        return f"{_fmt(amount)} × {portion.label} ({_fmt(portion.grams)} g) = {_fmt(grams)} g"
    return (
        f"{_fmt(amount)} {_description(portion)} = {_fmt(grams)} g "
        f"(from {portion.label} = {_fmt(portion.grams)} g)"
    )


def _checked_amount(amount: float) -> float:
    if isinstance(amount, bool) or not isinstance(amount, int | float):
        raise InvalidInput("The amount must be a number.", field="amount")
    if not math.isfinite(amount) or amount <= 0:
        raise InvalidInput(
            f"The amount must be more than zero, not {amount!r}.",
            field="amount",
            hint="Give a positive number such as 1, 1.5 or 0.25.",
        )
    return float(amount)


def _checked_grams(food: Food, amount: float, unit: str | None, grams: float) -> float:
    grams = units.round_significant(grams)
    if grams > MAX_GRAMS_PER_ENTRY:
        shown = f"{_fmt(amount)} {unit}" if unit else _fmt(amount)
        raise InvalidInput(
            f"{shown} of {food.description} is {_fmt(grams)} g; "
            f"at most {_fmt(MAX_GRAMS_PER_ENTRY / 1000)} kg of one food per entry.",
            field="amount",
            hint="Check the amount and unit, or split it into several entries.",
        )
    return grams


def _by_portion(
    food: Food, amount: float, unit: str | None, portion: Portion, *, by_label: bool
) -> PortionResolution:
    per = portion.grams if by_label else portion.grams_per_unit
    grams = _checked_grams(food, amount, unit, amount * per)
    explanation = _portion_explanation(amount, portion, grams, by_label)
    return PortionResolution(grams, amount, unit, portion.label, "portion", explanation)


def _same_text(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def resolve_grams(food: Food, amount: float, unit: str | None) -> PortionResolution:
    """Grams of ``food`` in ``amount`` ``unit`` (see the module docstring for the order).

    Raises ``InvalidInput``: ``field="amount"`` for an amount that is not positive or a result over
    :data:`MAX_GRAMS_PER_ENTRY`; ``field="unit"`` when nothing in the food fits the unit.
    """
    amount = _checked_amount(amount)
    raw = " ".join(unit.split()) if unit is not None else ""
    if not raw:
        return _resolve_item(food, amount, None)

    measure = units.canonical_unit(raw)
    if measure is not None and units.is_mass_unit(measure):
        grams = _checked_grams(food, amount, measure, units.to_grams(amount, measure))
        text = f"{_fmt(amount)} {measure}"
        explanation = text if measure == "g" else f"{text} = {_fmt(grams)} g"
        return PortionResolution(grams, amount, measure, None, "mass", explanation)

    for portion in food.portions:
        if portion.grams > 0 and _same_text(portion.label, raw):
            return _by_portion(food, amount, portion.label, portion, by_label=True)

    word = measure or units.household_word(raw) or raw.lower()
    wanted = (measure,) if measure is not None else _tokens(word)
    if wanted:
        # A measure word buried mid-description describes something else ("per cup of cereal").
        found = _best(food, wanted, anywhere=measure is None)
        if found is not None:
            return _by_portion(food, amount, word, found, by_label=False)

    if measure is not None:
        return _by_volume(food, amount, measure)
    if word in _COUNT_WORDS or any(_same(wanted, noun) for noun in _food_nouns(food)):
        return _resolve_item(food, amount, word)
    if word in units.SIZE_WORDS and not _publishes_sizes(food):
        # "a medium banana", "2 large eggs" where FNDDS only has "1 banana", "1 egg".
        return _resolve_item(food, amount, word, size_note=True)
    raise _unit_error(food, f"{food.description} has no portion called '{raw}'.")


def _by_volume(food: Food, amount: float, measure: str) -> PortionResolution:
    reference = _volume_reference(food)
    if reference is None:
        raise _unit_error(
            food,
            f"{food.description} has no volume measure to convert '{measure}' from.",
        )
    ref_unit, ref = reference
    ratio = units.volume_ratio(measure, ref_unit)
    grams = _checked_grams(food, amount, measure, amount * ratio * ref.grams_per_unit)
    explanation = (
        f"{_fmt(amount)} {measure} = {_fmt(amount * ratio)} {ref_unit} "
        f"(from {ref.label} = {_fmt(ref.grams)} g) = {_fmt(grams)} g"
    )
    return PortionResolution(grams, amount, measure, ref.label, "volume", explanation)


def _publishes_sizes(food: Food) -> bool:
    return any(
        _tokens(_description(p))[:1] and _tokens(_description(p))[0] in units.SIZE_WORDS
        for p in food.portions
    )


def _resolve_item(
    food: Food, amount: float, unit: str | None, *, size_note: bool = False
) -> PortionResolution:
    portion = _natural_item(food)
    if portion is None:
        named = f"no portion called '{unit}' and " if unit else ""
        raise _unit_error(
            food,
            f"{food.description} has {named}no single item to count; "
            "say which portion or a weight.",
        )
    result = _by_portion(food, amount, unit, portion, by_label=False)
    if size_note:
        note = f" (no sizes published: '{unit}' taken as {portion.label})"
        result = replace(result, explanation=result.explanation + note)
    return result
