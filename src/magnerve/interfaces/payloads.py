"""JSON-ready shapes of results, shared by the CLI's ``--json`` and the web API.

The keys here are a contract (see the issues and docs/cli.md); tests pin them.
Numbers are rounded only here, at the edge, to hide float noise; the domain keeps full precision.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from magnerve.domain.foods import NUTRIENT_KEYS

if TYPE_CHECKING:
    from magnerve.domain.diary import DiaryValue
    from magnerve.domain.foods import Food
    from magnerve.domain.intake import IntakeEntry
    from magnerve.domain.patient import Profile, Targets
    from magnerve.domain.person import Person
    from magnerve.domain.regimen import SupplementDose
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


def profile(p: Profile | None, age: int | None) -> dict[str, Any] | None:
    if p is None:
        return None
    return {
        "age": age,
        "birth_date": p.birth_date.isoformat() if p.birth_date else None,
        "sex": p.sex.value if p.sex else None,
        "pregnant": p.pregnant,
        "lactating": p.lactating,
        "diabetes": p.diabetes.value if p.diabetes else None,
        "timezone": p.timezone,
    }


def targets(t: Targets | None) -> dict[str, Any] | None:
    if t is None:
        return None
    return {
        "magnesium_rda_mg": num(t.magnesium_rda_mg),
        "magnesium_rda_kind": t.magnesium_rda_kind,
        "magnesium_supplement_ul_mg": num(t.magnesium_supplement_ul_mg),
        "vitamin_b12_rda_ug": num(t.vitamin_b12_rda_ug),
        "life_stage": t.life_stage,
        "citations": list(t.citations),
    }


def entry(e: IntakeEntry) -> dict[str, Any]:
    return {
        "id": e.id,
        "food_id": e.food_id,
        "description": e.description,
        "date": e.local_date.isoformat(),
        "meal": e.meal.value,
        "amount": num(e.amount),
        "unit": e.unit,
        "portion_label": e.portion_label,
        "grams": num(e.grams),
        "input_text": e.input_text,
        "nutrients": nutrients(dict(e.nutrients)),
        "food_data_version": e.food_data_version,
    }


def food(f: Food) -> dict[str, Any]:
    return {
        "id": f.id,
        "description": f.description,
        "source": f.source,
        "category": f.category,
        "nutrients_per_100g": nutrients(dict(f.nutrients_per_100g)),
        "portions": [{"label": p.label, "grams": num(p.grams)} for p in f.portions],
    }


def dose(d: SupplementDose) -> dict[str, Any]:
    """A logged supplement dose (``log supplement``, ``log doses``)."""
    return {
        "id": d.id,
        "product_id": d.product_id,
        "name": d.product_name,
        "form": d.form_id,
        "date": d.local_date.isoformat(),
        "time": d.local_time,
        "servings": num(d.servings),
        "elemental_mg": num(d.elemental_mg),
        "b12_ug": num(d.b12_ug),
        "ala_mg": num(d.ala_mg),
    }


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
