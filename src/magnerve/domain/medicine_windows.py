"""Medicine windows: when a medicine rules out magnesium, and which medicines to blame. Pure.

A window keeps magnesium out of the ``mg_before_drug_h`` hours before each dose of a medicine and
the ``mg_after_drug_h`` hours after it. Exactly at the edge is allowed (magnesium 6 h before a
6-hour window is fine); the medicine's own time is blocked whenever either window is above zero.
Medicines are taken at the same clock times every day, so windows wrap round midnight: a 23:00
dose with a 2-hour "after" window blocks 23:00 to 01:00, and a 01:00 dose with a 6-hour "before"
window blocks from 19:00 the evening before.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from magnerve.domain.dose_times import Candidate, hhmm, max_fit
from magnerve.domain.plan_settings import MINUTES_PER_DAY
from magnerve.domain.times import minutes, parse_time

#: Beyond this many interacting medicines the blocking set is not minimised (all are named).
MAX_SUBSET_SEARCH = 12


@dataclass(frozen=True)
class MedicationTimes:
    """A medicine, the clock times it is taken, and the hours to keep magnesium away from it."""

    name: str
    ingredient: str
    times: tuple[str, ...]
    mg_before_drug_h: float = 0.0
    mg_after_drug_h: float = 0.0


@dataclass(frozen=True)
class Blocker:
    """One ingredient's windows: (dose minute, minutes before, minutes after) for each dose."""

    ingredient: str
    windows: tuple[tuple[int, float, float], ...]
    description: str

    def blocks(self, minute: int) -> bool:
        return any(
            (t - minute) % MINUTES_PER_DAY < before or (minute - t) % MINUTES_PER_DAY < after
            for t, before, after in self.windows
        )


def blocked_by(minute: int, medications: Sequence[MedicationTimes]) -> tuple[str, ...]:
    """The ingredients whose windows rule out magnesium at ``minute``."""
    return tuple(b.ingredient for b in blockers(medications) if b.blocks(minute))


def ingredient_of(med: MedicationTimes) -> str:
    return med.ingredient.strip().lower() or med.name.strip().lower()


def hours_text(value: float) -> str:
    return f"{round(value, 2):g} h"


def and_list(parts: Sequence[str]) -> str:
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"


def _order(med: MedicationTimes) -> tuple[str, tuple[str, ...], float, float]:
    return (med.name, tuple(sorted(med.times)), med.mg_before_drug_h, med.mg_after_drug_h)


def blockers(medications: Sequence[MedicationTimes]) -> tuple[Blocker, ...]:
    """Medicines with a window above zero and at least one time, one blocker per ingredient."""
    grouped: dict[str, list[MedicationTimes]] = {}
    for med in medications:
        if med.times and (med.mg_before_drug_h > 0 or med.mg_after_drug_h > 0):
            grouped.setdefault(ingredient_of(med), []).append(med)
    result = []
    for ingredient in sorted(grouped):
        windows, parts = [], []
        for med in sorted(grouped[ingredient], key=_order):
            times = sorted({minutes(parse_time(t)) for t in med.times})
            before, after = med.mg_before_drug_h * 60, med.mg_after_drug_h * 60
            windows += [(t, before, after) for t in times]
            sides = [
                f"the {hours_text(h)} {side}"
                for h, side in ((med.mg_before_drug_h, "before"), (med.mg_after_drug_h, "after"))
                if h > 0
            ]
            each = "each dose" if len(times) > 1 else "it"
            parts.append(
                f"{ingredient} at {and_list([hhmm(t) for t in times])} "
                f"(no magnesium in {' or '.join(sides)} {each})"
            )
        result.append(Blocker(ingredient, tuple(windows), "; ".join(dict.fromkeys(parts))))
    return tuple(result)


def free_minutes(candidates: Sequence[Candidate], windows: Sequence[Blocker]) -> list[int]:
    """The candidate minutes that none of ``windows`` blocks."""
    return [c.minute for c in candidates if not any(b.blocks(c.minute) for b in windows)]


def culprits(
    candidates: Sequence[Candidate], windows: Sequence[Blocker], placed: int, gap: int
) -> tuple[Blocker, ...]:
    """The smallest set of medicines whose windows alone leave room for only ``placed`` doses
    (empty when the dose gap alone is the limit)."""
    if max_fit(free_minutes(candidates, ()), gap) <= placed:
        return ()
    active = [b for b in windows if any(b.blocks(c.minute) for c in candidates)]
    if len(active) > MAX_SUBSET_SEARCH:
        return tuple(active)
    for size in range(1, len(active) + 1):
        for combo in itertools.combinations(active, size):
            if max_fit(free_minutes(candidates, combo), gap) <= placed:
                return combo
    return tuple(active)  # pragma: no cover - all active blockers always suffice


__all__ = [
    "MAX_SUBSET_SEARCH",
    "Blocker",
    "MedicationTimes",
    "and_list",
    "blocked_by",
    "blockers",
    "culprits",
    "free_minutes",
    "hours_text",
    "ingredient_of",
]
