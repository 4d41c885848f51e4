"""Lab results, the eGFR calculator and the lab schedule (``lab …``, ``egfr``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from magnerve.interfaces.payloads.common import num

if TYPE_CHECKING:
    from magnerve.domain.lab_history import LabResult
    from magnerve.services.labs import AddedLab, EgfrAnswer, LabSchedule

EGFR_EQUATION = "CKD-EPI 2021"
EGFR_UNIT = "mL/min/1.73m2"


def lab(r: LabResult) -> dict[str, Any]:
    return {
        "id": r.id,
        "analyte": r.analyte,
        "date": r.local_date.isoformat(),
        "value": num(r.value),
        "unit": r.unit,
        "canonical_value": num(r.canonical_value),
        "canonical_unit": r.canonical_unit,
        "flag": r.flag,
        "derived_from_id": r.derived_from_id,
    }


def lab_added(added: AddedLab) -> dict[str, Any]:
    """``lab add``: the result, what it means, and the eGFR a creatinine gave (when it did)."""
    payload: dict[str, Any] = {"lab": lab(added.result), "notes": list(added.reading.notes)}
    if added.egfr is not None:
        payload["egfr"] = {**lab(added.egfr), "stage": added.egfr_stage, "equation": EGFR_EQUATION}
    if added.egfr_note:
        payload["notes"].append(added.egfr_note)
    return payload


def egfr(answer: EgfrAnswer) -> dict[str, Any]:
    """``egfr``: the calculator."""
    return {
        "egfr": round(answer.egfr, 1),
        "stage": answer.stage,
        "equation": EGFR_EQUATION,
        "unit": EGFR_UNIT,
    }


def lab_schedule(result: LabSchedule, ics: str | None = None) -> dict[str, Any]:
    """``lab schedule``; ``ics`` is the calendar file written, if any."""
    return {
        "date": result.today.isoformat(),
        "due": [
            {
                "analyte": i.analyte,
                "name": i.name,
                "due_date": i.due_date.isoformat(),
                "status": i.status,
                "reason": i.reason,
                "last_date": i.last_date.isoformat() if i.last_date else None,
                "baseline": i.baseline,
                "citations": list(i.citations),
            }
            for i in result.items
        ],
        "ics": ics,
    }
