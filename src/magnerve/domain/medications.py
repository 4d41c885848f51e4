"""Medicines: the class vocabulary, the shipped table, and recognising what people type. Pure.

``knowledge/medications.yaml`` has one entry per active ingredient (lower-case INN) with its
classes, brand names and, where checked, its RxNorm ingredient code. Brands that combine several
ingredients ("Janumet") are listed separately under ``combinations``; partner ingredients that
magnerve does not carry are named there as ``other_ingredients`` and reported as not checked.

:func:`recognize` reads one line of free text ("Lasix 40mg", "metformin 500 mg tablets",
"insulin glargine (Lantus)", "gabapenten") and says which ingredients and classes it names.
It never guesses wildly: a misspelling must be within one or two edits of a name we carry and
start with the same letter, and anything else stays unrecognised (``recognized=False``) so the
caller keeps the text and reports it as not checked. Only empty text is an error.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from pydantic import BaseModel, ConfigDict

from magnerve.domain.medication_table import (
    MEDICATION_CLASSES,
    ClassInfo,
    Combination,
    Found,
    GeneralTerm,
    MagnesiumContent,
    Medication,
    MedicationClass,
    MedicationTable,
    Target,
    magnesium_fraction,
)
from magnerve.domain.medication_text import IGNORABLE, drop_amounts, fold
from magnerve.errors import InvalidInput

__all__ = [
    "MAX_INPUT",
    "MEDICATION_CLASSES",
    "ClassInfo",
    "Combination",
    "GeneralTerm",
    "How",
    "MagnesiumContent",
    "Medication",
    "MedicationClass",
    "MedicationTable",
    "Recognition",
    "classes_of",
    "magnesium_fraction",
    "recognize",
]

How = Literal["generic", "brand", "misspelling", "unrecognized"]
#: Longer input is not one medicine name; it is reported unrecognised, never an error.
MAX_INPUT = 200
#: In a line with several words, a single word is tried as a misspelling only from this length.
_MIN_WORD_FOR_FUZZY = 7


class Recognition(BaseModel):
    """The answer of :func:`recognize`. ``not_checked`` names parts magnerve cannot check
    (a combination's other ingredients, or words it did not recognise next to a known name);
    ``suggestions`` lists near names when a misspelling was too ambiguous to accept."""

    model_config = ConfigDict(frozen=True)

    input: str
    recognized: bool
    ingredients: tuple[str, ...] = ()
    classes: tuple[str, ...] = ()
    matched: str | None = None
    how: How
    note: str
    not_checked: tuple[str, ...] = ()
    suggestions: tuple[str, ...] = ()


def _join(items: Iterable[str]) -> str:
    names = list(items)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def classes_of(ingredients: Iterable[str], table: MedicationTable) -> tuple[str, ...]:
    """The classes of these ingredients, in :data:`MEDICATION_CLASSES` order."""
    return table.classes_of(ingredients)


def recognize(text: str, table: MedicationTable) -> Recognition:
    """What medicine ``text`` names. Raises :class:`InvalidInput` only for empty text."""
    if not text or not text.strip():
        raise InvalidInput(
            "Enter the name of a medicine.",
            field="medication",
            hint="For example: metformin 500 mg, or Lasix.",
        )
    shown = " ".join(text.split())
    if len(shown) > MAX_INPUT:
        return _unrecognized(shown, "This is too long to be one medicine name.", ())
    words = drop_amounts(fold(shown).split())
    found, runs = table.scan(words)
    unknown: list[str] = []
    suggestions: list[str] = []
    if not found:
        for query in dict.fromkeys([" ".join(words), " ".join(_trim(words))]):
            target, near = table.closest(query) if query else (None, ())
            if target is not None:
                return _result(shown, table, [Found(0, target, query)], [])
            suggestions.extend(near)
    for position, run in runs:
        target, near = table.closest(" ".join(run))
        if target is not None:
            found.append(Found(position, target, " ".join(run)))
            continue
        suggestions.extend(near)
        if len(run) == 1:
            unknown.append(run[0])
            continue
        for offset, word in enumerate(run):
            target, near = table.closest(word) if len(word) >= _MIN_WORD_FOR_FUZZY else (None, ())
            if target is not None:
                found.append(Found(position + offset, target, word))
            else:
                unknown.append(word)
                suggestions.extend(near)
    if not found:
        return _unrecognized(shown, "", tuple(dict.fromkeys(suggestions)))
    found.sort(key=lambda item: item.position)
    return _result(shown, table, found, [word for word in unknown if len(word) >= 3])


def _trim(words: list[str]) -> list[str]:
    start, end = 0, len(words)
    while start < end and words[start] in IGNORABLE:
        start += 1
    while end > start and words[end - 1] in IGNORABLE:
        end -= 1
    return words[start:end]


def _unrecognized(shown: str, why: str, suggestions: tuple[str, ...]) -> Recognition:
    parts = [why] if why else []
    if suggestions:
        parts.append(f"Did you mean {_join(suggestions).replace(' and ', ' or ')}?")
    parts.append(
        "magnerve does not recognise this medicine, so it cannot check it against magnesium. "
        "It is kept as you typed it."
    )
    if "magnesium" in fold(shown).split():
        parts.append("If it is a magnesium supplement, add it as a supplement instead.")
    return Recognition(
        input=shown,
        recognized=False,
        how="unrecognized",
        note=" ".join(parts),
        suggestions=suggestions,
    )


def _result(
    shown: str, table: MedicationTable, found: list[Found], unknown: list[str]
) -> Recognition:
    specific = {c for f in found if f.target.kind != "term" for c in f.target.classes}
    found = [f for f in found if f.target.kind != "term" or not f.target.classes <= specific]
    targets = [f.target for f in found]
    ingredients = tuple(dict.fromkeys(i for t in targets for i in t.ingredients))
    present = {c for t in targets for c in t.classes}
    classes = tuple(c for c in MEDICATION_CLASSES if c in present)
    not_checked = tuple(dict.fromkeys([o for t in targets for o in t.not_checked] + unknown))
    plain = [f.target.display for f in found if f.typed is None and _is_plain(f.target)]
    parts = [f"Recognised as {_join(dict.fromkeys(plain))}."] if plain else []
    described: set[Target] = set()
    for item in found:
        target = item.target
        if item.typed is not None:
            parts.append(f'Read "{item.typed}" as {target.display}; please check the spelling.')
        if target not in described and not _is_plain(target):
            parts.append(_describe(target))
        described.add(target)
    if classes:
        parts.append(f"Groups: {', '.join(table.class_info(c).name for c in classes)}.")
    if not_checked:
        parts.append(f"Not checked, because magnerve has no entry for: {', '.join(not_checked)}.")
    misspelled = any(f.typed is not None for f in found)
    first = "misspelling" if misspelled else found[0].target.kind
    return Recognition(
        input=shown,
        recognized=True,
        ingredients=ingredients,
        classes=classes,
        matched=" + ".join(dict.fromkeys(t.display for t in targets)),
        how="generic" if first == "term" else first,
        note=" ".join(parts),
        not_checked=not_checked,
    )


def _is_plain(target: Target) -> bool:
    """A generic name that is itself the ingredient: nothing to explain."""
    return target.kind == "generic" and target.display in target.ingredients


def _describe(target: Target) -> str:
    if target.kind == "term":
        return target.note or ""
    everything = target.ingredients + target.not_checked
    if target.kind == "brand" and len(everything) > 1:
        text = f"{target.display} contains {_join(everything)}."
    elif target.kind == "brand":
        text = f"{target.display} is a brand of {everything[0]}."
    else:
        text = f"{target.display[:1].upper()}{target.display[1:]} is {everything[0]}."
    return f"{text} {target.note}" if target.note else text
