"""The symptom diary (``log pain``, ``log symptoms``, ``log diary``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from magnerve.interfaces.payloads.common import num

if TYPE_CHECKING:
    from magnerve.domain.diary import DiaryValue
    from magnerve.services.diary import DiaryDay, Recorded


def diary_value(v: DiaryValue) -> dict[str, Any]:
    """One diary value: ``value`` is a number (scores, stools) or a word (``gi``, ``note``)."""
    return {
        "id": v.id,
        "item": v.item,
        "date": v.day.isoformat(),
        "value": v.value if isinstance(v.value, str) else num(v.value),
        "logged_at": v.logged_at.isoformat(),
        "replaced_at": v.replaced_at.isoformat() if v.replaced_at else None,
    }


def recorded(r: Recorded) -> dict[str, Any]:
    """``log pain`` and ``log symptoms``: what was saved and the values it replaced."""
    return {
        "date": r.day.isoformat(),
        "recorded": [diary_value(v) for v in r.saved],
        "replaced": [diary_value(v) for v in r.replaced],
    }


def diary_day(d: DiaryDay) -> dict[str, Any]:
    """``log diary``: the values noted for a day."""
    return {"date": d.day.isoformat(), "values": [diary_value(v) for v in d.values]}
