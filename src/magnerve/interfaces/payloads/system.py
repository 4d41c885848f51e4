"""What this installation is (``about``)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from magnerve.domain.reference import Citation
    from magnerve.services.about import About


def about(info: About, citations: Iterable[Citation] | None = None) -> dict[str, Any]:
    """Versions, food data sources and the disclaimer; every reference when ``citations``."""
    payload: dict[str, Any] = {
        "version": info.version,
        "knowledge_version": info.knowledge_version,
        "food_data_version": info.food_data_version,
        "food_sources": [asdict(s) for s in info.food_sources],
        "disclaimer": info.disclaimer,
    }
    if citations is not None:
        payload["citations"] = [c.model_dump(mode="json") for c in citations]
    return payload
