"""Reading amounts and "amount unit food" text, as people type it.

Pure and cheap to import: no pint here (unit words come from :mod:`magnerve.domain.units`, whose
pint registry is only built when something is converted).

Grammar (case-insensitive except the one-letter units, see ``units``)::

    food_text := [amount] [unit] ["(" restated measure ")"] ["of"] food
    amount    := number [ "and a half" | "and a quarter" ]
               | word [ "and a half" | "and a quarter" ]
               | "half a dozen" | "half a" | "half an" | "a half" | "half"
               | "a quarter" | "quarter" | "a dozen" | "dozen" | "a couple" | "a" | "an"
    number    := 2 | 1.5 | .5 | 1,5 | 3/4 | 1 1/2 | 1-1/2 | ½ | 1½ | 1 ½      (ASCII digits)
    word      := one | two | … | twelve
    unit      := a measure: mg g kg oz lb  mL L tsp tbsp cup fl oz  and their spellings
               | a household word: small medium large extra large … slice piece leaf can …
               | a size then a piece word: "large slice"

Decisions:

* A comma is a decimal mark only before one or two digits ("1,5" = 1.5). "1,000" is refused
  rather than guessed (thousands separator or decimal?). Ranges ("1-2", "2 to 3") are refused:
  we log one amount.
* No amount means 1: "banana" is one banana, "cup of coffee" one cup.
* Without an amount a unit word is only taken when "of" follows it ("slice of bread", "cup of
  coffee"). So "gram flour", "large curd cottage cheese" and "medium banana" stay food names
  (a bare "medium banana" still resolves to a medium one: it is the natural single item).
* A bare count ("2 bananas", "1 avocado") has ``unit=None``: the food's natural single item is
  chosen later from its portions (:func:`magnerve.domain.portions.resolve_grams`).
* A household word with nothing after it is the food ("2 cloves" → food "cloves").
* Number words only reach twelve, so "seven up" reads as 7 × "up"; write "7up" or "7-Up".
* ``unit`` comes back canonical ("cups" → "cup", "Tbsp" → "tbsp", "slices" → "slice").
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass

from magnerve.domain import units
from magnerve.errors import InvalidInput

#: Longest free-text food line we read; longer input is almost certainly pasted by mistake.
MAX_TEXT_LENGTH = 300

AMOUNT_HINT = (
    "Write the amount as a number more than zero: 2, 1.5, 0,5, 3/4, 1 1/2, 1-1/2, ½, 1½, "
    "or a word: a, an, one to twelve, half, half a, a quarter, a dozen."
)
FOOD_HINT = 'Write an amount, a unit and the food, e.g. "1 cup cooked spinach" or "30 g almonds".'

_VULGAR = "½⅓⅔¼¾⅕⅖⅗⅘⅙⅚⅐⅛⅜⅝⅞⅑⅒"
_NUMBER = re.compile(
    rf"""
      (?P<mixed_whole>[0-9]+)(?:[ \t]+|-)(?P<mixed_num>[0-9]+)[ \t]*[/⁄][ \t]*(?P<mixed_den>[0-9]+)
    | (?P<frac_num>[0-9]+)[ \t]*[/⁄][ \t]*(?P<frac_den>[0-9]+)
    | (?P<vulgar_whole>[0-9]+)?(?:[ \t]*|-)(?P<vulgar>[{_VULGAR}])
    | (?P<decimal>[0-9]*\.[0-9]+|[0-9]+,[0-9]{{1,2}}(?![0-9])|[0-9]+\.?)
    """,
    re.VERBOSE,
)
_AFTER_NUMBER_BAD = re.compile(rf"\s*[.,/⁄]?\s*[0-9{_VULGAR}]")
_RANGE = re.compile(rf"\s*(?:-|–|—|to\b|or\b)\s*[0-9{_VULGAR}]", re.IGNORECASE)
_SIGN = re.compile(r"\s*[-−–+]\s*[0-9.,½⅓⅔¼¾⅛]")

_WORD_NUMBERS: dict[str, float] = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
}
#: Word amounts, longest first so "half a dozen" wins over "half a".
_WORD_AMOUNTS: tuple[tuple[str, float], ...] = (
    ("half a dozen", 6.0),
    ("half an", 0.5),
    ("half a", 0.5),
    ("a half", 0.5),
    ("a quarter", 0.25),
    ("a dozen", 12.0),
    ("a couple", 2.0),
    ("half", 0.5),
    ("quarter", 0.25),
    ("dozen", 12.0),
    ("an", 1.0),
    ("a", 1.0),
    *_WORD_NUMBERS.items(),
)
_FRACTION_SUFFIX = re.compile(r"\s+and\s+an?\s+(half|quarter)(?=\s|$)", re.IGNORECASE)
_PUNCTUATION = ".,;:!?"


@dataclass(frozen=True)
class ParsedFoodText:
    """One line of free food text, read: "1 1/2 cups of oatmeal" → 1.5, "cup", "oatmeal".

    ``unit`` is a canonical measure word, a household word, or ``None`` for a bare count.
    ``rest`` is the food words to search for.
    """

    amount: float
    unit: str | None
    rest: str


def _amount_error(text: str, why: str) -> InvalidInput:
    return InvalidInput(f"{why}: '{text.strip()}'.", field="amount", hint=AMOUNT_HINT)


def _checked(value: float, text: str) -> float:
    if not math.isfinite(value):
        raise _amount_error(text, "That amount is not a usable number")
    if value <= 0:
        raise _amount_error(text, "The amount must be more than zero")
    return float(value)


def _number_value(match: re.Match[str]) -> float:
    groups = match.groupdict()
    if groups["mixed_whole"] is not None:
        whole, num, den = (float(groups[k]) for k in ("mixed_whole", "mixed_num", "mixed_den"))
        return whole + (num / den if den else math.inf)
    if groups["frac_num"] is not None:
        num, den = float(groups["frac_num"]), float(groups["frac_den"])
        return num / den if den else math.inf
    if groups["vulgar"] is not None:
        whole = float(groups["vulgar_whole"] or 0)
        return whole + unicodedata.numeric(groups["vulgar"])
    return float(groups["decimal"].replace(",", "."))


def _take_amount(text: str) -> tuple[float | None, str]:
    """Read an amount at the start of ``text``: (amount or None, the text after it)."""
    if _SIGN.match(text):
        raise _amount_error(text, "The amount must be more than zero")
    if re.match(r",[0-9]", text):  # ",5": a comma decimal without its leading zero
        text = "0" + text
    match = _NUMBER.match(text)
    if match:
        after = text[match.end() :]
        if _RANGE.match(after):
            raise _amount_error(text, "Give one amount, not a range")
        if re.match(r",[0-9]{3}", after):
            raise _amount_error(
                text, "Write thousands without a separator (a comma is a decimal mark: 1,5 = 1.5)"
            )
        if _AFTER_NUMBER_BAD.match(after):
            raise _amount_error(text, "Could not read the amount")
        amount = _number_value(match)
    else:
        for words, value in _WORD_AMOUNTS:
            word_match = re.match(rf"{re.escape(words)}(?=\s|$)", text, re.IGNORECASE)
            if word_match:
                amount, after = value, text[word_match.end() :]
                break
        else:
            return None, text
    suffix = _FRACTION_SUFFIX.match(after)
    if suffix:
        amount += 0.5 if suffix.group(1).lower() == "half" else 0.25
        after = after[suffix.end() :]
    return _checked(amount, text), after


def parse_amount(text: str) -> float:
    """The amount in ``text`` ("1 1/2", "½", ",5", "half a"); see the module grammar.

    Raises ``InvalidInput(field="amount")`` for anything else, zero and negatives included.
    """
    cleaned = " ".join(str(text).split())
    if not cleaned:
        raise InvalidInput("Give an amount.", field="amount", hint=AMOUNT_HINT)
    if len(cleaned) > MAX_TEXT_LENGTH:
        raise _amount_error(cleaned[:40] + "…", "That amount is too long to read")
    amount, rest = _take_amount(cleaned)
    if amount is None or rest.strip():
        raise _amount_error(cleaned, "Could not read the amount")
    return amount


def _strip_token(token: str) -> str:
    return token.rstrip(_PUNCTUATION) or token


def _take_unit(words: list[str], had_amount: bool) -> tuple[str | None, int]:
    """Find a unit at the start of ``words``: (unit or None, how many words it used)."""
    for size in (2, 1):
        if len(words) < size:
            continue
        phrase = " ".join(_strip_token(w) for w in words[:size])
        unit = units.canonical_unit(phrase) or units.household_word(phrase)
        if unit is None:
            continue
        if not had_amount:
            # Only "cup of coffee", "slice of bread": keeps "gram flour", "large curd …" whole.
            followed_by_of = len(words) > size and words[size].lower() == "of"
            return (unit, size) if followed_by_of and len(phrase) > 1 else (None, 0)
        if unit in units.SIZE_WORDS and len(words) > size:
            piece = units.household_word(_strip_token(words[size]))
            if piece in units.PIECE_WORDS:
                return f"{unit} {piece}", size + 1
        return unit, size
    return None, 0


def parse_food_text(text: str) -> ParsedFoodText:
    """Read one line such as "1 cup cooked spinach" or "30g almonds" (grammar: module doc).

    Raises ``InvalidInput`` only: ``field="amount"`` for a bad amount, ``field="food"`` when no
    food is named.
    """
    cleaned = " ".join(str(text).split())
    if not cleaned:
        raise InvalidInput("Say what you ate.", field="food", hint=FOOD_HINT)
    if len(cleaned) > MAX_TEXT_LENGTH:
        raise InvalidInput(
            f"That is too long to read ({len(cleaned)} characters; at most {MAX_TEXT_LENGTH}).",
            field="food",
            hint="Log one food per line. " + FOOD_HINT,
        )
    amount, after = _take_amount(cleaned)
    words = after.split()
    unit, used = _take_unit(words, had_amount=amount is not None)
    # "1 cup (240 ml) of milk": a bracket right after the unit restates it; it is not the food.
    rest = re.sub(r"^\([^()]*\)\s*", "", " ".join(words[used:]))
    rest = re.sub(r"^of(\s|$)", "", rest, flags=re.IGNORECASE).strip(_PUNCTUATION + " ")
    if not rest and unit is not None and units.canonical_unit(unit) is None and used == 1:
        # "2 cloves", "1 medium": the household word was the food itself.
        unit, rest = None, words[0].strip(_PUNCTUATION)
    if not rest:
        raise InvalidInput(
            f"Say which food: '{cleaned}' names no food.", field="food", hint=FOOD_HINT
        )
    return ParsedFoodText(amount=1.0 if amount is None else amount, unit=unit, rest=rest)
