"""The base of every chart's input: small, frozen, closed pydantic models (no matplotlib here)."""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Callable, Sequence
from datetime import date
from typing import TypeVar

from pydantic import BaseModel, ConfigDict

T = TypeVar("T")


class ChartModel(BaseModel):
    """Frozen, closed, finite: a chart input cannot change under the renderer or carry NaN."""

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)

    def fingerprint(self, kind: str) -> str:
        """A salt for SVG ids: the same input gives the same ids, different charts differ."""
        digest = hashlib.sha256(self.model_dump_json().encode("utf-8")).hexdigest()
        return f"magnerve-{kind}-{digest[:16]}"


def one_per_day(items: Sequence[T], day_of: Callable[[T], date]) -> tuple[T, ...]:
    """Items in date order; two items for the same day are a caller's mistake."""
    ordered = tuple(sorted(items, key=day_of))
    for earlier, later in itertools.pairwise(ordered):
        if day_of(earlier) == day_of(later):
            raise ValueError(f"two values for {day_of(later).isoformat()}: give one per day")
    return ordered
