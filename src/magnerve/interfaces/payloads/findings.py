"""Safety findings (``check``) and the day plan with its build-up (``plan``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from magnerve.interfaces.payloads.common import num

if TYPE_CHECKING:
    from magnerve.domain.safety import Finding
    from magnerve.services.plan import PlanResult
    from magnerve.services.safety import CheckResult


def finding(f: Finding) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "id": f.id,
        "rule_id": f.rule_id,
        "severity": f.severity,
        "category": f.category,
        "basis": f.basis,
        "title": f.title,
        "detail": f.detail,
        "action": f.action,
        "clinician_detail": f.clinician_detail,
        "involves": list(f.involves),
        "citations": [{"id": c.id, "title": c.title, "locator": c.locator} for c in f.citations],
    }
    if f.separation_hours is not None:
        payload["separation_hours"] = {
            "mg_before_drug": f.separation_hours.mg_before_drug,
            "mg_after_drug": f.separation_hours.mg_after_drug,
        }
    return payload


def check(result: CheckResult) -> dict[str, Any]:
    """``check``: every finding for the day, most serious first."""
    return {"date": result.day.isoformat(), "findings": [finding(f) for f in result.findings]}


def plan(result: PlanResult) -> dict[str, Any]:
    """``plan``: when to take magnesium around medicines and meals, and how to build up."""
    p = result.day_plan
    return {
        "date": result.day.isoformat(),
        "daily_elemental_mg": num(result.daily_elemental_mg),
        "schedule": [
            {
                "time": slot.time,
                "items": [
                    {
                        "kind": i.kind,
                        "name": i.name,
                        "ingredient": i.ingredient,
                        "elemental_mg": num(i.elemental_mg),
                        "note": i.note,
                    }
                    for i in slot.items
                ],
            }
            for slot in p.schedule
        ],
        "titration": [
            {
                "from": s.from_date.isoformat(),
                "elemental_mg_per_day": num(s.elemental_mg_per_day),
                "note": s.note,
            }
            for s in result.titration
        ],
        "conflicts": [
            {
                "rule": c.rule,
                "ingredients": list(c.ingredients),
                "unplaced_doses": c.unplaced_doses,
                "unplaced_mg": num(c.unplaced_mg),
                "message": c.message,
            }
            for c in p.conflicts
        ],
        "notes": list(p.notes),
    }
