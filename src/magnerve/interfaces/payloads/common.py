"""The building blocks of every payload: rounding at the edge, nutrients, the person, errors."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from magnerve.domain.foods import NUTRIENT_KEYS

if TYPE_CHECKING:
    from magnerve.domain.person import Person
    from magnerve.errors import MagnerveError

DECIMALS = 3


def num(value: float | None, decimals: int = DECIMALS) -> float | None:
    return None if value is None else round(float(value), decimals)


def nutrients(values: dict[str, float | None] | Any) -> dict[str, float | None]:
    return {k: num(values.get(k)) for k in NUTRIENT_KEYS}


def person(p: Person) -> dict[str, Any]:
    return {"handle": p.handle, "display_name": p.display_name, "is_example": p.is_example}


def error(exc: MagnerveError) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "ok": False,
        "error": exc.message,
        "errors": [{"field": e.field, "message": e.message} for e in exc.errors],
        "code": exc.code,
    }
    if exc.hint:
        payload["hint"] = exc.hint
    payload.update(exc.details)
    return payload
