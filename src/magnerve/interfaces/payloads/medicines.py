"""The medicine list (``med …``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from magnerve.domain.medication_list import MedicationEntry
    from magnerve.domain.medications import Recognition


def medication(entry: MedicationEntry, recognition: Recognition | None = None) -> dict[str, Any]:
    """One medicine; ``med add`` also says how the name was recognised."""
    payload: dict[str, Any] = {
        "id": entry.id,
        "input": entry.input,
        "ingredient": entry.ingredients[0] if entry.ingredients else None,
        "ingredients": list(entry.ingredients),
        "classes": list(entry.classes),
        "recognized": entry.recognized,
        "times": list(entry.times),
        "started_on": entry.started_on.isoformat() if entry.started_on else None,
        "stopped_on": entry.stopped_on.isoformat() if entry.stopped_on else None,
    }
    if recognition is not None:
        payload["matched"] = recognition.matched
        payload["how"] = recognition.how
        payload["note"] = recognition.note
        payload["not_checked"] = list(recognition.not_checked)
        payload["suggestions"] = list(recognition.suggestions)
    return payload
