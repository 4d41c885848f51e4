"""The medicines a person has listed. Recognition (brand, generic, misspelling) lives in
``medications.py``; this is the person's own list as stored."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class MedicationEntry:
    id: int
    input: str
    ingredients: tuple[str, ...]
    classes: tuple[str, ...]
    recognized: bool
    times: tuple[str, ...] = ()
    started_on: date | None = None
    stopped_on: date | None = None

    def active_on(self, day: date) -> bool:
        started = self.started_on is None or self.started_on <= day
        not_stopped = self.stopped_on is None or day <= self.stopped_on
        return started and not_stopped
