"""Stored lab results and the latest value of each analyte. Pure."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class LabResult:
    id: int
    analyte: str
    value: float
    unit: str
    canonical_value: float
    canonical_unit: str
    flag: str | None
    local_date: date
    derived_from_id: int | None = None


def latest_by_analyte(results: Iterable[LabResult], *, on_or_before: date) -> dict[str, LabResult]:
    """The newest result of each analyte up to a day (the later id wins on the same day)."""
    latest: dict[str, LabResult] = {}
    for result in results:
        if result.local_date > on_or_before:
            continue
        current = latest.get(result.analyte)
        if current is None or (result.local_date, result.id) > (current.local_date, current.id):
            latest[result.analyte] = result
    return latest
