"""A person's profile, the targets that follow from it, and their regimen settings."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from magnerve.interfaces.payloads.common import num, person

if TYPE_CHECKING:
    from magnerve.domain.patient import Profile, Targets
    from magnerve.services.profile import ProfileView


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


def profile_view(view: ProfileView) -> dict[str, Any]:
    """``profile show`` and ``profile set``."""
    return {
        "person": person(view.person),
        "profile": profile(view.profile, view.age),
        "targets": targets(view.targets),
        "regimen": {
            "breakfast_time": view.regimen.breakfast_time,
            "lunch_time": view.regimen.lunch_time,
            "dinner_time": view.regimen.dinner_time,
            "magnesium_target_mg": num(view.regimen.magnesium_target_mg),
            "magnesium_prescribed_mg": num(view.regimen.magnesium_prescribed_mg),
            "lab_interval_months": view.regimen.lab_interval_months,
        },
    }
