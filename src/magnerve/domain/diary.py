"""The symptom diary: what a person notes about a day, one value per item. Pure.

Scores are 0–10 and may have decimals (pain is rated like a visual analogue scale, so 6.5 is a
real answer). Overall pain is ``pain``; pain in one place is ``pain-feet``, ``pain-hands`` or
``pain-legs``. Stomach and bowel upset (``gi``) is ``none``, ``mild`` or ``severe``; ``stools``
is a count a day; ``note`` is free text.

Re-logging an item for a day replaces the value the day shows; the earlier value is kept in the
history (storage marks it replaced, it never deletes it).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal, get_args

from magnerve.domain.safety import GI_LEVELS, GiSideEffects
from magnerve.errors import InvalidInput

Site = Literal["feet", "hands", "legs"]
SITES: tuple[Site, ...] = get_args(Site)

#: The 0–10 symptom scores besides pain, as named on the command line.
SymptomScore = Literal["burning", "tingling", "numbness", "cramps", "sleep"]
SYMPTOM_SCORES: tuple[SymptomScore, ...] = get_args(SymptomScore)

DiaryItem = Literal[
    "pain",
    "pain-feet",
    "pain-hands",
    "pain-legs",
    "burning",
    "tingling",
    "numbness",
    "cramps",
    "sleep",
    "gi",
    "stools",
    "note",
]
DIARY_ITEMS: tuple[DiaryItem, ...] = get_args(DiaryItem)

#: Items whose value is a 0–10 score.
SCORE_ITEMS: frozenset[str] = frozenset(
    {"pain", "pain-feet", "pain-hands", "pain-legs", *SYMPTOM_SCORES}
)

#: Plain names for each item, as the diary shows them.
ITEM_LABELS: dict[str, str] = {
    "pain": "Pain overall",
    "pain-feet": "Pain in the feet",
    "pain-hands": "Pain in the hands",
    "pain-legs": "Pain in the legs",
    "burning": "Burning",
    "tingling": "Tingling or pins and needles",
    "numbness": "Numbness",
    "cramps": "Muscle cramps",
    "sleep": "Sleep disturbed by symptoms",
    "gi": "Stomach or bowel upset",
    "stools": "Bowel movements",
    "note": "Note",
}

SCORE_MIN, SCORE_MAX = 0.0, 10.0
#: A stool count above this is taken as a typing mistake (a product rule).
STOOLS_MAX = 30
NOTE_MAX_CHARS = 2000

_SCORE = re.compile(r"^\s*([+-]?(?:\d+(?:\.\d*)?|\.\d+))\s*(?:/\s*10)?\s*$")


def pain_item(site: str | None) -> DiaryItem:
    """``pain`` overall, or ``pain-<site>``; an unknown site raises :class:`InvalidInput`."""
    if site is None:
        return "pain"
    key = site.strip().lower()
    if key not in SITES:
        raise InvalidInput(
            f"'{site}' is not a place magnerve records pain for",
            field="site",
            hint=f"Use one of: {', '.join(SITES)} (or leave it out for pain overall).",
        )
    return f"pain-{key}"  # type: ignore[return-value]


def parse_score(text: str | float, *, field: str) -> float:
    """A 0–10 score from ``7``, ``6.5`` or ``7/10``; anything else raises :class:`InvalidInput`."""
    if isinstance(text, bool):
        raise InvalidInput(f"{field} must be a number from 0 to 10", field=field)
    if isinstance(text, int | float):
        value = float(text)
    else:
        match = _SCORE.match(text)
        if match is None:
            raise InvalidInput(
                f"'{text}' is not a score: {field} must be a number from 0 to 10",
                field=field,
                hint="Use 0 for none and 10 for the worst you can imagine; decimals like 6.5 "
                "are fine.",
            )
        value = float(match.group(1))
    if not math.isfinite(value) or not SCORE_MIN <= value <= SCORE_MAX:
        raise InvalidInput(
            f"{field} must be from 0 to 10, not {text}",
            field=field,
            hint="Use 0 for none and 10 for the worst you can imagine.",
        )
    return round(value, 2)


def parse_gi(text: str) -> GiSideEffects:
    key = text.strip().lower()
    if key not in GI_LEVELS:
        raise InvalidInput(
            f"'{text}' is not a level of stomach or bowel upset",
            field="gi",
            hint=f"Use one of: {', '.join(GI_LEVELS)}.",
        )
    return key


def parse_stools(text: str | int) -> int:
    try:
        value = int(str(text).strip())
    except ValueError:
        value = -1
    if not 0 <= value <= STOOLS_MAX:
        raise InvalidInput(
            f"stools must be a whole number from 0 to {STOOLS_MAX}, not {text}",
            field="stools",
            hint="Count the bowel movements in the day.",
        )
    return value


def parse_note(text: str) -> str:
    note = text.strip()
    if not note:
        raise InvalidInput("the note is empty", field="note", hint="Write a few words.")
    if len(note) > NOTE_MAX_CHARS:
        raise InvalidInput(
            f"the note is {len(note)} characters long; the limit is {NOTE_MAX_CHARS}",
            field="note",
        )
    return note


@dataclass(frozen=True)
class DiaryValue:
    """One value as it is (or was) recorded for a day."""

    id: int
    item: DiaryItem
    day: date
    number: float | None
    text: str | None
    logged_at: datetime
    replaced_at: datetime | None = None

    @property
    def value(self) -> float | str:
        if self.number is not None:
            return int(self.number) if self.item == "stools" else self.number
        assert self.text is not None
        return self.text


@dataclass(frozen=True)
class DiaryEntry:
    """A value to record: ``number`` for scores and stools, ``text`` for GI level and the note."""

    item: DiaryItem
    number: float | None = None
    text: str | None = None


def worst_gi(values: Iterable[DiaryValue]) -> GiSideEffects | None:
    """The worst stomach or bowel upset among the values; ``None`` when none was noted."""
    levels = [v.text for v in values if v.item == "gi" and v.text in GI_LEVELS]
    if not levels:
        return None
    order = {level: rank for rank, level in enumerate(GI_LEVELS)}
    return max(levels, key=order.__getitem__)


def first_day_with_gi(values: Iterable[DiaryValue], *, at_least: GiSideEffects) -> date | None:
    """The earliest day with upset of ``at_least`` this level."""
    order = {level: rank for rank, level in enumerate(GI_LEVELS)}
    days = [
        v.day
        for v in values
        if v.item == "gi" and v.text in order and order[v.text] >= order[at_least]
    ]
    return min(days) if days else None


def pain_by_day(values: Iterable[DiaryValue], *, item: DiaryItem = "pain") -> dict[date, float]:
    """The current value of one pain item per day."""
    return {v.day: v.number for v in values if v.item == item and v.number is not None}
